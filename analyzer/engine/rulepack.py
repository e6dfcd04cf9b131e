"""Rule packs: YAML files (one rule each) checked against ``rules/schema.json``, macros spliced in.

Loading needs no NLP model: patterns are expanded into plain spaCy Matcher pattern lists here and only
compiled into matchers by ``kiyaku.analyzer.engine``. See ``rules/README.md`` for the format.
"""
from __future__ import annotations

import errno
import functools
import hashlib
import itertools
import json
import stat
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import jsonschema
import yaml

from kiyaku.analyzer.errors import RulePackError
from kiyaku.analyzer.nlp import TERMS_ATTR

ENGINE_VERSION = "kiyaku-engine/5"  # 2: with/without conditions, definition items inert; 3: lead/items scopes;
# 4: document scope (adjustments); 5: every `applies_if` condition must hold (keys "rule|k")
MACRO_FILE = "macros.yaml"
NOT_RULES = (MACRO_FILE, "categories.yaml")  # data beside the packs, not rules
SCOPES = ("sentence", "clause", "unit", "lead", "items", "article", "document")


@dataclass
class Condition:
    """A requirement, a cancel (``unless``) or a severity change (``adjust``).

    ``also`` (YAML ``with``) and ``but_not`` (YAML ``without``) are further conditions, each with its own
    scope, that must also hold / must not hold: 「事前に通知」 counts as advance notice only *without*
    「することなく」 in the sentence; a recipient lowers a disclosure only *with* the user's choice of it.
    """

    patterns: list[list[dict]]
    phrases: list[str]
    scope: str = "sentence"
    at_anchor: bool = False
    severity: str | None = None
    why: str = ""
    also: list[Condition] = field(default_factory=list)
    but_not: list[Condition] = field(default_factory=list)


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    title: str
    explanation: str
    refs: list[str]
    path: str
    type: str = "match"
    patterns: list[list[dict]] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    requires: list[Condition] = field(default_factory=list)
    unless: list[Condition] = field(default_factory=list)
    adjust: list[Condition] = field(default_factory=list)
    extract: list[str] = field(default_factory=list)
    dependency: list[list[dict]] = field(default_factory=list)
    applies_if: list[Condition] = field(default_factory=list)  # absence rules: only if the document has one
    examples: dict = field(default_factory=dict)

    @property
    def reads_lead(self) -> bool:
        """Rules that read an item together with the paragraph that lists it (a condition with scope ``lead``)."""
        return any(c.scope == "lead" for c in self.requires)

    @property
    def needs_parse(self) -> bool:
        """Rules whose decision or extraction reads the dependency parse."""
        return bool(self.dependency) or "recipients" in self.extract


@dataclass
class RuleSet:
    rules: list[Rule]
    version: str
    terms: dict[str, list[str]] = field(default_factory=dict)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# ---------------------------------------------------------------------------------------------- files


def bundled_dir() -> Path:
    return Path(str(files("kiyaku.rules")))


@functools.cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((bundled_dir() / "schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


# A rule file is a page of YAML (the largest bundled one is under 40 KB); a pack, a few hundred of them.
MAX_RULE_FILE = 1024 * 1024
MAX_PACK = 16 * 1024 * 1024


def _rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in _yaml_files(directory) if p.name not in NOT_RULES and not p.name.startswith("."))


def _yaml_files(directory: Path) -> list[Path]:
    """The ``*.yaml`` files of a pack, each checked before anything reads it: a regular file (not a
    device, a FIFO or a dangling or looping link) under ``MAX_RULE_FILE``, all of them under ``MAX_PACK``."""
    paths = sorted(directory.rglob("*.yaml"))
    total = 0
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            raise RulePackError(str(path), "a dangling symbolic link (its target does not exist)") from None
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise RulePackError(str(path), "a symbolic link loop") from None
            raise RulePackError(str(path), f"cannot read: {err.strerror or err}") from None
        if not stat.S_ISREG(st.st_mode):
            raise RulePackError(str(path), "not a regular file (a device, FIFO or directory): only YAML files are read")
        if st.st_size > MAX_RULE_FILE:
            raise RulePackError(str(path), f"larger than the {MAX_RULE_FILE // 1024} KB limit for a rule file")
        total += st.st_size
        if total > MAX_PACK:
            raise RulePackError(str(directory), f"rule packs larger than the {MAX_PACK // (1024 * 1024)} MB limit")
    return paths


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _read_yaml(path: Path) -> tuple[object, yaml.Node | None, str]:
    try:
        with open(path, "rb") as handle:  # bounded: the file was checked, but may have grown since
            raw = handle.read(MAX_RULE_FILE + 1)
        if len(raw) > MAX_RULE_FILE:
            raise RulePackError(str(path), f"larger than the {MAX_RULE_FILE // 1024} KB limit for a rule file")
        text = raw.decode("utf-8")
    except OSError as err:
        raise RulePackError(str(path), f"cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise RulePackError(str(path), "cannot read: not UTF-8") from None
    try:
        _refuse_aliases(path, text)
        data = yaml.load(text, Loader=_LOADER)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise RulePackError(str(path), f"YAML error: {problem}", mark.line + 1 if mark else None) from None
    return data, node, text


def _refuse_aliases(path: Path, text: str) -> None:
    """Anchors and aliases (``&a`` / ``*a``) are refused: nested, a few lines expand to billions of
    nodes in whatever walks or prints them. Rule files have no need of them (macros do the sharing)."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise RulePackError(str(path), "YAML aliases (*name) are not allowed in rule packs; use a macro",
                                event.start_mark.line + 1)


def _refuse_risky_regexes(path: Path, data: object, node) -> None:
    """A ``REGEX`` value that can backtrack catastrophically is refused when the pack is loaded: spaCy
    runs it with Python's ``re`` on every token, and one long token would hang the analysis."""
    from kiyaku.analyzer.regex_safety import risk

    def walk(value, where):
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "REGEX" and isinstance(sub, str):
                    why = risk(sub)
                    if why:
                        raise RulePackError(str(path), f"REGEX {sub[:80]!r}: {why}; rewrite it without nested or "
                                                       "adjacent quantifiers", _line_of(node, where))
                walk(sub, where + [key])
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, where + [i])

    walk(data, [])


def _line_of(node: yaml.Node | None, where: list) -> int | None:
    """1-based line of the key or element at ``where`` (a JSON path) in a composed YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in where:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


# --------------------------------------------------------------------------------------------- macros


@dataclass
class _Macros:
    sequences: dict[str, list[list[dict]]] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)
    vocabularies: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # name -> (file, line)


def _load_macros(path: Path, into: _Macros) -> None:
    data, node, _ = _read_yaml(path)
    if data is None:
        return
    if not isinstance(data, dict) or set(data) - {"macros", "terms", "vocabularies"}:
        raise RulePackError(str(path), "a macro file holds only `macros:`, `terms:` and `vocabularies:` mappings", 1)
    for name, alternatives in (data.get("macros") or {}).items():
        line = _line_of(node, ["macros", name])
        ok = isinstance(alternatives, list) and alternatives and all(
            isinstance(alt, list) and all(isinstance(t, dict) for t in alt) for alt in alternatives
        )
        if not ok:
            raise RulePackError(str(path), f"macro `{name}` must be a list of token sequences", line)
        into.sequences[name] = alternatives
        into.lines[name] = (str(path), line)
    for name, words in (data.get("terms") or {}).items():
        line = _line_of(node, ["terms", name])
        if not isinstance(words, list) or not words or not all(isinstance(w, (str, int)) for w in words):
            raise RulePackError(str(path), f"term list `{name}` must be a list of words", line)
        into.terms[name] = [str(w) for w in words]
        into.lines[name] = (str(path), line)
    for name, words in (data.get("vocabularies") or {}).items():
        line = _line_of(node, ["vocabularies", name])
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise RulePackError(str(path), f"vocabulary `{name}` must be a list of words", line)
        into.vocabularies[name] = list(words)


@functools.cache
def _bundled_vocabularies() -> dict[str, frozenset[str]]:
    macros = _Macros()
    _load_macros(bundled_dir() / MACRO_FILE, macros)
    return {name: frozenset(words) for name, words in macros.vocabularies.items()}


def vocabulary(name: str) -> frozenset[str]:
    """A word list the engine's code reads: ``vocabularies:`` of the bundled ``macros.yaml``.

    They are part of the rule packs' version (the file is hashed into it), so a change re-analyses cached
    articles; they live beside the term lists so that whoever edits vocabulary finds all of it in one file.
    """
    return _bundled_vocabularies()[name]


class _Unknown(Exception):
    def __init__(self, what: str):
        self.what = what


def _expand_token(token: dict, macros: _Macros, depth: int) -> list[list[dict]]:
    """A token of a rule pattern → its alternative token sequences."""
    if "MACRO" in token:
        name = token["MACRO"]
        if name not in macros.sequences:
            raise _Unknown(f"unknown macro `{name}`")
        if depth > 5:
            raise _Unknown(f"macro `{name}` nests too deep")
        alternatives = [seq for alt in macros.sequences[name] for seq in _expand_pattern(alt, macros, depth + 1)]
        if token.get("OP") == "?":
            alternatives.append([])
        return alternatives
    if "TERM" in token:
        name = token["TERM"]
        if name not in macros.terms:
            raise _Unknown(f"unknown term list `{name}`")
        op = "*" if token.get("OP") in ("?", "*") else "+"
        # other keys narrow the term's tokens: {TERM: data-nouns, LEMMA: {NOT_IN: [情報]}} is a specific kind of data
        extra = {k: v for k, v in token.items() if k not in ("TERM", "OP")}
        return [[{"_": {TERMS_ATTR: {"INTERSECTS": [name]}}, **extra, "OP": op}]]
    return [[dict(token)]]


def _expand_pattern(pattern: list[dict], macros: _Macros, depth: int = 0) -> list[list[dict]]:
    options = [_expand_token(t, macros, depth) for t in pattern]
    out = []
    for combo in itertools.product(*options):
        seq = [tok for part in combo for tok in part]
        if seq:
            out.append(seq)
    return out


def _expand_all(patterns: list[list[dict]], macros: _Macros) -> list[list[dict]]:
    return [seq for p in patterns for seq in _expand_pattern(p, macros)]


# ---------------------------------------------------------------------------------------------- rules


def _condition(raw: dict, macros: _Macros, default_scope: str) -> Condition:
    return Condition(
        patterns=_expand_all(raw.get("patterns", []), macros),
        phrases=[str(p) for p in raw.get("phrases", [])],
        scope=raw.get("scope", default_scope),
        at_anchor=raw.get("at") == "anchor",
        severity=raw.get("severity"),
        why=raw.get("why", ""),
        also=[_condition(sub, macros, "sentence") for sub in raw.get("with", [])],
        but_not=[_condition(sub, macros, "sentence") for sub in raw.get("without", [])],
    )


def _build_rule(path: Path, data: dict, node: yaml.Node, macros: _Macros) -> Rule:
    where: list = []
    try:
        where = ["patterns"]
        patterns = _expand_all(data.get("patterns", []), macros)
        conditions = {}
        for key, scope in (("requires", "sentence"), ("unless", "sentence"), ("adjust", "clause"), ("applies_if", "sentence")):
            conditions[key] = []
            for i, raw in enumerate(data.get(key, [])):
                where = [key, i]
                if raw.get("scope") == "document" and key != "adjust":
                    raise _Unknown("scope document is for adjust conditions only")
                conditions[key].append(_condition(raw, macros, scope))
    except _Unknown as err:
        raise RulePackError(str(path), err.what, _line_of(node, where)) from None
    return Rule(
        id=data["id"],
        category=data["category"],
        severity=data["severity"],
        title=data["title"],
        explanation=" ".join(str(data["explanation"]).split()),
        refs=list(data["refs"]),
        path=str(path),
        type=data.get("type", "match"),
        patterns=patterns,
        phrases=[str(p) for p in data.get("phrases", [])],
        requires=conditions["requires"],
        unless=conditions["unless"],
        adjust=conditions["adjust"],
        applies_if=conditions["applies_if"],
        extract=list(data.get("extract", [])),
        dependency=list(data.get("dependency", [])),
        examples=data["examples"],
    )


def _validate(path: Path, data: object, node: yaml.Node | None) -> dict:
    if not isinstance(data, dict):
        raise RulePackError(str(path), "a rule file must be a YAML mapping (id, category, severity, …)", 1)
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = max(errors, key=lambda e: len(e.absolute_path))
        where = list(err.absolute_path)
        field_name = ".".join(str(p) for p in where) or "(top level)"
        raise RulePackError(str(path), f"schema: {field_name}: {err.message}", _line_of(node, where))
    if data.get("type") == "absence" and data.get("extract"):
        raise RulePackError(str(path), "an absence rule cannot extract recipients or data", _line_of(node, ["extract"]))
    return data


def _pack_dirs(extra_dirs: list[str]) -> list[Path]:
    dirs = [bundled_dir()]
    for d in extra_dirs:
        p = Path(d)
        if not p.is_dir():
            raise RulePackError(d, "is not a directory of rule packs")
        dirs.append(p)
    return dirs


_LOADED: dict[tuple, RuleSet] = {}


def load_ruleset(extra_dirs: list[str] = [], *, bundled: bool = True) -> RuleSet:  # noqa: B006 - read only
    """The bundled packs plus the user's ``--rules`` directories (``bundled=False``: only those).

    Loaded once per process while the files stay as they are (checked by name, size and mtime), so a
    corpus run parses the packs and compiles the matchers once.
    """
    dirs = _pack_dirs(list(extra_dirs))
    stamp = tuple(
        (str(p), st.st_size, st.st_mtime_ns)
        for d in dirs for p in _yaml_files(d) for st in [p.stat()]
    )
    key = (tuple(map(str, dirs)), bundled, stamp)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _load_ruleset(list(extra_dirs), bundled=bundled)
    return _LOADED[key]


def _load_ruleset(extra_dirs: list[str], *, bundled: bool) -> RuleSet:
    dirs = _pack_dirs(list(extra_dirs))
    if not bundled:
        dirs = dirs[1:]
    macros = _Macros()
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    if not bundled:  # user packs still see the shared macros
        _load_macros(bundled_dir() / MACRO_FILE, macros)
        digest.update((bundled_dir() / MACRO_FILE).read_bytes())
    for d in dirs:
        macro_path = d / MACRO_FILE
        if macro_path.is_file():
            _load_macros(macro_path, macros)
            digest.update(b"\0macros\0" + macro_path.read_bytes())
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for d in dirs:
        for path in _rule_files(d):
            data, node, text = _read_yaml(path)
            data = _validate(path, data, node)
            _refuse_risky_regexes(path, data, node)
            if data["id"] in seen:
                raise RulePackError(str(path), f"rule id `{data['id']}` already used by {seen[data['id']]}", _line_of(node, ["id"]))
            seen[data["id"]] = str(path)
            rules.append(_build_rule(path, data, node, macros))
            digest.update(b"\0" + path.relative_to(d).as_posix().encode() + b"\0" + text.encode("utf-8"))
    rules.sort(key=lambda r: r.id)
    return RuleSet(rules=rules, version=digest.hexdigest()[:16], terms=dict(sorted(macros.terms.items())))
