"""The 新旧対照表 (taisho-md, taisho-html, docx) of a diff: rows, markers, underlined words and risk remarks."""
from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from kiyaku.reports.compare.diff import diff
from kiyaku.reports.render.diff import render_diff
from diff_support import (
    AMEND_SOFT,
    V1,
    V1_FINDINGS,
    V2_INSERTED,
    V3_DELETED,
    V5_REVISED,
    WAIVER_CLAUSE,
    WAIVER_REWORDED,
    analysis,
    clause,
)


def revised():
    new = analysis(V5_REVISED, path="v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium", recipients=["決済代行会社", "保険代理店"]),
        clause(WAIVER_REWORDED, "liability_waiver", "high"),
        clause(AMEND_SOFT, "unilateral_amendment", "low"),
    ])
    return diff(analysis(V1, path="v1.txt", findings=V1_FINDINGS), new)


def md_rows(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| 新 |")]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_markdown_has_one_row_per_changed_article_with_underlined_words_and_the_risk_in_remarks():
    text = render_diff(revised(), "taisho-md")
    assert "| 新 | 旧 | 備考 |" in text
    rows = md_rows(text)
    privacy = next(r for r in rows if "保険代理店" in r[0])
    assert "<ins>及び提携する保険代理店</ins>" in privacy[0] and "保険代理店" not in privacy[1]
    assert privacy[0].startswith("第3条") and "（略）" in privacy[0]  # its unchanged first paragraph
    assert "（変更）" in privacy[2] and "新たなリスク：中 " in privacy[2]
    amend = next(r for r in rows if r[0].startswith("第6条"))
    assert "リスク低下：高→低" in amend[2] and "解消：高 " in amend[2]
    assert not any(r[0].startswith("第1条") for r in rows)  # unchanged articles have no row


def test_new_and_deleted_articles_carry_their_markers():
    added = md_rows(render_diff(diff(analysis(V1), analysis(V2_INSERTED)), "taisho-md"))
    new_row = next(r for r in added if "外部送信" in r[0])
    assert new_row[1] == "（新設）" and new_row[2].startswith("（新設）")
    renumbered = [r for r in added if "（条番号の変更）" in r[2]]
    assert "第<ins>6</ins>条（免責）<br>（略）" in [r[0] for r in renumbered]
    assert all("（変更）" not in r[2] for r in renumbered if "利用停止" not in r[0])  # number only
    removed = md_rows(render_diff(diff(analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")]),
                                       analysis(V3_DELETED)), "taisho-md"))
    gone = next(r for r in removed if "免責" in r[1])
    assert gone[0] == "（削除）" and "（削除）" in gone[2] and "解消：高 " in gone[2]


def test_html_is_self_contained_and_escapes_the_text():
    hostile = V5_REVISED.replace("保険代理店", "保険代理店<script>alert(1)</script>")
    page = render_diff(diff(analysis(V1, path="a<b>.txt"), analysis(hostile, path="x.txt")), "taisho-html")
    assert page.startswith("<!DOCTYPE html>") and "<th>新</th><th>旧</th><th>備考</th>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "a&lt;b&gt;.txt" in page
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(""", page)  # nothing fetched
    assert "<u>" in page


def test_docx_opens_in_python_docx_a4_with_japanese_fonts_and_underlined_changes():
    data = render_diff(revised(), "docx")
    assert isinstance(data, bytes)
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "MS 明朝"
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["新", "旧", "備考"]
    underlined = [run.text for row in table.rows[1:] for p in row.cells[0].paragraphs for run in p.runs if run.font.underline]
    assert "及び提携する保険代理店" in underlined
    plain = [run.text for row in table.rows[1:] for p in row.cells[0].paragraphs for run in p.runs if not run.font.underline]
    assert "（略）" in plain
    remarks = "\n".join(row.cells[2].text for row in table.rows[1:])
    assert "新たなリスク：中 " in remarks and "（変更）" in remarks
    assert abs(table.rows[1].cells[0].width - Mm(267) * 0.4) < Mm(1)  # 40 % of the page between margins


@pytest.mark.browser
def test_the_html_table_renders_in_chromium_with_underlines(tmp_path):
    from test_browser import Browser

    page = tmp_path / "taisho.html"
    page.write_text(render_diff(revised(), "taisho-html"), encoding="utf-8")
    browser = Browser(page.as_uri(), tmp_path / "profile")
    try:
        browser.wait_loaded()
        assert browser.eval("document.querySelectorAll('tbody tr').length") >= 3
        assert browser.eval("[...document.querySelectorAll('u')].every(u => "
                            "getComputedStyle(u).textDecorationLine.includes('underline') && u.getBoundingClientRect().height > 0)")
        assert browser.eval("[...document.querySelectorAll('u')].some(u => u.textContent.includes('保険代理店'))")
        browser.screenshot(tmp_path / "taisho.png")
        assert (tmp_path / "taisho.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        browser.close()


def test_a_member_notice_can_carry_the_table_in_each_format():
    from kiyaku.reports.render.notice import render_notice

    old = analysis(V1, path="v1.txt", findings=V1_FINDINGS)
    new = analysis(V5_REVISED, path="v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium", recipients=["決済代行会社", "保険代理店"])])
    md = render_notice(new, since=old, fmt="md", taisho=True)
    assert "| 新 | 旧 | 備考 |" in md and "<ins>及び提携する保険代理店</ins>" in md
    assert "| 新 | 旧 | 備考 |" not in render_notice(new, since=old, fmt="md")
    page = render_notice(new, since=old, fmt="html", taisho=True)
    assert "<th>新</th><th>旧</th><th>備考</th>" in page and "<u>及び提携する保険代理店</u>" in page
    doc = docx.Document(io.BytesIO(render_notice(new, since=old, fmt="docx", taisho=True)))
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["新", "旧", "備考"]


def test_the_docx_bytes_depend_only_on_the_content():
    assert render_diff(revised(), "docx") == render_diff(revised(), "docx")
