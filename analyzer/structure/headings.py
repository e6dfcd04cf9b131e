"""Recognise the heading a line starts with: 第N条, 第N章/節, 附則, 別表, 目次, numbered headings, （目的）.

Each function looks at one line (its text with indentation removed) and says what heading it starts, if
any, without deciding whether the document as a whole is numbered by articles or by headings: that is
``structure``'s job. A heading is at the start of a line; what follows the number tells a heading
(「第3条（目的）」「第3条　当社は」) from a cross-reference that a hard line break put at the start of a line
(「第3条に定める」「第3条第2項」「第5条から第7条まで」).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiyaku.analyzer.structure.numbering import ascii_digits, read_mark, to_int

SPACE = " \t\u3000\u00a0"
_NUM = r"[0-9０-９]{1,4}|[一二三四五六七八九十百千〇]{1,6}"

# Decorations before a heading: markdown #'s, bullets, opening brackets. Group 1 holds the #'s.
_PREFIX = r"(#{1,6}[ \t\u3000]*)?(?:[■□◆◇●◎▼▽▲△★☆▪▶►◼◻♦][ \t\u3000]*)?(?:\*\*)?(?:[【\[［〔][ \t\u3000]*)?"
_CLOSERS = "】]］〕"

_RE_ARTICLE = re.compile(
    _PREFIX + r"第[ \t\u3000]*(" + _NUM + r")[ \t\u3000]*条((?:[ \t\u3000]*の[ \t\u3000]*(?:" + _NUM + r"))*)"
)
_RE_DIVISION = re.compile(_PREFIX + r"第[ \t\u3000]*(" + _NUM + r")[ \t\u3000]*([編章節款])")
_RE_SUPPLEMENTARY = re.compile(_PREFIX + r"([附付])[ \t\u3000]*則")
_RE_APPENDIX = re.compile(_PREFIX + r"(別表|別紙|別記)(?:[ \t\u3000]*(?:第[ \t\u3000]*)?(" + _NUM + r"))?")
_RE_TOC = re.compile(_PREFIX + r"(?:目[ \t\u3000]*次|もくじ|Contents|CONTENTS|Table of Contents)[】\]］〕]?[ \t\u3000]*$")
_RE_MD = re.compile(r"(#{1,6})[ \t\u3000]+")
_RE_DAI = re.compile(r"第[ \t\u3000]*(" + _NUM + r")(?![0-9０-９一二三四五六七八九十百千〇条章節編款項号回期条者])")  # 第三者 is a word
_RE_DOTTED = re.compile(r"([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+)[.．]?(?![0-9０-９])")
_RE_BRACKET_NUM = re.compile(r"[【\[［〔][ \t\u3000]*([0-9０-９]{1,3})[ \t\u3000]*[】\]］〕]")
_RE_ARTICLE_EN = re.compile(r"(?:Article|ARTICLE|Section|SECTION|Art\.)[ \t]*([0-9]{1,3})(?![0-9])[.:]?")

# What may follow 第N条 directly (no space) and still be a heading is decided by what it must NOT be:
# a particle or a word that continues a reference (に・の・を・から・まで・及び・第2項・、…).
_REF_DIRECT = ("この", "これら")  # body openings that start with hiragana
_REF_WORDS = (
    "第", "及", "又", "並", "乃至", "若", "中", "前段", "後段", "本文", "ただし書", "各号", "各項", "所定", "記載",
    "等", "以下", "参照", "関係", "、", "。", "，", "）", ")", "」", "』", "〕", "・", "~", "～", "〜", "－", "-", "/",
    "―", "—", "–", "‐", "／", "|", "｜",
)
# After 第N条 and a space a heading's title or body follows; a reference continues with these.
_REF_AFTER_SPACE = (
    "から", "まで", "及び", "又は", "並びに", "ないし", "乃至", "若しくは", "、", "。", "に定", "に規", "に基",
    "に従", "に掲", "に記", "において", "により", "による", "の規定", "の定め", "の場合", "各号", "を準用",
    "を適用", "とする", "中", "にいう",
)

TITLE_MAX = 40  # a heading's title is a short noun phrase
_RE_CITED_DIVISION = re.compile(r"第[ \t\u3000]*(?:" + _NUM + r")[ \t\u3000]*[条項号章節款編]")
_RE_CLAUSE_NUMBER = re.compile(r"(?:" + _NUM + r")[ \t\u3000]*[項号]")


def is_reference_continuation(rest: str, spaced: bool) -> bool:
    """True when ``rest`` (what follows 第N条 / 別表1 / 附則) continues a sentence instead of a heading."""
    if not rest:
        return False
    if spaced:
        if _RE_CITED_DIVISION.match(rest):  # 第3条　第2項の…; 「第三者による使用」 is a title
            return True
        return rest.startswith(_REF_AFTER_SPACE)
    if rest.startswith(_REF_DIRECT):
        return False
    if _RE_CLAUSE_NUMBER.match(rest):  # 第4条4項、… / 第4条2号: the paragraph of a cited article
        return True
    if "\u3041" <= rest[0] <= "\u309f":  # hiragana: に・の・を・で・から・まで・および…
        return True
    return rest.startswith(_REF_WORDS)


def looks_like_title(s: str) -> bool:
    """A short heading text: no sentence end, no comma, not too long."""
    s = s.strip(SPACE)
    return (0 < len(s) <= TITLE_MAX and "。" not in s and not s.endswith(("は", "が", "を", "の"))
            and not _RE_CLAUSE_COMMA.search(s))


# A comma after kana ends a clause (当社は、/ 場合には、/ 利用し、): the line is a sentence. A comma between
# nouns (変更、追加又は廃止 / 準拠法、裁判管轄) lists them, as titles do.
_RE_CLAUSE_COMMA = re.compile(r"(?:^|[\u3041-\u309f\u30fc])[、，]|[、，]$")


@dataclass(slots=True)
class HeadingMatch:
    """A heading at the start of a line. Offsets are relative to the line's text (indentation removed)."""

    kind: str  # article | chapter | section | supplementary | appendix
    label: str
    number: int | None
    title: str | None
    body_at: int | None  # where body text starts on the same line, or None if the line is all heading
    markdown: int = 0  # markdown heading level (count of #), 0 if none
    bracketed: bool = False  # title given in brackets, or the heading sits in 【】: a strong heading


def _split_rest(line: str, at: int) -> tuple[str | None, int | None, bool] | None:
    """Read what follows a heading's number: (title, body_at, bracketed) or None if it is a reference."""
    n = len(line)
    i = at
    while i < n and line[i] in _CLOSERS:  # 【第1条】
        i += 1
    closed = i > at
    j = i
    while j < n and line[j] in SPACE:
        j += 1
    spaced = j > i or closed
    # 第1条：目的 / 第1条. 目的 / 第1条 ― 目的 (a full stop right after the number, or a dash or slash before
    # a title, separates as a colon does; 「第1条－第3条」 is a range, not a title)
    if j < n and (line[j] in ":：" or (line[j] in ".．" and (j + 1 >= n or not line[j + 1].isdigit()))
                  or (line[j] in _SEPARATORS and not _starts_a_number(line[j + 1:].lstrip(SPACE + _SEPARATORS)))):
        if line[j] in _SEPARATORS:
            while j < n and line[j] in _SEPARATORS:
                j += 1
        else:
            j += 1
        spaced = True
        while j < n and line[j] in SPACE:
            j += 1
    rest = line[j:].rstrip(SPACE)
    if leaders_at(rest) is not None:  # 第1条（目的）……… 1: a table-of-contents entry, leaders and page
        rest = strip_leaders(rest)
        if not rest:
            return None, None, closed
    if rest.endswith("**"):  # **第1条（目的）**: markdown bold around the whole heading
        rest = rest[:-2].rstrip(SPACE)
    if not rest:
        return None, None, closed
    pairs = {"（": "）", "(": ")", "【": "】", "「": "」", "〔": "〕", "[": "]", "［": "］", "<": ">", "＜": "＞"}
    if rest[0] in pairs:
        close = _closing(rest, pairs)
        if 0 < close <= TITLE_MAX + 1:
            title = rest[1:close].strip(SPACE)
            after = rest[close + 1 :]
            if (rest[0] == "「" and spaced and after[:1] not in SPACE and looks_like_title(rest)
                    and not is_reference_continuation(after, True)):
                return rest, None, closed  # 第3条　「ポイント」の使用: a title that opens with a quoted term
            if after.strip(SPACE) and is_reference_continuation(after.lstrip(SPACE), after[:1] in SPACE):
                return None  # 第3条（…）の規定
            if rest[0] == "「" and after.strip(SPACE):
                return None, j, closed  # 「本サービス」とは… is body
            if title and "。" not in title:
                k = j + close + 1
                while k < n and (line[k] in SPACE or line[k] in _CLOSERS or line.startswith("**", k)):
                    k += 2 if line.startswith("**", k) else 1
                return title, (k if k < j + len(rest) else None), True
        if rest[0] in "（(":
            return None  # （…） too long or unclosed: a parenthetical inside a sentence
    if is_reference_continuation(rest, spaced):
        return None
    if spaced and looks_like_title(rest):
        return rest, None, closed
    if spaced:  # 第1条　目的　本規約は、…。: a short title, a space, then the body on the same line
        head = re.match(r"([^ \t\u3000\u00a0]{1,20})[ \t\u3000\u00a0]+", rest)
        if head and looks_like_title(head.group(1)) and not re.search(r"[A-Za-z0-9]", head.group(1)):
            tail = rest[head.end():]
            if "。" in tail and len(tail) > len(head.group(1)):
                return head.group(1), j + head.end(), closed
    return None, j, closed


_SEPARATORS = "-－—―–‐/／|｜"
_WIDTH_TWINS = {"）": ")", ")": "）", "】": "]", "]": "】", "］": "]", "〕": ")"}


def _closing(rest: str, pairs: dict[str, str]) -> int:
    """Where the bracket opening ``rest`` closes: nested brackets count (（クッキー（Cookie）の使用）), and a
    bracket of the other width closes it too (（著作権)); -1 if it does not close."""
    want = pairs[rest[0]]
    closers = {want, _WIDTH_TWINS.get(want, want)}
    openers = {k for k, v in pairs.items() if v in closers or _WIDTH_TWINS.get(v) in closers}
    depth = 0
    for i, ch in enumerate(rest[: TITLE_MAX + 2]):
        if ch in openers:
            depth += 1
        elif ch in closers:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _starts_a_number(s: str) -> bool:
    return bool(s) and (s[0] == "第" or s[0] in "0123456789０１２３４５６７８９")


def _md_level(m: re.Match) -> int:
    hashes = m.group(1)
    return hashes.count("#") if hashes else 0


def match_article(line: str) -> HeadingMatch | None:
    """第3条（目的） / 第十二条の二 本規約は… / 【第1条】 / ## 第3条 … → article heading."""
    m = _RE_ARTICLE.match(line)
    if not m:
        return None
    number = to_int(m.group(2))
    if number is None:
        return None
    label = f"第{number}条"
    for branch in re.findall(r"の[ \t\u3000]*(" + _NUM + r")", m.group(3) or ""):
        b = to_int(branch)
        if b is None:
            return None
        label += f"の{b}"
    split = _split_rest(line, m.end())
    if split is None:
        return None
    title, body_at, bracketed = split
    return HeadingMatch("article", label, number, title, body_at, _md_level(m), bracketed)


def match_division(line: str) -> HeadingMatch | None:
    """第2章 総則 / 第1節 … → chapter or section (編 and 章 are chapters, 節 and 款 sections)."""
    m = _RE_DIVISION.match(line)
    if not m:
        return None
    number = to_int(m.group(2))
    if number is None:
        return None
    unit = m.group(3)
    split = _split_rest(line, m.end())
    if split is None:
        return None
    title, body_at, bracketed = split
    if body_at is not None:  # a chapter heading carries no body; 「第2章　総則」 with a long title is still one
        tail = line[body_at:].strip(SPACE)
        if "。" in tail or len(tail) > TITLE_MAX:
            return None
        title, body_at = tail, None
    kind = "chapter" if unit in "編章" else "section"
    return HeadingMatch(kind, f"第{number}{unit}", number, title, None, _md_level(m), bracketed)


def match_supplementary(line: str) -> HeadingMatch | None:
    """附則 / 付則 / 附　則 / 附則（2024年4月1日） / 【附則】."""
    m = _RE_SUPPLEMENTARY.match(line)
    if not m:
        return None
    split = _split_rest(line, m.end())
    if split is None:
        return None
    title, body_at, bracketed = split
    return HeadingMatch("supplementary", "附則", None, title, body_at, _md_level(m), bracketed)


def match_appendix(line: str) -> HeadingMatch | None:
    """別表 / 別表1 / 別表第一（第5条関係） / 別紙2 → appendix labelled 別表 / 別表1 / 別紙2."""
    m = _RE_APPENDIX.match(line)
    if not m:
        return None
    number = to_int(m.group(3)) if m.group(3) else None
    label = m.group(2) + (str(number) if number is not None else "")
    split = _split_rest(line, m.end())
    if split is None:
        return None
    title, body_at, bracketed = split
    if body_at is not None and len(line) - body_at > TITLE_MAX * 2:
        return None  # a long sentence that starts with 別表: prose, not a heading
    return HeadingMatch("appendix", label, number, title, body_at, _md_level(m), bracketed)


def match_structural(line: str) -> HeadingMatch | None:
    """The first of article, division, supplementary or appendix headings that ``line`` starts with."""
    if not line:
        return None
    c = line[0]
    if c not in "第#■□◆◇●◎▼▽▲△★☆▪▶►◼◻♦*【[［〔附付別":
        return None
    return match_article(line) or match_division(line) or match_supplementary(line) or match_appendix(line)


def is_toc_marker(line: str) -> bool:
    return bool(_RE_TOC.match(line.rstrip(SPACE)))


def title_line(line: str) -> str | None:
    """（目的） / 【目的】 alone on its line: an article's title written on the line before it."""
    s = line.strip(SPACE)
    if len(s) < 3 or len(s) > TITLE_MAX + 2:
        return None
    pairs = {"（": "）", "(": ")", "【": "】", "〔": "〕", "［": "］", "[": "]", "＜": "＞", "〈": "〉"}
    if s[0] in pairs and s[-1] == pairs[s[0]]:
        inner = s[1:-1].strip(SPACE)
        if inner and "。" not in inner and pairs[s[0]] not in inner and not inner[0].isdigit():
            if read_mark(s) is None or not read_mark(s).readings[0][0].startswith(("paren", "kparen")):
                return inner
    return None


@dataclass(slots=True)
class NumberedHeading:
    """A line that starts with a number and could head a section: 1. / １． / 1 / 第1 / 2.3 / 【1】 / (1)."""

    style: str  # dai | bracket | article_en | dot | bare | dotted | paren | rparen | upper_roman | md (no number)
    label: str  # 1, 2.3 — or the title for an unnumbered markdown heading
    key: tuple[int, ...]
    title: str | None
    body_at: int | None
    markdown: int = 0


def strip_decoration(line: str) -> tuple[str, int, int]:
    """Remove markdown #'s, bullets and bold marks: (rest, offset of rest in line, markdown level)."""
    i = 0
    level = 0
    m = _RE_MD.match(line)
    if m:
        level = len(m.group(1))
        i = m.end()
    n = len(line)
    if i < n and line[i] in "■□◆◇●◎▼▽▲△★☆▪▶►◼◻♦":
        i += 1
        while i < n and line[i] in SPACE:
            i += 1
    if line.startswith("**", i):
        i += 2
    return line[i:], i, level


def match_numbered(line: str) -> NumberedHeading | None:
    """Numbered heading forms used by terms without 第N条 (the caller checks sequence and context)."""
    rest, off, level = strip_decoration(line)
    if not rest:
        return None
    style = None
    key: tuple[int, ...] = ()
    end = 0
    m = _RE_DAI.match(rest)
    if m and to_int(m.group(1)) is not None:
        style, key, end = "dai", (to_int(m.group(1)),), m.end()
    if style is None:
        m = _RE_BRACKET_NUM.match(rest)
        if m:
            style, key, end = "bracket", (int(ascii_digits(m.group(1))),), m.end()
    if style is None:
        m = _RE_ARTICLE_EN.match(rest)
        if m:
            style, key, end = "article_en", (int(m.group(1)),), m.end()
    if style is None:
        m = _RE_DOTTED.match(rest)
        if m:
            parts = re.split(r"[.．]", ascii_digits(m.group(1)))
            style, key, end = "dotted", tuple(int(p) for p in parts), m.end()
    if style is None:
        mark = read_mark(rest)
        if mark is None:
            return None
        kind, number = mark.readings[0]
        if kind == "roman" and (rest[0].isupper() or "\u2160" <= rest[0] <= "\u216b"):
            kind = "upper_roman"  # Ⅱ． / II. 会員情報: sections numbered in capital roman numerals
        if kind not in ("dot", "bare", "paren", "rparen", "upper_roman"):
            return None
        style, key, end = kind, (number,), mark.length
    if style in ("dai", "bracket", "article_en", "dotted") and end < len(rest) and rest[end] not in SPACE:
        if rest[end] in "、。，）)」":
            return None
        if style == "dai" and rest[end] not in ".．:：（(【「[［〔-－―—/／":
            return None  # 第1に, 第一の…, 第一東京…: a word that starts with an ordinal, not a heading
    j = end
    while j < len(rest) and rest[j] in SPACE + ":：":
        j += 1
    tail = rest[j:].rstrip(SPACE)
    if tail.endswith("**"):
        tail = tail[:-2].rstrip(SPACE)
    label = ".".join(str(k) for k in key)
    if not tail:
        return NumberedHeading(style, label, key, None, None, level)
    if tail[0] in "（(【" and tail[-1] in "）)】" and looks_like_title(tail[1:-1]):
        return NumberedHeading(style, label, key, tail[1:-1].strip(SPACE), None, level)
    if looks_like_title(tail) or (level and "。" not in tail):
        return NumberedHeading(style, label, key, tail, None, level)
    return NumberedHeading(style, label, key, None, off + j, level)


_RE_LIST_MARK = re.compile(r"^(?:[-*+・•‣◦][ \t\u3000]+|<li>)")


def toc_key(line: str) -> str:
    """What a TOC entry and the heading it lists share: the label, or the text without leaders and page."""
    line = _RE_LIST_MARK.sub("", strip_leaders(line.strip(SPACE)))
    h = match_structural(line)
    if h is not None:
        return f"{h.kind}:{h.label}"
    nh = match_numbered(line)
    if nh is not None and nh.style != "md":
        return f"num:{nh.style}:{nh.label}"
    rest, _, _ = strip_decoration(line)
    return "text:" + re.sub(r"[\s\u3000]+", "", rest)


# A table of contents' leaders and page number: 「目的……… 3」「目的 ・・・ 12」「目的    3」.
_LEADERS = set(".．…・‥─—―-_ \t\u3000")
_PAGE_DIGITS = set("0123456789０１２３４５６７８９")


def leaders_at(line: str) -> int | None:
    """Where a line's trailing leaders and page number start: a run of at least two leader characters
    or spaces, then a number of one to four digits, at the end. None if the line has none.

    Scanned from the end, once: a regex searched at every position backtracked over long runs of spaces
    (polynomially in their length).
    """
    end = len(line)
    while end and line[end - 1] in " \t\u3000":
        end -= 1
    digits = end
    while digits and line[digits - 1] in _PAGE_DIGITS:
        digits -= 1
    if not 1 <= end - digits <= 4:
        return None
    start = digits
    while start and line[start - 1] in _LEADERS:
        start -= 1
    return start if digits - start >= 2 else None


def strip_leaders(line: str) -> str:
    line = line.rstrip(SPACE)
    at = leaders_at(line)
    return line if at is None else line[:at]
