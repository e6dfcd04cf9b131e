"""Which regular expressions can backtrack catastrophically: a static check of the parsed pattern.

Python's ``re`` backtracks. Two shapes make it super-linear on a long run of one character:
- a repeat inside a repeat that can match the same text in several ways (``(a+)+``, ``(\\s*x?)*``):
  exponential;
- unbounded repeats one after another whose characters overlap (``\\s*(?:\\s{2,}|-+)\\s*\\d``), which
  try every way of sharing a run between them: polynomial, of the degree of their number, and one
  more when the pattern is searched at every position.
A repeat whose body must pass a character its inner repeats cannot match (``(?:\\s*の\\s*\\d)*``) and
repeats separated by a mandatory character neither matches are safe. The check is conservative: it may
refuse a pattern that is in fact linear, never accept one of the two shapes above.

``risk(pattern)`` is used on user rule packs' ``REGEX`` values when they are loaded, and by a test on
every regex the project bundles.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_UNBOUNDED = _c.MAXREPEAT
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT) + ((_c.POSSESSIVE_REPEAT,) if hasattr(_c, "POSSESSIVE_REPEAT") else ())
# Characters tried against two character classes to see whether they overlap: the usual suspects of a
# long run (spaces, leaders, punctuation, digits, letters, kana, kanji) plus every literal and range end
# the pattern names.
_PROBES = " \t\u3000\u00a0\n.．…・‥─—―-_0０9aZzあア漢。、（）()「」*+#=~"


def risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None if it cannot (or does not parse)."""
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        return None
    probes = set(_PROBES) | _named_chars(tree)
    return _walk(list(tree), probes)


def _named_chars(items) -> set[str]:
    out: set[str] = set()
    for op, av in _items(items):
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE:
            out.update((chr(av[0]), chr(av[1])))
    return out


def _items(items):
    """Every (op, av) in a parsed tree, depth first."""
    for op, av in items:
        yield op, av
        if op in _REPEATS:
            yield from _items(av[2])
        elif op is _c.SUBPATTERN:
            yield from _items(av[-1])
        elif op is _c.BRANCH:
            for alt in av[1]:
                yield from _items(alt)
        elif op is _c.IN:
            yield from av
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _items(av[1])
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            yield from _items(av)


def _walk(seq: list, probes: set[str]) -> str | None:
    """Check one sequence and everything inside it."""
    for op, av in seq:
        if op in _REPEATS:
            body = list(av[2])
            if av[1] > 1 and _has_loose_repeat(body, probes):
                return "a repeated group holds a repeat that can match the same text (nested quantifiers)"
            if av[1] > 1 and (_overlapping_alternatives(body, probes) or _ambiguous_iterations(av[2], probes)):
                return "a repeated group can split the same text into iterations in several ways"
            found = _walk(body, probes)
        elif op is _c.SUBPATTERN:
            found = _walk(list(av[-1]), probes)
        elif op is _c.BRANCH:
            found = next((f for alt in av[1] if (f := _walk(list(alt), probes))), None)
        else:
            found = None
        if found:
            return found
    return _adjacent(seq, probes)


def _ambiguous_iterations(body, probes: set[str]) -> bool:
    """``(aa|a)+``: a body of varying length that can end with what it starts with."""
    low, high = body.getwidth()
    if low == high:
        return False
    items = list(body)
    if len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][-1])
    if len(items) == 1 and items[0][0] is _c.BRANCH and _prefix_free(items[0][1][1]):
        return False  # (?:本規約は|は|が)+: words of which none begins another split a text one way only
    if len(items) == 1 and items[0][0] is _c.BRANCH:  # (?:[^"\\]|\\.)*: each iteration's first character
        alternatives = items[0][1][1]                 # picks one fixed-width branch: one way only
        firsts = [_edge(list(alt), probes, first=True) for alt in alternatives]
        disjoint = not any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1:])
        if disjoint and all(alt.getwidth()[0] == alt.getwidth()[1] for alt in alternatives):
            return False
    return bool(_edge(items, probes, first=True) & _edge(items, probes, first=False))


def _prefix_free(alternatives) -> bool:
    words = []
    for alt in alternatives:
        if not all(op is _c.LITERAL for op, _ in alt):
            return False
        words.append("".join(chr(av) for _, av in alt))
    return all(not b.startswith(a) for a in words for b in words if a is not b) and len(set(words)) == len(words)


def _overlapping_alternatives(body: list, probes: set[str]) -> bool:
    """``(\\w|\\d)+``: each character can be taken by either branch, 2^n ways to fail."""
    for op, av in body:
        if op is _c.SUBPATTERN:
            if _overlapping_alternatives(list(av[-1]), probes):
                return True
        elif op is _c.BRANCH and _prefix_free(av[1]):
            continue  # literal words none of which begins another: one way to read any text
        elif op is _c.BRANCH:
            firsts = [_edge(list(alt), probes, first=True) for alt in av[1]]
            if any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1:]):
                return True
    return False


def _has_loose_repeat(body: list, probes: set[str]) -> bool:
    """Does the body of a repeat hold an unbounded repeat that nothing mandatory separates from itself?"""
    inner = [av for op, av in _items(body) if op in _REPEATS and av[1] == _UNBOUNDED]
    if not inner:
        return False
    inner_chars = set().union(*(_chars(list(av[2]), probes) for av in inner))
    for op, av in body:  # a mandatory character the inner repeats cannot take anchors each iteration
        if op in (_c.LITERAL, _c.IN, _c.NOT_LITERAL):
            if not (_chars([(op, av)], probes) & inner_chars):
                return False
    return True


def _adjacent(seq: list, probes: set[str]) -> str | None:
    """Unbounded repeats in a row over overlapping characters, with nothing mandatory between them
    that one of them cannot take."""
    run: list[set[str]] = []  # characters of the unbounded repeats that can still reach this point
    for op, av in seq:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        heads, tails, nullable = _ends(op, av, probes)
        if any(h & r for h in heads for r in run):
            return "unbounded repeats in a row can share the same characters (adjacent quantifiers)"
        if nullable:
            run = run + heads + tails
        elif op in (_c.LITERAL, _c.IN, _c.NOT_LITERAL, _c.ANY):
            chars = _chars([(op, av)], probes)  # one mandatory character: a repeat that can take it passes
            run = [r for r in run if r & chars]
        else:
            run = list(tails)
    return None


def _ends(op, av, probes: set[str]) -> tuple[list[set[str]], list[set[str]], bool]:
    """(the unbounded repeats a match can start with, those it can end with, can it match nothing)."""
    if op in _REPEATS:
        lo, hi, body = av[0], av[1], list(av[2])
        heads, tails, nullable = _seq_ends(body, probes)
        if hi == _UNBOUNDED:
            # iterations absorb a run of a character only if the body can both start and end with it
            # (「\.[0-9]+」 repeated cannot take a run of digits that the repeat before it takes)
            loop = _edge(body, probes, first=True) & _edge(body, probes, first=False)
            if loop:
                heads, tails = heads + [loop], tails + [loop]
        return heads, tails, lo == 0 or nullable
    if op is _c.SUBPATTERN:
        return _seq_ends(list(av[-1]), probes)
    if op is _c.BRANCH:
        heads, tails, nullable = [], [], False
        for alt in av[1]:
            h, t, n = _seq_ends(list(alt), probes)
            heads += h
            tails += t
            nullable = nullable or n
        return heads, tails, nullable
    if op in (_c.LITERAL, _c.IN, _c.NOT_LITERAL, _c.ANY):
        return [], [], False
    return [], [], True  # anchors, assertions, back-references: treated as empty


def _edge(seq: list, probes: set[str], first: bool) -> set[str]:
    """The characters a match of ``seq`` can start with (``first``) or end with."""
    out: set[str] = set()
    for op, av in (seq if first else reversed(seq)):
        if op in _REPEATS:
            out |= _edge(list(av[2]), probes, first)
        elif op is _c.SUBPATTERN:
            out |= _edge(list(av[-1]), probes, first)
        elif op is _c.BRANCH:
            for alt in av[1]:
                out |= _edge(list(alt), probes, first)
        else:
            out |= _chars([(op, av)], probes)
        if not _ends(op, av, probes)[2]:
            break
    return out


def _seq_ends(seq: list, probes: set[str]) -> tuple[list[set[str]], list[set[str]], bool]:
    ends = [_ends(op, av, probes) for op, av in seq]
    heads: list[set[str]] = []
    for h, _, n in ends:
        heads += h
        if not n:
            break
    tails: list[set[str]] = []
    for _, t, n in reversed(ends):
        tails += t
        if not n:
            break
    return heads, tails, all(n for _, _, n in ends)


def _chars(items: list, probes: set[str]) -> set[str]:
    """The probe characters that the items can match (as any of their characters)."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.NOT_LITERAL:
            out.update(p for p in probes if ord(p) != av)
        elif op is _c.ANY:
            out.update(p for p in probes if p != "\n")
        elif op is _c.IN:
            out.update(p for p in probes if _in_class(p, av))
        elif op in _REPEATS:
            out |= _chars(list(av[2]), probes)
        elif op is _c.SUBPATTERN:
            out |= _chars(list(av[-1]), probes)
        elif op is _c.BRANCH:
            for alt in av[1]:
                out |= _chars(list(alt), probes)
    return out


_CATEGORIES = {
    _c.CATEGORY_DIGIT: str.isdigit,
    _c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _c.CATEGORY_SPACE: str.isspace,
    _c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}


def _in_class(ch: str, members) -> bool:
    negate = False
    hit = False
    for op, av in members:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL and ord(ch) == av:
            hit = True
        elif op is _c.RANGE and av[0] <= ord(ch) <= av[1]:
            hit = True
        elif op is _c.CATEGORY:
            test = _CATEGORIES.get(av)
            if test is None or test(ch):
                hit = True
    return hit != negate
