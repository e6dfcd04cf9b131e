"""What a document calls itself and its operator, for titles and for bullets that name the actor.

The title comes from the document's own words — front matter ``title:``, the first marked-up heading,
or the title line the structure found — never from a file name. The operator is the party a
definition like 「株式会社〇〇（以下「当社」といいます。）」 names, so a bullet can say who acts.
"""

from __future__ import annotations

import re

from kiyaku.analyzer.model import Analysis

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
FRONT_TITLE = re.compile(r"^title:([^\n]+)", re.M)  # stripped by the caller
NOT_A_TITLE = re.compile(r"^[-=*_#~\s\W]*$")  # rules, decoration, an empty heading

# 「X（以下「当社」といいます。）」, 「X（以下、「弊社」という）」, 「X(以下"甲")」
OPERATOR_ALIASES = "当社|当庁|当省|当局|本市|当市|当町|当村|当校|本学会|当学会|当センター|運営会社|本会社|弊社|当行|当組合|当法人|当協会|本会|当会|当院|当店|当機構|当財団|当サイト運営者|運営者|甲"
DEFINITION = re.compile(
    r"([^\s、。，,「」『』（）()]{2,40}?)[（(]以下[、,]?\s*[「『\"“]?(" + OPERATOR_ALIASES + r")[」』\"”]?"
)
# 「当社（株式会社〇〇）」: the alias first, the company in brackets.
ALIAS_FIRST = re.compile(
    r"("
    + OPERATOR_ALIASES
    + r")[（(]((?:株式会社|有限会社|一般社団法人|公益社団法人|一般財団法人)?[^（）()、。]{1,30}?(?:株式会社|有限会社)?)(?:をいいます|をいう)?(?:[、,。][^）)]*)?[）)]"
)
COMPANY = re.compile(r"株式会社|有限会社|法人|協会|機構|組合|財団|[省庁局]$")
NAME_START = re.compile(r"^(?:本規約は|本サービスは|この規約は)?[はが]?")


BRACKETS = {"【": "】", "＜": "＞", "<": ">", "[": "]", "「": "」", "『": "』", "〔": "〕"}


def unwrap(title: str) -> str:
    """「【〇〇利用規約】」 → 「〇〇利用規約」: decoration around the whole title only."""
    while len(title) > 2 and BRACKETS.get(title[0]) == title[-1] and title[0] not in title[1:-1]:
        title = title[1:-1].strip()
    return title


def document_title(analysis: Analysis) -> str | None:
    """The document's own title, or None when it has none a reader would recognise."""
    text = analysis.source.text
    if analysis.source.title and not NOT_A_TITLE.match(analysis.source.title):
        return analysis.source.title  # the loader took the front matter off the text and kept its title
    m = FRONT_MATTER.match(text)  # a text that did not come through the loader
    if m:
        t = FRONT_TITLE.search(m.group(1))
        if t:
            title = t.group(1).strip().strip("'\"").strip()
            if title and not NOT_A_TITLE.match(title):
                return title
    for start, end, _level in sorted(analysis.source.headings):
        title = " ".join(text[start:end].split())
        if title and not NOT_A_TITLE.match(title) and len(title) <= 80:
            return unwrap(title)
    title = " ".join((analysis.document.title or "").split())
    if title and not NOT_A_TITLE.match(title) and len(title) <= 80:
        return unwrap(title) or None
    for line in text.splitlines()[:5]:  # 【〇〇利用規約】 alone on the first lines
        line = unwrap(line.strip())
        if (
            line
            and len(line) <= 40
            and "。" not in line
            and re.search(r"規約|ポリシー|約款|特約|条件|方針|規定|ガイド", line)
        ):
            return line
    return None


def operator(analysis: Analysis) -> tuple[str, str] | None:
    """(name, alias): 「株式会社〇〇」 and the word the document uses for it (当社); None if undefined."""
    m = DEFINITION.search(analysis.source.text)
    if not m:
        m2 = ALIAS_FIRST.search(analysis.source.text)
        if m2 and COMPANY.search(m2.group(2)):
            return m2.group(2), m2.group(1)
        return None
    name = NAME_START.sub("", m.group(1)).strip("・　 ")
    # Keep the proper name only: 「本サービスを提供する株式会社〇〇」 → 「株式会社〇〇」.
    name = re.split(r"(?:する|した|である|の運営する|が運営する|が提供する)", name)[-1] or name
    if len(name) < 2 or name == m.group(2):
        return None
    return name, m.group(2)
