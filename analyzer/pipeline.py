"""The path of a document: load → structure → rules → Analysis. The library's front door."""
from __future__ import annotations

from typing import Iterable, Iterator

from analyzer.errors import KiyakuError
from analyzer.load import load
from analyzer.model import Analysis, Source
from analyzer.structure import parse


def analyze_source(source: Source, *, rules: Iterable[str] = (), cache: bool = True, thorough: bool = False) -> Analysis:
    """Structure and annotate a document that is already loaded."""
    from analyzer.engine import find
    from analyzer.rulepack import load_ruleset

    ruleset = load_ruleset(list(rules))
    document = parse(source.text, headings=source.headings)
    findings = find(document, ruleset, thorough=thorough, cache=cache)
    return Analysis(source=source, document=document, findings=findings, rules_version=ruleset.version)


def analyze(path: str, *, rules: Iterable[str] = (), cache: bool = True, thorough: bool = False) -> Analysis:
    """Read, structure and annotate one terms document (``-`` for standard input)."""
    return analyze_source(load(path), rules=rules, cache=cache, thorough=thorough)


def analyze_many(paths: Iterable[str], **options) -> Iterator[tuple[str, Analysis | KiyakuError]]:
    """Analyse a corpus; a bad file yields its error instead of stopping the run."""
    for path in paths:
        try:
            yield path, analyze(path, **options)
        except KiyakuError as err:
            yield path, err
