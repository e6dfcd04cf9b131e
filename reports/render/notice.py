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
from pathlib import PurePath

from kiyaku.analyzer import categories
from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render import formats
from kiyaku.reports.render.common import docx_bytes, flagged_words, sorted_findings

KANJI_DIGITS = "〇一二三四五六七八九"
PLAIN_LABEL = re.compile(r"^第(\d+)条$")
RANGE_MIN = 3  # this many consecutive articles of one kind read as 第6〜10条
MAX_DATA = 8  # kinds of data named in one bullet before 「など」
MAX_WORDS = 2  # flagged words quoted in one bullet



# -- article references ------------------------------------------------------------------------


def kanji_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (item numbers as the seed writes them)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    out = ""
    if tens:
        out += ("" if tens == 1 else KANJI_DIGITS[tens]) + "十"
    if ones:
        out += KANJI_DIGITS[ones]
    return out


def article_detail(places: list[tuple[int | None, int | None]]) -> str:
    """The paragraphs and items of one article: "" (the whole of 第1項), "4", " 2、3", "一、二", "第2項一、二"."""
    paragraphs: OrderedDict[int, list[int]] = OrderedDict()
    for para, item in sorted(places, key=lambda p: (p[0] or 1, p[1] or 0)):
        items = paragraphs.setdefault(para or 1, [])
        if item is not None and item not in items:
            items.append(item)
    with_items = [p for p, items in paragraphs.items() if items]
    if not with_items:
        numbers = list(paragraphs)
        if numbers == [1]:
            return ""
        if len(numbers) == 1:
            return str(numbers[0])
        return " " + "、".join(str(n) for n in numbers)
    if len(paragraphs) == 1 and with_items == [1]:
        return "、".join(kanji_number(i) for i in paragraphs[1])
    # Mixed or items of a later paragraph: spell the paragraphs out so nothing is ambiguous.
    parts = []
    for para, items in paragraphs.items():
        parts.append(f"第{para}項" + "、".join(kanji_number(i) for i in items))
    return "、".join(parts)


def article_refs(findings: list[Finding], order: dict[str, int]) -> str:
    """「第4条一、二、五及び第6〜10条」: the places of the findings, compacted the way people write them."""
    by_article: OrderedDict[str, list[tuple[int | None, int | None]]] = OrderedDict()
    for f in sorted(findings, key=lambda f: (order.get(f.article, 1 << 30), f.start)):
        if f.article:
            by_article.setdefault(f.article, []).append((f.paragraph, f.item))
    labels = list(by_article)
    refs: list[str] = []
    i = 0
    while i < len(labels):
        # A run of consecutive plain articles (第6条, 第7条, … in the document's own order).
        j = i
        while (
            j + 1 < len(labels)
            and PLAIN_LABEL.match(labels[j]) and PLAIN_LABEL.match(labels[j + 1])
            and order.get(labels[j + 1]) == order.get(labels[j], -2) + 1
        ):
            j += 1
        if j - i + 1 >= RANGE_MIN:
            first, last = PLAIN_LABEL.match(labels[i]).group(1), PLAIN_LABEL.match(labels[j]).group(1)
            refs.append(f"第{first}〜{last}条")
            i = j + 1
            continue
        # Whole articles side by side read as 第6、9条.
        label = labels[i]
        detail = article_detail(by_article[label])
        prev = refs[-1] if refs else ""
        if not detail and PLAIN_LABEL.match(label) and re.fullmatch(r"第[\d、]+条", prev):
            refs[-1] = prev[:-1] + "、" + PLAIN_LABEL.match(label).group(1) + "条"
        else:
            refs.append(label + detail)
        i += 1
    if len(refs) <= 1:
        return "".join(refs)
    return "、".join(refs[:-1]) + "及び" + refs[-1]


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


def kind_key(f: Finding) -> tuple:
    """Findings of one kind share a bullet: same rule, and for disclosures the same recipients."""
    if f.category == "disclosure":
        return (f.category, f.rule, tuple(sorted(set(f.recipients))))
    return (f.category, f.rule)


def bullet_text(text: str, group: list[Finding]) -> str:
    """The words of one bullet (without its reference) from the rule's explanation and the clauses."""
    first = group[0]
    if first.category == "disclosure":
        recipients = list(dict.fromkeys(r for f in group for r in f.recipients))
        data = list(dict.fromkeys(d for f in group for d in f.data))
        what = join_ja(data, MAX_DATA) if data else "利用者の情報"
        if recipients:
            return f"{join_ja(recipients)}に対し、{what}を提供・開示することができるとしています。"
        return f"{what}を第三者に提供・開示することがあるとしています。"
    lead = plain_lead(first.explanation) or f"{first.title or first.rule}に関する定めがあります。"
    words = list(dict.fromkeys(w for f in group for w in flagged_words(text, f)))[:MAX_WORDS]
    if words:
        lead += "条文には" + "".join(f"「{w}」" for w in words) + "とあります。"
    return lead


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
    order = {label: i for i, label in enumerate(a.label for a in analysis.document.articles())}
    groups: OrderedDict[tuple, list[Finding]] = OrderedDict()
    for f in sorted_findings(findings):
        if not f.document_level and f.article is not None:
            groups.setdefault(kind_key(f), []).append(f)
    text = analysis.source.text
    return [Bullet(prefix + bullet_text(text, g), article_refs(g, order)) for g in groups.values()]


def missing_bullets(findings: list[Finding], prefix: str = "") -> list[Bullet]:
    out: list[Bullet] = []
    for f in sorted_findings(findings):
        if f.document_level or f.article is None:
            b = Bullet(prefix + missing_text(f))
            if b.text not in [x.text for x in out]:
                out.append(b)
    return out


def document_name(analysis: Analysis) -> str:
    title = (analysis.document.title or "").strip()
    if title:
        return title
    stem = PurePath(analysis.source.path or "").stem
    return f"「{stem}」の利用規約" if stem and stem != "-" else "この利用規約"


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
        intro += f"前回の版（{since.source.path}）からの変更点を先に挙げます。"
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
        f"※このお知らせ案は、kiyaku が {analysis.source.path} を自動で分析して作成した下書きです。"
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
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.core_properties.title = notice.title
    doc.core_properties.author = "kiyaku"
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
