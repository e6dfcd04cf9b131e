"""Rendering of analyses (json, jsonl, csv, md, text, rules) on the bundled corpus text with its gold findings."""
from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest

from kiyaku.analyzer.errors import UsageError
from render_support import corpus_text, gold_analysis, hand_analysis
from kiyaku.reports.render.analysis import render_analyses, render_rules
from kiyaku.reports.render.common import clause_pieces, group_by_article, segments


@pytest.fixture(scope="module")
def portal():
    return gold_analysis()


@pytest.fixture(scope="module")
def pair():
    return [
        gold_analysis("medical-app", "v2023.txt", "gold-v2023.yaml"),
        gold_analysis("medical-app", "v2024.txt", "gold-v2024.yaml"),
    ]


# -- json / jsonl ------------------------------------------------------------------------------


def test_json_is_the_contract_shape_and_deterministic(portal):
    out = render_analyses([portal], "json")
    data = json.loads(out)
    assert data["schema"] == "kiyaku/analysis@1"
    assert data["source"]["path"] == "corpora/gov-portal/terms.txt"
    assert [a["label"] for a in data["articles"]][:3] == ["前文", "第1条", "第2条"]
    assert len(data["findings"]) == len(portal.findings)
    assert "内閣総理大臣" in out  # ensure_ascii=False: Japanese as written
    assert out == render_analyses([portal], "json")
    assert out.endswith("}\n")


def test_json_refuses_several_documents(pair):
    with pytest.raises(UsageError):
        render_analyses(pair, "json")


def test_jsonl_one_compact_line_per_document(pair):
    lines = render_analyses(pair, "jsonl").splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["source"]["path"] for line in lines] == [a.source.path for a in pair]
    assert all("\n" not in line and ": " not in line[:40] for line in lines)


# -- csv ---------------------------------------------------------------------------------------


def test_csv_one_row_per_finding_for_a_corpus(portal, pair):
    out = render_analyses([portal, *pair], "csv")
    assert out.startswith("\ufeff")  # so Excel reads UTF-8 Japanese
    frame = pd.read_csv(io.StringIO(out[1:]), dtype=str, keep_default_na=False)
    # Japanese headers, the Japanese labels beside the codes (for Excel users; scripts filter on the codes)
    assert list(frame.columns) == [
        "文書", "条", "項", "号", "分類", "分類コード", "重大度", "重大度コード", "ルール", "名称",
        "提供先", "情報の種類", "条文", "解説", "根拠",
    ]
    assert len(frame) == sum(len(a.findings) for a in [portal, *pair])
    assert set(frame["文書"]) == {a.source.path for a in [portal, *pair]}
    row = frame[(frame["文書"] == portal.source.path) & (frame["条"] == "第4条") & (frame["号"] == "2")].iloc[0]
    assert row["項"] == "1"  # integers, not 1.0
    assert (row["分類"], row["分類コード"], row["重大度"], row["重大度コード"]) == ("情報の提供・開示", "disclosure", "高", "high")
    assert row["提供先"] == "内閣総理大臣"
    assert row["情報の種類"] == "氏名; 住所; 生年月日; 性別"
    assert "基本4情報" in row["条文"]
    missing = frame[frame["分類コード"] == "missing_provision"].iloc[0]
    assert missing["条"] == "" and missing["項"] == ""


def test_csv_keeps_multiline_clauses_in_one_cell_and_defuses_formulas():
    text = "サービス規約\n\n第1条（免責）\n=HYPERLINK(\"x\")当社は一切の責任を負いません。\n\n第2条（変更）\n当社は本規約を変更できる。\n"
    a = hand_analysis(text, [
        ("=HYPERLINK(\"x\")当社は一切の責任を負いません。", "liability_waiver", "high", ["一切の責任を負いません"]),
        ("当社は本規約を変更できる。\n", "unilateral_amendment", "medium", ["変更できる"]),
    ])
    out = render_analyses([a], "csv")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert len(rows) == 2
    assert rows[0]["条文"].startswith("'=HYPERLINK")
    assert rows[1]["条文"] == "当社は本規約を変更できる。\n"


# -- markdown ----------------------------------------------------------------------------------


def test_markdown_summary_then_findings_by_article_with_bold_words(portal):
    md = render_analyses([portal], "md")
    assert md.index("## 集計") < md.index("## 第3条（個人情報の管理）") < md.index("## 第23条（免責事項）")
    assert "| 情報の提供・開示 | 11 | 2 | 0 | 13 |" in md
    # the clause is quoted with the flagged words in bold
    assert "> 2　当庁は、本システムの利用又は本システムを利用できなかったことにより" in md
    assert "**一切の責任を負わない**" in md
    assert "- 根拠: 消費者契約法第8条第1項第1号" in md
    assert "## 欠けている規定" in md
    # disclosure map rows
    assert "| 内閣総理大臣 | 住民票コード | 第4条第1項第1号 |" in md


def test_markdown_escapes_document_syntax():
    text = "規約\n\n第1条（免責）\n当社は*一切*の責任を負いません<script>alert(1)</script>。\n"
    a = hand_analysis(text, [("当社は*一切*の責任を負いません<script>alert(1)</script>。", "liability_waiver", "high",
                              ["責任を負いません"])])
    md = render_analyses([a], "md")
    assert "<script>" not in md
    assert r"\<script\>" in md and r"\*一切\*" in md
    assert "**責任を負いません**" in md


def test_markdown_several_documents(pair):
    md = render_analyses(pair, "md")
    assert md.count("\n---\n") == 1
    assert md.count("# すこやかリンク") >= 2


# -- text --------------------------------------------------------------------------------------


def test_text_plain_when_not_a_terminal(portal, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    out = render_analyses([portal], "text")
    assert "\x1b[" not in out  # no colour codes in a pipe
    # the one-glance summary first: counts by severity, the three most serious clauses, where data goes
    assert out.index("要約") < out.index("重大度別：") < out.index("最も重大な条項：") < out.index("指摘（重大な順）")
    assert re.search(r"重大度別：\s*高\s+18件\s+中\s+10件\s+低\s+2件", out)
    assert "個人情報の外部提供：あり（医療・健康に関する情報を含む）" in out
    assert "→ 内閣総理大臣：住民票コード" in out
    # then the findings most serious first, each with why this clause matters
    findings = out[out.index("指摘（重大な順）"):]
    assert findings.index(" 高 ") < findings.index(" 中 ") < findings.index(" 低 ")
    assert "「2　当庁は、本システムの利用又は本システムを利用できなかったことにより" in out
    assert "なぜ：行政デジタル推進庁は「" in out
    # each rule's explanation once, not under every finding
    assert out.count("解説：") == len({f.rule for f in portal.findings})
    assert "集計（分類 × 重大度）" in out
    assert re.search(r"情報の提供・開示\s+11\s+2\s+0\s+13", out)
    assert all(len(line) <= 100 for line in out.splitlines())
    assert not any(line != line.rstrip() for line in out.splitlines())


def test_text_coloured_on_a_terminal(portal, monkeypatch):
    import sys

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    out = render_analyses([portal], "text")
    assert "\x1b[" in out


# -- shared pieces -----------------------------------------------------------------------------


def test_clause_pieces_mark_exactly_the_flagged_words(portal):
    f = next(f for f in portal.findings if f.article == "第23条" and f.paragraph == 2)
    pieces = clause_pieces(portal.source.text, f)
    assert [p for p, flagged in pieces if flagged] == ["一切の責任を負わない"]
    assert "".join(p for p, _ in pieces) == f.text.strip()


def test_segments_split_overlapping_findings_without_loss():
    text = corpus_text("gov-portal", "terms.txt")
    clause = "当庁は、必要があると認めるときは、システム利用者に対し事前に通知を行うことなく、本規約を改正することができる。"
    inner = "事前に通知を行うことなく、本規約を改正"
    a = hand_analysis(text, [(clause, "unilateral_amendment", "high", ["改正することができる"]),
                             (inner, "usage_limit", "low", ["事前に通知を行うことなく"])])
    f_outer, f_inner = a.findings
    art = next(n for n in a.document.articles() if n.label == "第24条")
    segs = segments(text, art.start, art.end, a.findings)
    assert "".join(s.text for s in segs) == text[art.start:art.end]
    both = [s for s in segs if s.findings == [0, 1]]
    assert "".join(s.text for s in both) == inner
    # the outer finding's word is cut where the inner finding ends, and nothing is lost
    assert [s.text for s in segs if s.word] == ["事前に通知を行うことなく", "改正", "することができる"]
    assert [s.findings for s in segs if s.word] == [[0, 1], [0, 1], [0]]


def test_group_by_article_puts_missing_provisions_last(portal):
    groups = group_by_article(portal.findings)
    assert groups[0][0] == "第3条"
    assert groups[-1][0] is None and groups[-1][1][0].category == "missing_provision"


# -- rules list --------------------------------------------------------------------------------


def test_rules_table_lists_every_bundled_rule(monkeypatch):
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    ruleset = load_ruleset([])
    out = render_rules(ruleset)
    assert ruleset.rules
    for rule in ruleset.rules:
        assert rule.id in out
    assert "liability.total-exemption" in out and "免責・責任の転嫁" in out
