"""The risk timeline of a terms file across its git history (``kiyaku history FILE``).

Every committed version (``git log --follow``, so renames are followed) is read with ``git show`` into
memory, loaded and analysed like any document, and compared with the version before it by the same
clause-by-clause matching as ``kiyaku diff``: which risks arrived, which left, which changed severity or moved.
Nothing in the working tree is touched.

The lines of a version add up to its count: the previous count, plus the ``+`` lines (new findings) and
the ``=+`` lines (the same words, flagged only now), minus the ``-`` and ``=-`` lines, is this version's count.
``↑``/``↓`` (severity), ``→`` (moved) and ``↗`` (an old risk widened: a new recipient, or a new case in its
list) change no count.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.model import Analysis, Finding, Source
from kiyaku.reports.compare.diff import Diff, diff
from kiyaku.reports.compare.revision import GitFailed
from kiyaku.reports.compare.revision import git as _git

HISTORY_SCHEMA = "kiyaku/history@1"
_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass
class Version:
    """One committed version and what it changed relative to the version before it."""

    commit: str
    date: str  # author date, ISO 8601
    author: str
    subject: str
    path: str  # the file's path in that commit (it may have been renamed since)
    analysis: Analysis
    delta: Diff | None = None  # None for the first version

    @property
    def arrived(self) -> list[Finding]:
        """Findings this version's analysis has and the one before had no counterpart for."""
        if self.delta is None:
            return sorted(self.analysis.findings, key=Finding.sort_key)
        return [a.finding for a in self.delta.added if a.is_new_finding]

    @property
    def widened(self) -> list:
        return [a for a in self.delta.added if not a.is_new_finding] if self.delta else []

    @property
    def left(self) -> list[Finding]:
        return list(self.delta.removed) if self.delta else []

    def to_dict(self) -> dict:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "subject": self.subject,
            "path": self.path,
            "sha256": self.analysis.source.sha256,
            "findings": len(self.analysis.findings),
            "arrived": [f.to_dict() for f in self.arrived] if self.delta is None else [
                a.to_dict() for a in self.delta.added if a.is_new_finding],
            "widened": [a.to_dict() for a in self.widened],
            "left": [f.to_dict() for f in self.left],
            "changed": [c.to_dict() for c in self.delta.changed] if self.delta else [],
            "moved": [{"before": o.to_dict(), "after": n.to_dict()} for o, n in self.delta.moved] if self.delta else [],
            "flagged_only_now": [f.to_dict() for f in self.delta.unflagged_new] if self.delta else [],
            "flagged_only_before": [f.to_dict() for f in self.delta.unflagged_old] if self.delta else [],
            "articles": [r.to_dict() for r in self.delta.articles if r.status != "unchanged"] if self.delta else [],
        }


@dataclass
class Timeline:
    path: str
    versions: list[Version] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"schema": HISTORY_SCHEMA, "path": self.path, "versions": [v.to_dict() for v in self.versions]}


def _commits(path: str) -> tuple[Path, list[tuple[str, str, str, str, str]]]:
    """(repository root, [(commit, date, author, subject, path in that commit)] oldest first)."""
    target = Path(path).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise InputError(path, "no such directory, so no git history to read")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder, path).decode("utf-8").strip())
    except GitFailed:
        raise InputError(path, "is not inside a git repository") from None
    rel = os.path.relpath(target.resolve() if target.exists() else folder.resolve() / target.name, top.resolve())
    fmt = f"{_RECORD}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s"
    try:
        out = _git(["log", "--follow", "--name-only", f"--format={fmt}", "--", rel], top, path)
    except GitFailed as err:
        raise InputError(path, f"cannot read its git history ({err})") from None
    commits = []
    for record in out.decode("utf-8", "replace").split(_RECORD):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        fields = header.split(_FIELD)
        files = [line for line in names.splitlines() if line.strip()]
        if len(fields) != 4 or not files:  # a merge without its own change of the file
            continue
        commits.append((*fields, files[-1]))
    if not commits:
        raise InputError(path, "has never been committed to git, so it has no history")
    commits.reverse()
    return top, commits


def load_version(data: bytes, name: str, commit: str) -> Source:
    """A committed version's bytes, read by the loader as the file ``name`` (errors name the commit too)."""
    from kiyaku.analyzer.load import load_bytes

    return load_bytes(data, name, f"{name} ({commit[:10]})")


def history(path: str, *, rules=(), cache: bool = True, thorough: bool = False) -> Timeline:
    """Walk the git history of a terms file and diff each version with the one before."""
    from kiyaku.analyzer.pipeline import analyze_source

    top, commits = _commits(path)
    timeline = Timeline(path=path)
    previous: Analysis | None = None
    for commit, date, author, subject, rel in commits:
        try:
            data = _git(["show", f"{commit}:{rel}"], top, path)
        except GitFailed:  # the commit deleted the file
            continue
        source = load_version(data, rel, commit)
        if previous is not None and previous.source.sha256 == source.sha256:
            analysis = Analysis(source, previous.document, previous.findings, previous.rules_version)
        else:
            analysis = analyze_source(source, rules=rules, cache=cache, thorough=thorough)
        delta = diff(previous, analysis) if previous is not None else None
        timeline.versions.append(Version(commit, date, author, subject, rel, analysis, delta))
        previous = analysis
    if not timeline.versions:
        raise InputError(path, "has no readable committed version in git")
    return timeline
