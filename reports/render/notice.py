"""A draft member notice (会員向けお知らせ案) in plain Japanese, in the style of a physicians' bulletin.

One ○ bullet per kind of risky clause, worded from the rule's explanation and the clause itself
(recipients, data, the flagged words), each ending with its article reference the way a Japanese
reader writes it: （第23条 2、3）, （第4条一、二）, （第6〜10条）. Then the protections the document
lacks. With the previous version, the changes come first. Rendered as md, html or docx (bytes).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from kiyaku.analyzer import categories
from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render import formats
from kiyaku.reports.render.common import docx_bytes, sorted_findings
from kiyaku.reports.render.glance import clause_span
from kiyaku.reports.render.naming import document_title, operator
from kiyaku.reports.render.places import article_refs, kanji_number  # noqa: F401 - kanji_number is public here

MAX_DATA = 8  # kinds of data named in one bullet before 「など」



# -- the bullets -------------------------------------------------------------------------------


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"^.+?。", text)
    return m.group(0) if m else (text + "。" if text else "")


def plain_lead(explanation: str) -> str:
    """The explanation's first sentence, said of the terms rather than of "the clause"."""
    s = first_sentence(explanation)
    return re.sub(r"(?:とする)?(?:条項|規定|定め)です。$", "としています。", s)


def join_ja(words: list[str], limit: int | None = None) -> str:
    shown = words[:limit] if limit else words
    out = "、".join(shown)
    return out + "など" if limit and len(words) > limit else out


LEADING_MARK = re.compile(
    r"^[\s・●■◆◇○◎□※\-*]*"
    r"(?:(?:第?\d+(?:\.\d+)*[\.．、)）]?|[(（]\d+[)）]|[一二三四五六七八九十]+(?:[、．.]|\s)|[①-⑳]|[ア-ン][\.．、)）])[\s　]*)?"
)
CONNECTIVE = re.compile(r"^(?:また|なお|ただし|但し|さらに|その際|この場合(?:において)?)[、，]")  # ties to a sentence the bullet does not quote
MAX_LEAD = 120
LIST_ENTRY = re.compile(r"(?:こと|場合|とき|もの|者)。$")  # an item that completes its lead rather than a sentence  # a list's lead sentence longer than this is not repeated before its item


def clean_clause(text: str) -> str:
    """One line of clause text without its number mark or layout: 「5.\t当社は…」 → 「当社は…」."""
    text = " ".join(text.split())
    text = LEADING_MARK.sub("", text, count=1).strip()
    text = CONNECTIVE.sub("", text)
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)  # spaces a line wrap left between Japanese


def _paragraph_lead(analysis: Analysis, f: Finding) -> str:
    """The lead of the list an item belongs to: 「当社は、次の各号に該当する場合、利用を停止できる。」."""
    for art in analysis.document.articles():
        if not art.start <= f.start < art.end:
            continue
        for para in art.children:
            items = [c for c in para.children if c.kind == "item"]
            if para.kind == "paragraph" and para.start <= f.start < para.end and items:
                lead_start = para.start if para is not art.children[0] else (art.heading_end or art.start)
                return clean_clause(analysis.source.text[max(lead_start, para.start):items[0].start])
    return ""


def with_actor(sentence: str, actor: tuple[str, str] | None) -> str:
    """The operator named where the document says 当社 / 弊社 (the notice's reader has no definition)."""
    if not actor:
        return sentence
    name, alias = actor
    if alias == "甲":
        return sentence
    # The name once, then 「同社」 as a writer would (「株式会社Aは、同社の判断で…」).
    again = "同社" if "会社" in name else name
    parts = re.split(rf"{alias}(?=[はがのにへともをや、）」及並又・]|から|より|で)", sentence)  # not 「当社サイト」
    return parts[0] + "".join((name if i == 0 else again) + p for i, p in enumerate(parts[1:]))


def bullet_clause(analysis: Analysis, f: Finding, actor) -> tuple[str, str]:
    """(lead, clause): what the clause says in its own words, with the actor named.

    An item that is a fragment (「(2) 本サービスが中断しないこと」) comes with its list's lead, which
    gives it its meaning; otherwise the lead is "".
    """
    start, end = clause_span(analysis, f)  # whole sentences, even where the finding is a piece of one
    sentence = clean_clause(analysis.source.text[start:end] if end > start else f.text)
    lead = ""
    if f.item is not None and (not sentence.endswith("。") or LIST_ENTRY.search(sentence)):
        lead = _paragraph_lead(analysis, f)
        if lead == sentence or len(lead) > MAX_LEAD:
            lead = ""
    return with_actor(lead.rstrip("。：:"), actor), with_actor(sentence.rstrip("。"), actor)


def kind_key(f: Finding) -> tuple:
    """Removed risks of one kind share a bullet: same rule."""
    return (f.category, f.rule)


MAX_BULLET = 240  # items quoted after their lead up to this length, else the lead alone


def disclosure_tail(group: list[Finding]) -> str:
    """「提供先：生命保険会社／情報：氏名、健康情報」, from what the disclosure rule extracted."""
    recipients = list(dict.fromkeys(r for f in group for r in f.recipients))
    data = list(dict.fromkeys(d for f in group for d in f.data))
    parts = []
    if recipients:
        parts.append("提供先：" + "、".join(recipients))
    if data:
        parts.append("情報：" + join_ja(data, MAX_DATA))
    return f"（{'／'.join(parts)}）" if parts else ""


def missing_text(f: Finding) -> str:
    """「〜についての規定はありません。」 from the rule's title."""
    topic = (f.title or first_sentence(f.explanation).rstrip("。") or f.rule).strip()
    topic = re.sub(r"(?:についての|に関する|の)?(?:規定|定め)?(?:が|は)?(?:ない|無い|なし|の欠如|欠如)$", "", topic) or topic
    return f"{topic}についての規定はありません。"


@dataclass
class Bullet:
    text: str
    ref: str = ""  # 「第23条 2、3」 without the brackets

    def line(self) -> str:
        return f"○{self.text}" + (f"（{self.ref}）" if self.ref else "")


@dataclass
class Section:
    heading: str
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class Notice:
    title: str
    intro: str
    sections: list[Section]
    footnote: str
    taisho: object = None  # the 新旧対照表 (kiyaku.reports.render.taisho.Table) when asked for


def risk_bullets(analysis: Analysis, findings: list[Finding], prefix: str = "") -> list[Bullet]:
    """One bullet per thing the document says, in reading order; the clauses that say the same group together.

    Items under one lead (第4条五、六、七), the same sentence flagged by two rules, or a sentence repeated
    in several articles are one bullet with all their places, as the seed groups them.
    """
    order = {label: i for i, label in enumerate(a.label for a in analysis.document.articles())}
    actor = operator(analysis)
    groups: OrderedDict[str, tuple[str, list[str], list[Finding]]] = OrderedDict()
    for f in sorted_findings(findings):
        if f.document_level or f.article is None:
            continue
        lead, clause = bullet_clause(analysis, f, actor)
        lead_, clauses, group = groups.setdefault(lead or clause, (lead, [], []))
        if clause not in clauses:
            clauses.append(clause)
        group.append(f)
    drafts: list[tuple[str, list[Finding]]] = []
    for lead, clauses, group in groups.values():
        if not lead:
            text = clauses[0] + "。"
        elif len(lead) + sum(len(c) + 1 for c in clauses) <= MAX_BULLET:
            text = f"{lead}：{'、'.join(clauses)}。"
        else:  # too long to quote every item: the lead, the first item, and 「など」
            text = f"{lead}：{clauses[0]}など。"
        prev = drafts[-1] if drafts else None
        if prev and mergeable(prev[1], group) and len(prev[0]) + len(text) <= MAX_BULLET:
            # Neighbouring paragraphs of one article saying one kind of thing: one bullet (第23条 2、3).
            if actor and prev[0].startswith(actor[0] + "は") and text.startswith(actor[0] + "は"):
                text = "また、" + text[len(actor[0]) + 2:].lstrip("、")  # the actor named once
            drafts[-1] = (prev[0] + text, prev[1] + group)
        else:
            drafts.append((text, group))
    bullets = []
    for text, group in drafts:
        disclosures = [f for f in group if f.category == "disclosure"]
        if disclosures:
            text += disclosure_tail(disclosures)
        bullets.append(Bullet(prefix + text, article_refs(group, order)))
    return bullets


def mergeable(before: list[Finding], after: list[Finding]) -> bool:
    """Two bullets about one article, one category, in neighbouring paragraphs and not within lists."""
    last, first = before[-1], after[0]
    return (
        {f.article for f in before + after} == {first.article}
        and {f.category for f in before + after} == {first.category}
        and all(f.item is None for f in before + after)
        and first.paragraph is not None and last.paragraph is not None
        and 0 <= first.paragraph - last.paragraph <= 1
    )


def missing_bullets(findings: list[Finding], prefix: str = "") -> list[Bullet]:
    out: list[Bullet] = []
    for f in sorted_findings(findings):
        if f.document_level or f.article is None:
            b = Bullet(prefix + missing_text(f))
            if b.text not in [x.text for x in out]:
                out.append(b)
    return out


def document_name(analysis: Analysis) -> str:
    """「〇〇利用規約」 as the document titles itself; 「この利用規約」 when it has no title of its own."""
    return document_title(analysis) or "この利用規約"


def change_bullets(since: Analysis, analysis: Analysis, delta=None) -> list[Bullet]:
    from kiyaku.reports.compare.diff import diff  # imported here so notices without --since need none of it

    d = (delta or diff(since, analysis)).to_dict()["risks"]
    bullets: list[Bullet] = []
    added = [Finding.from_dict(x) for x in d["added"]]
    bullets += risk_bullets(analysis, added, "【新たな定め】")
    bullets += missing_bullets(added, "【新たな指摘】")
    for change in d["changed"]:
        before, after = Finding.from_dict(change["before"]), Finding.from_dict(change["after"])
        worse = change.get("direction") == "higher"
        what = after.title or plain_lead(after.explanation).rstrip("。")
        text = f"【変更】{what}の定めが、利用者にとって{'より不利な' if worse else '不利の程度が小さい'}内容に改められました。"
        reason = (change.get("reason") or "").split("；")[0].strip().rstrip("。")
        if reason:
            text += f"判断の理由：{reason}。"
        order = {a.label: i for i, a in enumerate(analysis.document.articles())}
        bullets.append(Bullet(text, article_refs([after], order) if after.article else ""))
    removed = [Finding.from_dict(x) for x in d["removed"]]
    old_order = {a.label: i for i, a in enumerate(since.document.articles())}
    for kind in OrderedDict((kind_key(f), None) for f in sorted_findings(removed)):
        group = [f for f in removed if kind_key(f) == kind]
        if group[0].document_level or group[0].article is None:
            topic = missing_text(group[0]).removesuffix("についての規定はありません。")
            bullets.append(Bullet(f"【解消】{topic}についての規定が設けられました。"))
            continue
        what = group[0].title or plain_lead(group[0].explanation).rstrip("。")
        ref = article_refs(group, old_order)
        bullets.append(Bullet(f"【削除】{what}の定めはなくなりました。", f"旧{ref}" if ref else ""))
    if not bullets:
        bullets.append(Bullet("リスクに関わる定めの変更はありません。"))
    return bullets


def build_notice(analysis: Analysis, since: Analysis | None = None, taisho: bool = False) -> Notice:
    name = document_name(analysis)
    risky = [f for f in analysis.findings if not f.document_level and f.article is not None]
    # What the risky clauses are about, in category order (categories.yaml `topic`; none: not named).
    topics = [categories.topic(c) for c in categories.ordered({f.category for f in risky}) if categories.topic(c)]
    if risky:
        intro = (
            f"{name}を読み込んだところ、{join_ja(topics)}などについて、利用者にとって不利になりうる定めが"
            f"ありましたので、要点を以下に紹介します。同意の前に、該当する条文をご確認ください。"
        )
    else:
        intro = f"{name}には、利用者にとって特に不利になりうる定めは見当たりませんでした。"
    if since is not None:
        intro += "前回の版からの変更点を先に挙げます。"
    sections = []
    table = None
    if since is not None:
        from kiyaku.reports.compare.diff import diff

        delta = diff(since, analysis)
        sections.append(Section("前回の版からの変更", change_bullets(since, analysis, delta)))
        if taisho:
            from kiyaku.reports.render.taisho import build

            table = build(delta)
    sections.append(Section(f"{name}（抜粋要約）", risk_bullets(analysis, analysis.findings)))
    missing = missing_bullets(analysis.findings)
    if missing:
        sections.append(Section("規定されていない事項", missing))
    footnote = (
        "※このお知らせ案は、kiyaku が利用規約を自動で分析して作成した下書きです。"
        "配布の前に、必ず原文と照らし合わせてご確認ください。"
    )
    return Notice(f"{name}の留意点（会員向けお知らせ案）", intro, [s for s in sections if s.bullets], footnote, table)


# -- formats -----------------------------------------------------------------------------------


def to_markdown(notice: Notice) -> str:
    from kiyaku.reports.render.md import escape

    lines = [f"# {escape(notice.title)}", "", escape(notice.intro), ""]
    for section in notice.sections:
        lines += [f"## {escape(section.heading)}", ""]
        for b in section.bullets:
            lines += [escape(b.line()), ""]
    if notice.taisho is not None:
        from kiyaku.reports.render.taisho import to_markdown as taisho_markdown

        lines += [taisho_markdown(notice.taisho)]
    lines += ["---", "", escape(notice.footnote)]
    return "\n".join(lines) + "\n"


def to_html(notice: Notice) -> str:
    from markupsafe import Markup

    from kiyaku.reports.render.html import environment
    from kiyaku.reports.render.taisho import CSS, table_html

    taisho = Markup(table_html(notice.taisho)) if notice.taisho is not None else None
    return environment().get_template("notice.html.j2").render(notice=notice, taisho=taisho,
                                                                taisho_css=Markup(CSS) if taisho else None)


def to_docx(notice: Notice) -> bytes:
    """Word for staff to edit: A4, Japanese margins and fonts, ja-JP; title and creation time; no file names."""
    from docx.shared import Pt

    from kiyaku.reports.render.word import japanese_document

    doc = japanese_document(notice.title)
    doc.core_properties.comments = "kiyaku による会員向けお知らせの下書き"
    doc.add_heading(notice.title, level=1)
    doc.add_paragraph(notice.intro)
    for section in notice.sections:
        doc.add_heading(section.heading, level=2)
        for b in section.bullets:
            p = doc.add_paragraph(b.line())
            p.paragraph_format.left_indent = Pt(10.5)
            p.paragraph_format.first_line_indent = Pt(-10.5)  # a hanging ○, as in print
    if notice.taisho is not None:
        from kiyaku.reports.render.taisho import add_table

        doc.add_heading(notice.taisho.title, level=2)
        add_table(doc, notice.taisho)
    note = doc.add_paragraph(notice.footnote)
    for run in note.runs:
        run.font.size = Pt(9)
    return docx_bytes(doc)


def render_notice(analysis: Analysis, since: Analysis | None = None, fmt: str = "md", taisho: bool = False) -> str | bytes:
    """A draft member notice as md | html (str) or docx (bytes); with ``taisho``, the 新旧対照表 follows."""
    render = formats.pick(formats.NOTICE, fmt, "notice")
    return render(build_notice(analysis, since, taisho))
