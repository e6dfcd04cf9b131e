"""Versions of a terms file read straight from git: ``REV:path`` (``HEAD~1:terms/terms.txt``), as git names
a file in a commit, so a CI job can diff without a ``git show > /tmp/…`` step.

As in git, the path after the colon is relative to the repository's top, unless it starts with ``./`` or
``../`` (then it is relative to the current directory). ``since_ref(REF, PATH)`` names the committed version
of a file given by its ordinary path. The bytes are read into memory; nothing in the working tree changes.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.model import Source

# A revision before the colon: no slash-colon or scheme (http://…), no drive letter (C:\…).
_SPEC = re.compile(r"^(?P<rev>[^:\s/\\][^:\s]*):(?P<path>(?!//).+)$")


class GitFailed(Exception):
    pass


def git(args: list[str], cwd: Path, path: str) -> bytes:
    """Run git in ``cwd``; ``path`` names the input in the error when git itself is missing."""
    cmd = ["git", "-c", "core.quotepath=off", "-c", "i18n.logOutputEncoding=UTF-8", *args]
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError(path, "git is not installed, so its history cannot be read") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(message[0] if message else f"git {args[0]} failed")
    return done.stdout


def is_revision(spec: str) -> bool:
    """``REV:path`` that is not a file of that name, a URL or a Windows path."""
    return not os.path.exists(spec) and _SPEC.match(spec) is not None and len(spec.split(":", 1)[0]) > 1


def load_revision(spec: str, encoding: str | None = None) -> Source:
    """The file as committed in a revision, loaded like any document (its name decides its format)."""
    from kiyaku.analyzer.load import load_bytes

    found = _SPEC.match(spec)
    rev, path = found.group("rev"), found.group("path")
    try:
        commit = git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], Path.cwd(), spec).decode().strip()
    except GitFailed:
        raise InputError(spec, f"no such file, and {rev!r} is not a revision of a git repository here") from None
    try:
        data = git(["show", f"{commit}:{path}"], Path.cwd(), spec)
    except GitFailed as err:
        raise InputError(spec, f"not in git at {rev} ({err})") from None
    return load_bytes(data, spec, spec, encoding=encoding)


def since_ref(ref: str, path: str) -> str:
    """The ``REV:path`` spec of ``path`` (an ordinary path, relative to the current directory) at ``ref``."""
    return f"{ref}:./{os.path.relpath(path)}" if not os.path.isabs(path) else f"{ref}:{_from_top(path)}"


def _from_top(path: str) -> str:
    folder = Path(path).parent
    try:
        top = Path(git(["rev-parse", "--show-toplevel"], folder, path).decode("utf-8").strip())
    except GitFailed:
        raise InputError(path, "is not inside a git repository") from None
    return os.path.relpath(Path(path).resolve(), top.resolve())
