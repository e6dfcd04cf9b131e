"""Every bundled regex is linear, and long runs after any heading form do not make structure slow.

The audit parses each regular expression the package compiles or calls with a literal (or a pattern
built from module constants) and refuses nested or adjacent unbounded quantifiers over overlapping
characters (``analyzer.regex_safety``). The fuzz test puts long runs of spaces, leader dots and
punctuation after each heading form; a polynomial regex would not finish on them (400 spaces took
56 s, growing with the fourth power of the run).
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiyaku.analyzer.regex_safety import risk
from kiyaku.analyzer.structure import parse

_RE_CALLS = {"compile", "match", "search", "sub", "subn", "findall", "finditer", "split", "fullmatch"}
PACKAGES = ("kiyaku", "kiyaku.analyzer", "kiyaku.reports")


def bundled_patterns():
    """(where, pattern) for every regex the packages compile or call with a pattern they can build."""
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            if info.name.endswith("__main__"):
                continue  # running it would run the CLI
            module = importlib.import_module(info.name)
            tree = ast.parse(Path(module.__file__).read_text("utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
                        and node.func.attr in _RE_CALLS and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "re"):
                    try:  # literals, and concatenations / f-strings of module constants
                        pattern = eval(compile(ast.Expression(node.args[0]), module.__file__, "eval"), dict(vars(module)))
                    except Exception:
                        continue  # built at run time from a variable: not a bundled constant
                    if isinstance(pattern, str):
                        yield f"{info.name}:{node.lineno}", pattern


def test_the_audit_finds_the_bundled_regexes():
    patterns = dict(bundled_patterns())
    assert len(patterns) > 40
    assert any(where.startswith("kiyaku.analyzer.structure.headings:") for where in patterns)


@pytest.mark.parametrize("where,pattern", list(bundled_patterns()))
def test_bundled_regex_is_linear(where, pattern):
    assert risk(pattern) is None, f"{where}: {risk(pattern)}: {pattern!r}"


@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"(?:\s*x?)*y", r"\s*\s*$", r"[ \t]*(?:[.・ ]{2,}|[ \t]{2,})[ \t]*[0-9]{1,4}[ \t]*$",
    r"^.*foo.*$", r"\s*.\s*$", r"(aa|a)+$", r"(?:x\s*)?\s*y",
])
def test_the_audit_refuses_catastrophic_shapes(pattern):
    assert risk(pattern)


@pytest.mark.parametrize("pattern", [
    r"[0-9]+(?:\.[0-9]+)*\s*$", r"(?:[ \t]*の[ \t]*[0-9]{1,4})*", r"\w+\s+\w+", r"第[0-9]+条", r"a*b*c*$",
    r"[ \t]*(?:[-－][ \t]*)?$",
])
def test_the_audit_accepts_linear_shapes(pattern):
    assert risk(pattern) is None


HEADING_FORMS = [
    "第1条（目的）", "第1条", "【第1条】", "## 第1条 目的", "第1章 総則", "附則", "別表1", "1. 目的", "１．目的",
    "第1 目的", "【1】目的", "(1) 目的", "Article 1.", "2.3 目的", "Ⅱ. 会員情報", "目次", "（目的）", "■ 第1条（目的）",
]
RUNS = [" ", "\u3000", "\t", ".", "．", "…", "・", "‥", "─", "-", "_", "、", "。", "）", "*", "#", " ・"]


@pytest.mark.parametrize("form", HEADING_FORMS)
@pytest.mark.parametrize("run", RUNS)
def test_long_runs_after_each_heading_form(form, run):
    """A run of 5,000 characters after a heading, then text, a page number or the line's end."""
    for tail in ("本文です。", "12", ""):
        text = f"{form}{run * (5000 // len(run))}{tail}\n第2条（定義）\n用語を定義する。\n"
        document = parse(text)
        assert document.parts[0].start == 0 and document.parts[-1].end == len(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HEADING_FORMS), st.lists(st.sampled_from(RUNS + ["あ", "1", "第"]), min_size=1, max_size=6),
       st.integers(200, 3000))
def test_mixed_runs_after_headings(form, pieces, length):
    run = "".join(pieces)
    text = f"{form}{(run * (length // len(run) + 1))[:length]}1\n本文。\n"
    document = parse(text)
    assert document.parts[-1].end == len(text)
