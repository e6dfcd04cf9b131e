"""kiyaku: annotate the risky clauses of Japanese terms of use (利用規約).

    >>> from kiyaku.analyzer import analyze
    >>> result = analyze("terms.txt")
    >>> [(f.article, f.category, f.severity) for f in result.findings]
"""
from kiyaku.analyzer.errors import InputError, KiyakuError, RulePackError, UsageError
from kiyaku.analyzer.model import Analysis, Document, Finding, Node, Source

__all__ = [
    "analyze",
    "Analysis",
    "Document",
    "Finding",
    "Node",
    "Source",
    "KiyakuError",
    "InputError",
    "RulePackError",
    "UsageError",
]


def analyze(path, **options):
    """See :func:`kiyaku.analyzer.pipeline.analyze`."""
    from kiyaku.analyzer.pipeline import analyze as _analyze

    return _analyze(path, **options)
