"""Places as a reader writes them in a notice: （第23条 2、3）, （第4条一、二）, （第6〜10条）, （3.3 第2項）.

The seed article writes paragraphs after a space (第23条 2、3), items of the first paragraph in kanji
(第4条一、二) and runs of whole articles as a range. Documents labelled otherwise (numbered headings
「3.3」, titled sections, appendices, parts 「会員規約第1条」) keep their own label, and their
paragraphs and items are spelled out (「3.3 第2、3項」), so no number runs into the label.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from kiyaku.analyzer.model import Finding

KANJI_DIGITS = "〇一二三四五六七八九"
PLAIN_LABEL = re.compile(r"^第(\d+)条$")
ARTICLE_LIKE = re.compile(r"第\d+条(?:の\d+)*$")  # 第3条, 第12条の2, 会員規約第1条, 第2章第1条
RANGE_MIN = 3  # this many consecutive articles of one kind read as 第6〜10条


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


def _paragraphs(places: list[tuple[int | None, int | None]]) -> OrderedDict[int, list[int]]:
    paragraphs: OrderedDict[int, list[int]] = OrderedDict()
    for para, item in sorted(places, key=lambda p: (p[0] or 1, p[1] or 0)):
        items = paragraphs.setdefault(para or 1, [])
        if item is not None and item not in items:
            items.append(item)
    return paragraphs


def article_detail(places: list[tuple[int | None, int | None]]) -> str:
    """The paragraphs and items of one 第N条: "" (the whole of 第1項), "4", " 2、3", "一、二", "第2項一、二"."""
    paragraphs = _paragraphs(places)
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
    return "、".join(f"第{para}項" + "、".join(kanji_number(i) for i in items) for para, items in paragraphs.items())


def section_detail(places: list[tuple[int | None, int | None]]) -> str:
    """Paragraphs and items of a section not labelled 第N条: "", " 第2、3項", "(1)、(2)", " 第2項(1)"."""
    paragraphs = _paragraphs(places)
    if list(paragraphs) == [1] and not paragraphs[1]:
        return ""
    if not any(paragraphs.values()):
        return " 第" + "、".join(str(n) for n in paragraphs) + "項"
    parts = []
    for para, items in paragraphs.items():
        marks = "、".join(f"({i})" for i in items)
        parts.append(marks if para == 1 else f" 第{para}項{marks}")
    return "、".join(parts)


def readable_label(label: str) -> str:
    """A label as it reads inside （…）: titled sections in 「」 so the title does not run into the text."""
    if ARTICLE_LIKE.search(label) or re.fullmatch(r"[\d.．]+|前文|附則|別表\d*|別紙\d*", label):
        return label
    return f"「{label}」"


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
        # A run of consecutive whole plain articles (第6条, 第7条, … in the document's own order).
        j = i
        while (
            j + 1 < len(labels)
            and PLAIN_LABEL.match(labels[j])
            and PLAIN_LABEL.match(labels[j + 1])
            and order.get(labels[j + 1]) == order.get(labels[j], -2) + 1
        ):
            j += 1
        if j - i + 1 >= RANGE_MIN:
            first, last = PLAIN_LABEL.match(labels[i]).group(1), PLAIN_LABEL.match(labels[j]).group(1)
            refs.append(f"第{first}〜{last}条")
            i = j + 1
            continue
        label = labels[i]
        if ARTICLE_LIKE.search(label):
            detail = article_detail(by_article[label])
            prev = refs[-1] if refs else ""
            if not detail and PLAIN_LABEL.match(label) and re.fullmatch(r"第[\d、]+条", prev):
                refs[-1] = prev[:-1] + "、" + PLAIN_LABEL.match(label).group(1) + "条"  # 第6、9条
            else:
                refs.append(label + detail)
        else:
            refs.append(readable_label(label) + section_detail(by_article[label]))
        i += 1
    if len(refs) <= 1:
        return "".join(refs)
    return "、".join(refs[:-1]) + "及び" + refs[-1]
