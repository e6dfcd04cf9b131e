"""Hostile or unlucky inputs around the document: rule packs, the cache, the output target, signals and
file names. Each gives exit 2 (or 143 for SIGTERM) and one line naming what is wrong, or, for the cache,
a silent miss; never a traceback, a hang or a half-written file.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.analyzer.cache import ArticleCache, cache_key
from kiyaku.analyzer.engine.rulepack import MAX_RULE_FILE, load_ruleset
from kiyaku.analyzer.errors import RulePackError

CORPORA = Path(str(files("kiyaku.corpora")))
GOV = CORPORA / "gov-portal" / "terms.txt"

# A valid rule: a bundled one under a user id, its first pattern replaced where a test needs it.
def _bundled_rule() -> tuple[str, str]:
    """The first bundled rule file whose first pattern is one flow-style line, and that line."""
    for path in sorted(Path(str(files("kiyaku.rules"))).rglob("*.yaml")):
        lines = path.read_text("utf-8").splitlines()
        if "patterns:" in lines and lines[0].startswith("id: "):
            first = lines[lines.index("patterns:") + 1]
            if first.startswith("  - [") and first.endswith("]"):
                return "\n".join(["id: user.sample", *lines[1:]]) + "\n", first
    raise AssertionError("no bundled rule with a one-line first pattern")


RULE, FIRST_PATTERN = _bundled_rule()


def kiyaku(*args, env=None, timeout=300, **kw):
    return subprocess.run([sys.executable, "-m", "kiyaku", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kw)


def one_line_error(out, *needles):
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    assert len(out.stderr) < 700
    for needle in needles:
        assert needle in out.stderr, out.stderr


# ------------------------------------------------------------------------------------------ rule packs


def test_yaml_alias_bomb_is_refused_with_one_short_line(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(RulePackError, match="aliases"):
        load_ruleset([str(tmp_path)])
    one_line_error(kiyaku("rules", "list", "--rules", str(tmp_path)), "bomb.yaml:2", "aliases")


def test_oversized_rule_file_is_refused(tmp_path):
    (tmp_path / "big.yaml").write_text(RULE + "# " + "x" * MAX_RULE_FILE + "\n", "utf-8")
    one_line_error(kiyaku("rules", "list", "--rules", str(tmp_path)), "big.yaml", "limit for a rule file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_among_the_rule_files_is_named(tmp_path):
    (tmp_path / "ok.yaml").write_text(RULE, "utf-8")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    one_line_error(kiyaku("rules", "list", "--rules", str(tmp_path)), "zero.yaml", "not a regular file")


def test_a_fifo_among_the_rule_files_is_named(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    one_line_error(kiyaku("rules", "list", "--rules", str(tmp_path), timeout=60), "pipe.yaml", "not a regular file")


def test_a_dangling_symlink_in_the_rules_is_named(tmp_path):
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    one_line_error(kiyaku("rules", "list", "--rules", str(tmp_path)), "gone.yaml", "dangling symbolic link")


@pytest.mark.parametrize("regex", ["^(a+)+$", "(\\\\s*x?)*y", "\\\\s*\\\\s*$"])
def test_a_catastrophic_user_regex_is_refused_at_load(tmp_path, regex):
    rule = RULE.replace(FIRST_PATTERN, f'  - [{{TEXT: {{REGEX: "{regex}"}}}}, {{LEMMA: 負う}}]')
    (tmp_path / "re.yaml").write_text(rule, "utf-8")
    with pytest.raises(RulePackError, match="REGEX") as info:
        load_ruleset([str(tmp_path)])
    line = rule.splitlines().index(f'  - [{{TEXT: {{REGEX: "{regex}"}}}}, {{LEMMA: 負う}}]') + 1
    assert f"re.yaml:{line}:" in str(info.value)


def test_a_linear_user_regex_is_accepted(tmp_path):
    rule = RULE.replace(FIRST_PATTERN, '  - [{LEMMA: {REGEX: "^(上限|限度)$"}}, {LEMMA: {IN: [と, として, に]}}]')
    (tmp_path / "re.yaml").write_text(rule, "utf-8")
    assert any(r.id == "user.sample" for r in load_ruleset([str(tmp_path)]).rules)


# ----------------------------------------------------------------------------------------------- cache


@pytest.mark.parametrize("value", [{}, [], None, 3, {"hits": "x", "present": [], "applicable": []},
                                   {"hits": [{"rule": "nope"}], "present": [], "applicable": []}])
def test_a_wrong_shape_in_the_cache_is_a_miss(tmp_path, value):
    cache = tmp_path / "cache"
    first = kiyaku("analyze", str(GOV), "--format", "json", env={"KIYAKU_CACHE_DIR": str(cache)})
    assert first.returncode == 0, first.stderr
    entries = list(cache.rglob("*.json"))
    assert entries
    for entry in entries:  # every entry rewritten as valid JSON of the wrong shape, with a right checksum
        from kiyaku.analyzer.cache import _checksum

        entry.write_text(json.dumps({"sum": _checksum(value), "value": value}), "utf-8")
    again = kiyaku("analyze", str(GOV), "--format", "json", env={"KIYAKU_CACHE_DIR": str(cache)})
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout


def test_a_changed_digit_in_an_entry_is_a_miss(tmp_path):
    cache = tmp_path / "cache"
    first = kiyaku("analyze", str(GOV), "--format", "json", env={"KIYAKU_CACHE_DIR": str(cache)})
    changed = 0
    for entry in cache.rglob("*.json"):
        text = entry.read_text("utf-8")
        at = text.find('"start":')
        if at >= 0:
            digit = at + len('"start":')
            entry.write_text(text[:digit] + str((int(text[digit]) + 1) % 10) + text[digit + 1:], "utf-8")
            changed += 1
    assert changed
    again = kiyaku("analyze", str(GOV), "--format", "json", env={"KIYAKU_CACHE_DIR": str(cache)})
    assert again.returncode == 0 and again.stdout == first.stdout


def test_the_cache_never_opens_a_fifo(tmp_path):
    cache = ArticleCache(tmp_path)
    key = cache_key("当社は責任を負いません。", "v1")
    path = tmp_path / key[:2] / f"{key}.json"
    path.parent.mkdir()
    os.mkfifo(path)
    assert cache.get(key) is None  # returns at once: a blocking open would hang here


# ----------------------------------------------------------------------------------- output and signals


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_a_user_error_naming_it():
    one_line_error(kiyaku("analyze", str(GOV), "--format", "md", "-o", "/dev/full"), "/dev/full", "No space left")


def test_an_unwritable_target_is_a_user_error_naming_it(tmp_path):
    # /proc's files are regular but no temporary file can be made beside them: unwritable even for root
    target = "/proc/version" if Path("/proc/version").is_file() else str(tmp_path / "missing-dir" / "\0x")
    out = kiyaku("analyze", str(GOV), "--format", "md", "-o", target)
    one_line_error(out, target, "cannot write the report")


def test_sigterm_during_a_corpus_run_cleans_up_quietly(tmp_path):
    paths = [str(p) for p in sorted(CORPORA.glob("*/*.txt")) if p.name != "source.txt"] * 20
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "kiyaku", "analyze", *paths, "--format", "jsonl", "--no-cache",
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err == "kiyaku: terminated\n"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------- one line, one file


def test_a_newline_and_an_escape_sequence_in_a_path_stay_on_one_line(tmp_path):
    name = tmp_path / "a\nb\x1b[2Jc.txt"
    out = kiyaku("analyze", str(name))
    one_line_error(out, "a\\nb\\x1b[2Jc.txt", "no such file")
    assert "\x1b" not in out.stderr


def test_a_symlink_loop_is_named(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    one_line_error(kiyaku("analyze", str(tmp_path / "a.txt")), "a.txt", "symbolic link loop")


def test_a_fifo_with_no_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "terms.txt"
    os.mkfifo(fifo)
    one_line_error(kiyaku("analyze", str(fifo), timeout=60), "terms.txt", "FIFO")
