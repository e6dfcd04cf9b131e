"""PARTS: documents appended to a document — 特約, 細則, a second set of terms, a point programme's rules.

Real terms pages often carry several documents one after another: the membership terms, then
「◆家族カード特約」 with its own 第1条…, then 「ポイント規約」. Read as one document, the second 第1条 repeats
the first one's label and everything appended after the last article swells that article. So the text is
cut into parts first, each part is read on its own (``structure`` calls itself on each), and the units of
every part after the first carry its title (``家族カード特約第3条``, ``ポイント規約1``).

A part starts at a title line — short, no sentence end, not a numbered or bulleted line — that is
- right above a 第1条 that restarts the numbering (with no 第N章/編 between, which is the chapter
  convention, ``第2章第1条``), perhaps with a few lines of the part's own preamble between; or
- after the last article, named as a document (…規約, …特約, …細則, …ポリシー) or marked up as a heading no
  deeper than the articles' headings, and followed by text of its own.
"""
from __future__ import annotations

import re

from kiyaku.analyzer.structure.headings import SPACE, match_numbered, strip_decoration, title_line
from kiyaku.analyzer.structure.numbering import read_bullet, read_mark

_WRAPPERS = {"【": "】", "＜": "＞", "<": ">", "〈": "〉", "《": "》", "［": "］", "[": "]", "『": "』", "「": "」", "〔": "〕"}
_NOT_A_PART = re.compile(
    r"^(?:以上|制定|改定|改訂|最終|更新|施行|発効|作成|公表|附則|付則|\d{4}\s*年|[0-9０-９]{4}[/\-.年]|令和|平成|昭和)"
)
# What a document's name ends with: a title line ending so, after the last article, starts a document.
_DOCUMENT_NAME = re.compile(
    r"(?:規約|規定|規程|細則|特約|約款|条項|約定書|ポリシー|方針|ガイドライン|説明書|同意書|確認書|契約|ルール|"
    r"利用条件|取扱い|取り扱い|について|のご案内|注意事項|ご注意)$"
)
_PREAMBLE_LINES = 8  # a part's own preamble, between its title and its 第1条, is a few lines at most
MIN_TRAILING = 80  # characters a trailing part holds after its title, or it is a closing line
TITLE_MAX = 50


_FIELD = re.compile(r"[^:：]{1,12}[:：]")
_CLOSING_WORD = re.compile(r"^以[ \t\u3000]*上$")
_YEAR = r"(?:[0-9０-９]{4}|(?:令和|平成|昭和)[ \t\u3000]*[0-9０-９元一二三四五六七八九十]+)[ \t\u3000]*年"  # 2015年, 令和2年
_DATE = re.compile(_YEAR + r"|(?:19|20)[0-9]{2}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}")
_DATED_NOTE = re.compile(
    _YEAR + r"[ \t\u3000]*[0-9０-９]{1,2}[ \t\u3000]*月"
    r"[ \t\u3000]*[0-9０-９]{1,2}[ \t\u3000]*日[^。]{0,12}(?:制定|改正|改定|改訂|施行|実施|発効|変更)"
)
SIGNATURE = re.compile(
    r"株式会社|有限会社|合同会社|法人|組合|協会|Inc\.|Ltd|LLC|代表|事務局|管理者|室長|部長|課長|"
    r"登録番号|財務局長|[(（][^)）]{1,6}[)）][ \t\u3000]*第[0-9０-９]+号$"  # 関東財務局長（金商）第N号: a registration
)


def closing_kind(s: str) -> str | None:
    """「以上」, a date of enactment or revision, a signature: lines that close a document, not a clause."""
    s = s.strip(SPACE + "（）()【】[]")
    if _CLOSING_WORD.match(s):
        return "end"
    if len(s) <= 40 and _DATED_NOTE.match(s):
        return "end"  # 「2015年9月13日一部改正、同日実施。」: a line of the revision history
    if len(s) > 40 or "。" in s or "、" in s:
        return None
    if _DATE.search(s):
        return "end"
    if (SIGNATURE.search(s) and not _DOCUMENT_NAME.search(s)) or s.startswith(("〒", "TEL", "Tel", "電話")):
        return "signature"  # 「…事務局」「個人情報保護管理者 室長」; 「…協会会員規約」 is a document's name
    return None


def part_title(line: str) -> str | None:
    """The title a line would give a part, or None when the line cannot head one."""
    rest, _, _ = strip_decoration(line)
    rest = rest.strip(SPACE + "*")
    if len(rest) >= 2 and rest[0] in _WRAPPERS and rest.endswith(_WRAPPERS[rest[0]]):
        rest = rest[1:-1].strip(SPACE)
    if not (2 <= len(rest) <= TITLE_MAX) or "。" in rest or rest.endswith(("、", "，", ",", ":", "：")):
        return None
    if re.search(r"[\u3041-\u309f][、，]", rest) or closing_kind(rest) == "signature":
        return None  # 「…を通じて、…」 is a wrapped sentence; 「…事務局」 signs the document above
    if rest[0] in "（(※*＊" or _NOT_A_PART.match(rest) or "http" in rest or "（以下" in rest or re.search(r"[:：][ \t\u3000]*[0-9０-９]", rest):
        return None
    if "@" in rest or _FIELD.match(rest):
        return None  # 「メールアドレス：…」「受付時間：…」: a field of a contact block, not a document's name
    if read_mark(rest) is not None or read_bullet(rest) is not None or match_numbered(rest) is not None:
        return None
    return rest


def find_parts(lines, structural, in_toc, article_lines: list[int], hints: dict[int, int],
               last: int | None = None, restarts: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """(line, title) where each appended part starts, in order. ``article_lines``: the 第N条 headings;
    for a document numbered by headings instead, ``last`` is the line of its last heading."""
    cuts: dict[int, str] = {}
    for prev, r in zip(article_lines, article_lines[1:]):
        h = structural[r]
        if h.label != "第1条":
            continue
        divisions = [i for i in range(prev + 1, r) if structural[i] is not None and structural[i].kind == "chapter"]
        if divisions and structural[divisions[0]].number != 1:
            continue  # 第2章 then 第1条: chapters that each number from 1 (第2章第1条)
        found = _title_above(lines, structural, in_toc, prev, divisions[0] if divisions else r, h.title is not None)
        if found is not None:
            cuts[found[0]] = found[1]
    for prev, r in restarts:  # numbered headings that start again at 1: a list, unless a document's name heads it
        found = _title_above(lines, structural, in_toc, prev, r, False)
        if found is not None and _DOCUMENT_NAME.search(found[1]):
            cuts[found[0]] = found[1]
    if article_lines or last is not None:
        last = article_lines[-1] if article_lines else last
        for i, title in _trailing(lines, structural, in_toc, last, hints):
            cuts.setdefault(i, title)
    return sorted(cuts.items())


def _title_above(lines, structural, in_toc, floor: int, r: int, titled: bool) -> tuple[int, str] | None:
    j = r - 1
    while j > floor and not lines[j].text:
        j -= 1
    if j > floor and title_line(lines[j].text) is not None:  # （目的） above 第1条 is the article's own title,
        named = part_title(lines[j].text)                   # 【家族カード特約】 the part's
        if named is not None and (titled or _DOCUMENT_NAME.search(named)):
            return j, named
        j -= 1
    seen = 0
    caption = None  # ＜個人情報の取得＞ right above 第1条 captions the article; a document's name above it names the part
    while j > floor and seen <= _PREAMBLE_LINES:
        s = lines[j].text
        if s:
            if structural[j] is not None or in_toc[j]:
                return caption
            title = part_title(s)
            if title is not None and _DOCUMENT_NAME.search(title):
                return j, title
            if title is not None and caption is not None:
                return caption
            if title is not None:
                caption = j, title
            elif read_mark(s) is not None or read_bullet(s) is not None:
                return caption if caption is not None else None  # an item of the previous article: no title between
            seen += 1
        j -= 1
    return caption


def _trailing(lines, structural, in_toc, last: int, hints: dict[int, int]):
    """Title lines after the last article that name a document of their own, are marked up as headings
    as the articles are, or come after the closing lines (「以上」, a date) that end the document before."""
    level = _heading_level(lines, hints, last)
    n = len(lines)
    closed = False
    for i in range(last + 1, n):
        s = lines[i].text
        if not s:
            continue
        was_closed, closed = closed, closing_kind(s) is not None
        if in_toc[i] or structural[i] is not None:
            continue
        title = part_title(s)
        if title is None:
            continue
        own_level = hints.get(i) or strip_decoration(s)[2]
        marked = bool(own_level) and (not level or own_level <= level)
        if not (marked or _DOCUMENT_NAME.search(title) or (was_closed and not closed)):
            continue
        if _text_after(lines, i) >= MIN_TRAILING:
            yield i, title


def _heading_level(lines, hints, i: int) -> int:
    return hints.get(i) or strip_decoration(lines[i].text)[2]


def _text_after(lines, i: int) -> int:
    """Characters of text from the line after ``i`` to the next title line or the end."""
    total = 0
    for ln in lines[i + 1:]:
        if ln.text and part_title(ln.text) is not None and _DOCUMENT_NAME.search(part_title(ln.text) or ""):
            break
        total += len(ln.text)
        if total >= MIN_TRAILING:
            break
    return total
