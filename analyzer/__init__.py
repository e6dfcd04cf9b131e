"""kiyaku: annotate the risky clauses of Japanese terms of use (利用規約).

    >>> from analyzer import analyze
    >>> result = analyze("terms.txt")
    >>> [(f.article, f.category, f.severity) for f in result.findings]
"""
from analyzer.errors import InputError, KiyakuError, RulePackError, UsageError
from analyzer.model import Analysis, Document, Finding, Node, Source

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
    """See :func:`analyzer.pipeline.analyze`."""
    from analyzer.pipeline import analyze as _analyze

    return _analyze(path, **options)
