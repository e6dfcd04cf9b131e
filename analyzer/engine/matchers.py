"""spaCy matchers compiled from a rule set, run per sentence only where its words can match."""

from __future__ import annotations

from kiyaku.analyzer import nlp
from kiyaku.analyzer.engine.rulepack import Condition, Rule, RuleSet
from kiyaku.analyzer.nlp import TERMS_ATTR


def _requirements(pattern: list[dict]) -> list[frozenset[str]]:
    """For each token the pattern cannot skip, the values one of which it must have (when the pattern says).

    A sentence can match the pattern only if it contains one value of every set, so a pattern whose sets
    are not all met is never run: the matches are exactly those of running every pattern on every sentence.
    """
    out = []
    for tok in pattern:
        op = str(tok.get("OP", ""))
        if op in ("?", "*", "!") or op.startswith("{0") or op.startswith("{,"):
            continue
        values = _token_values(tok)
        if values is not None:
            out.append(values)
    return out


def _token_values(tok: dict) -> frozenset[str] | None:
    for attr, prefix in (("LEMMA", "L"), ("NORM", "N"), ("ORTH", "O"), ("TEXT", "O")):
        value = tok.get(attr)
        if isinstance(value, str):
            return frozenset({f"{prefix}:{value}"})
        if isinstance(value, dict) and "IN" in value:
            return frozenset(f"{prefix}:{v}" for v in value["IN"])
    ext = tok.get("_", {}).get(TERMS_ATTR) if isinstance(tok.get("_"), dict) else None
    if isinstance(ext, dict) and "INTERSECTS" in ext:
        return frozenset(f"T:{v}" for v in ext["INTERSECTS"])
    return None


def _features(doc) -> set[str]:
    """What a sentence contains, in the terms of ``_requirements``."""
    out: set[str] = set()
    for tok in doc:
        out.update((f"L:{tok.lemma_}", f"N:{tok.norm_}", f"O:{tok.text}"))
        out.update(f"T:{name}" for name in tok._.get(TERMS_ATTR) or ())
    return out


class _KeyMatcher:
    """The token and phrase patterns of one key (a rule's anchor or one of its conditions).

    One spaCy Matcher per pattern, each run only on sentences that hold the words it needs: spaCy's
    set predicates (IN, NOT_IN) are evaluated in Python, token by token, so not running a pattern that
    cannot match is most of the engine's speed.
    """

    def __init__(self, parts: list[tuple[object, list[frozenset[str]]]], phrases, phrase_trigger: frozenset[str]):
        self.parts, self.phrases, self.phrase_trigger = parts, phrases, phrase_trigger

    def __call__(self, doc, features: set[str]) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for matcher, needs in self.parts:
            if all(values & features for values in needs):
                found.update((s, e) for _, s, e in matcher(doc))
        if self.phrases is not None and self.phrase_trigger & features:
            found.update((s, e) for _, s, e in self.phrases(doc))
        return sorted(found)


class Matches:
    """A sentence's matches by key, computed on first use: most keys are never asked for most sentences."""

    def __init__(self, doc, keys: dict[str, _KeyMatcher]):
        self.doc, self.keys = doc, keys
        self.features = _features(doc)
        self._done: dict[str, list[tuple[int, int]]] = {}

    def get(self, key: str, default=None):
        if key not in self._done:
            matcher = self.keys.get(key)
            self._done[key] = matcher(self.doc, self.features) if matcher else []
        return self._done[key] or default

    def __contains__(self, key: str) -> bool:
        return bool(self.get(key))


class Compiled:
    """spaCy matchers for one rule set (built once per RuleSet, on the shared vocab).

    One Matcher per key rather than one for all: a sentence runs only the keys that its own words can
    trigger, and only when a rule asks (``Matches``).
    """

    def __init__(self, ruleset: RuleSet):
        from spacy.matcher import DependencyMatcher, PhraseMatcher

        vocab = nlp.vocab()
        self.terms = PhraseMatcher(vocab, attr="LEMMA")
        for name, words in ruleset.terms.items():
            self.terms.add(name, [nlp.tokenize(w) for w in words])
        self.keys: dict[str, _KeyMatcher] = {}
        self.dependency = DependencyMatcher(vocab, validate=True)
        for rule in ruleset.rules:
            self._add(vocab, rule.id + "|a", rule.patterns, rule.phrases, rule)
            for prefix, conditions in (
                ("r", rule.requires),
                ("u", rule.unless),
                ("j", rule.adjust),
                ("p", rule.applies_if),
            ):
                for i, cond in enumerate(conditions):
                    self._add_condition(vocab, f"{rule.id}|{prefix}{i}", cond, rule)
            if rule.dependency:
                try:
                    self.dependency.add(rule.id, rule.dependency)
                except (ValueError, KeyError) as err:
                    from kiyaku.analyzer.errors import RulePackError

                    raise RulePackError(rule.path, f"bad dependency pattern: {err}") from None

    def _add_condition(self, vocab, key: str, cond: Condition, rule: Rule) -> None:
        """A condition's own patterns under ``key``; its ``with`` / ``without`` parts under key+w<k> / key+n<k>."""
        self._add(vocab, key, cond.patterns, cond.phrases, rule)
        for k, sub in enumerate(cond.also):
            self._add_condition(vocab, f"{key}w{k}", sub, rule)
        for k, sub in enumerate(cond.but_not):
            self._add_condition(vocab, f"{key}n{k}", sub, rule)

    def _add(self, vocab, key: str, patterns: list, phrases: list, rule: Rule) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        if not patterns and not phrases:
            return
        parts = []
        for pattern in patterns:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(key, [pattern])
            except (ValueError, KeyError) as err:
                from kiyaku.analyzer.errors import RulePackError

                first = str(err).strip().splitlines()
                raise RulePackError(rule.path, f"bad token pattern: {first[-1] if first else err}") from None
            parts.append((matcher, _requirements(pattern)))
        phrase_matcher, phrase_trigger = None, frozenset()
        if phrases:
            phrase_matcher = PhraseMatcher(vocab, attr="LEMMA")
            docs = [nlp.tokenize(p) for p in phrases]
            phrase_matcher.add(key, docs)
            phrase_trigger = frozenset(f"L:{d[0].lemma_}" for d in docs if len(d))
        self.keys[key] = _KeyMatcher(parts, phrase_matcher, phrase_trigger)

    def run(self, doc) -> Matches:
        strings = doc.vocab.strings
        for match_id, start, end in self.terms(doc):
            name = strings[match_id]
            for tok in doc[start:end]:
                tok._.set(TERMS_ATTR, (tok._.get(TERMS_ATTR) or []) + [name])
        return Matches(doc, self.keys)


def compiled(ruleset: RuleSet) -> Compiled:
    comp = getattr(ruleset, "_compiled", None)
    if comp is None:
        comp = Compiled(ruleset)
        ruleset._compiled = comp  # type: ignore[attr-defined]
    return comp
