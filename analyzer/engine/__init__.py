"""The rule engine: a Document and a RuleSet in, Findings out (``find``); ``find_in_text`` for a bare text."""

from kiyaku.analyzer.engine.document import absence_finding, find, find_in_text, provision_passage

__all__ = ["absence_finding", "find", "find_in_text", "provision_passage"]
