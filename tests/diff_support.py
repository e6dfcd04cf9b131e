"""Versions of one terms document and hand-made findings for the diff tests (no rule engine, no GiNZA).

Each version is real text structured by ``kiyaku.analyzer.structure.parse``; a finding is placed on the whole
line (the paragraph or item) that holds a phrase, at its real offsets, the way the engine reports a
clause. This module holds no tests itself.
"""
from __future__ import annotations

import hashlib

from kiyaku.analyzer.model import Analysis, Finding, Source
from kiyaku.analyzer.structure import parse

TITLE = "ことり家計簿 利用規約\n\n"
PREAMBLE = (
    "この利用規約（以下「本規約」といいます。）は、株式会社ことりソフト（以下「当社」といいます。）が提供する"
    "家計簿アプリ「ことり家計簿」（以下「本サービス」といいます。）の利用条件を定めるものです。\n\n"
)
ART_APPLY = "第1条（適用）\n本規約は、本サービスの利用に関する当社と利用者との間の一切の関係に適用されます。\n\n"
ART_REGISTER = (
    "第2条（利用登録）\n"
    "本サービスの利用を希望する者は、当社の定める方法により利用登録を申請するものとします。\n"
    "２　当社は、前項の申請者に次の各号のいずれかに該当する事由があると判断した場合には、利用登録を承認しないことがあります。\n"
    "一　申請内容に虚偽の事項がある場合\n"
    "二　過去に本規約に違反したことがある者からの申請である場合\n\n"
)
ART_PRIVACY = (
    "第3条（個人情報の取扱い）\n"
    "当社は、利用者の個人情報を、当社が別に定めるプライバシーポリシーに従って適切に取り扱います。\n"
    "２　当社は、本サービスの提供に必要な範囲で、利用者の氏名及びメールアドレスを決済代行会社に提供することがあります。\n\n"
)
SUSPEND_CLAUSE = "当社は、利用者が前条又は第2条の規定に違反した場合には、事前に通知することなく、本サービスの利用を停止することができます。"
ART_SUSPEND = f"第4条（利用停止）\n{SUSPEND_CLAUSE}\n\n"
WAIVER_CLAUSE = "当社は、本サービスの利用により利用者に生じた損害について、一切の責任を負いません。"
ART_WAIVER = f"第5条（免責）\n{WAIVER_CLAUSE}\n\n"
AMEND_CLAUSE = "当社は、利用者に通知することなく、いつでも本規約を変更することができるものとします。"
DEEMED_CLAUSE = "変更後の本規約は、本サービス上に掲示した時点から効力を生じ、利用者が本サービスを利用したときは、変更後の本規約に同意したものとみなします。"
ART_AMEND = f"第6条（規約の変更）\n{AMEND_CLAUSE}\n２　{DEEMED_CLAUSE}\n\n"
SUPPLEMENT = "附則\n本規約は、2023年4月1日から施行します。\n"

# Version 1: the base.
V1 = TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY + ART_SUSPEND + ART_WAIVER + ART_AMEND + SUPPLEMENT

# Version 2: a new 第4条 (external transmission) is inserted, renumbering 4–6 to 5–7; the suspension
# article's reference 「前条」 becomes 「第3条」 (it still means the privacy article): a renumbering only.
SEND_CLAUSE = "当社は、利用状況の分析のため、利用者の端末情報及び閲覧履歴を広告配信事業者に送信することがあります。"
V2_INSERTED = (
    TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY
    + f"第4条（外部送信）\n{SEND_CLAUSE}\n\n"
    + "第5条（利用停止）\n当社は、利用者が第3条又は第2条の規定に違反した場合には、事前に通知することなく、本サービスの利用を停止することができます。\n\n"
    + ART_WAIVER.replace("第5条", "第6条")
    + ART_AMEND.replace("第6条", "第7条")
    + SUPPLEMENT
)

# Version 3: the waiver article 第5条 is deleted; 第6条 becomes 第5条.
V3_DELETED = (
    TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY + ART_SUSPEND + ART_AMEND.replace("第6条", "第5条") + SUPPLEMENT
)

# Version 4: the waiver clause moves into the suspension article as its 第2項; 第5条 disappears.
V4_MOVED = (
    TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY
    + f"第4条（利用停止）\n{SUSPEND_CLAUSE}\n２　{WAIVER_CLAUSE}\n\n"
    + ART_AMEND.replace("第6条", "第5条")
    + SUPPLEMENT
)

# Version 5: the waiver is reworded (same risk), the disclosure gains a recipient, the amendment
# clause is softened to a 民法第548条の4 procedure and the deemed-consent paragraph is dropped.
WAIVER_REWORDED = "当社は、本サービスに関して利用者に生じたいかなる損害についても、一切責任を負わないものとします。"
DISCLOSE_WIDER = "２　当社は、本サービスの提供に必要な範囲で、利用者の氏名及びメールアドレスを決済代行会社及び提携する保険代理店に提供することがあります。"
AMEND_SOFT = "当社は、民法第548条の4の規定に基づき、変更の効力発生日の1か月前までに変更内容を本サービス上に掲示した上で、本規約を変更することがあります。"
V5_REVISED = (
    TITLE + PREAMBLE + ART_APPLY + ART_REGISTER
    + "第3条（個人情報の取扱い）\n当社は、利用者の個人情報を、当社が別に定めるプライバシーポリシーに従って適切に取り扱います。\n"
    + DISCLOSE_WIDER + "\n\n"
    + ART_SUSPEND
    + f"第5条（免責）\n{WAIVER_REWORDED}\n\n"
    + f"第6条（規約の変更）\n{AMEND_SOFT}\n\n"
    + SUPPLEMENT
)

RULES_VERSION = "test-rules@1"


def analysis(text: str, path: str = "terms.txt", findings=(), rules_version: str = RULES_VERSION) -> Analysis:
    source = Source(
        path=path, text=text, encoding="utf-8", format="text", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
    result = Analysis(source=source, document=parse(text), findings=[], rules_version=rules_version)
    result.findings = [f(result) if callable(f) else f for f in findings]
    return result


def line_of(text: str, phrase: str) -> tuple[int, int]:
    """The offsets of the whole line holding ``phrase`` (without its newline)."""
    at = text.index(phrase)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def clause(phrase: str, category: str, severity: str, *, rule: str | None = None, recipients=(), data=(),
           reasons=(), title: str = "") -> callable:
    """A finding on the line holding ``phrase``, placed by the document's own structure."""

    def make(an: Analysis) -> Finding:
        start, end = line_of(an.source.text, phrase)
        place = an.document.locate(start)
        return Finding(
            rule=rule or f"test.{category}",
            category=category,
            severity=severity,
            article=place.article,
            paragraph=place.paragraph,
            item=place.item,
            start=start,
            end=end,
            text=an.source.text[start:end],
            explanation=f"{category} の条項です。",
            recipients=list(recipients),
            data=list(data),
            title=title or f"{category} のテスト規則",
            reasons=list(reasons),
        )

    return make


def missing(rule: str = "test.missing.data-after-exit", severity: str = "medium") -> Finding:
    return Finding(
        rule=rule, category="missing_provision", severity=severity, article=None, paragraph=None, item=None,
        start=0, end=0, text="", explanation="退会後のデータの扱いが書かれていません。", title="退会後のデータの扱い",
    )


# The risks of version 1, as the engine would report them.
V1_FINDINGS = [
    clause("決済代行会社に提供", "disclosure", "medium", recipients=["決済代行会社"], data=["氏名", "メールアドレス"]),
    clause(SUSPEND_CLAUSE[:20], "usage_limit", "high"),
    clause(WAIVER_CLAUSE, "liability_waiver", "high"),
    clause(AMEND_CLAUSE, "unilateral_amendment", "high", reasons=["事前の通知なく変更できるとしているため"]),
    clause(DEEMED_CLAUSE, "unilateral_amendment", "high", rule="test.deemed-consent"),
]


def rows(result) -> list[tuple]:
    """The alignment as (old, new, status) triples."""
    return [(r["old"], r["new"], r["status"]) for r in result.to_dict()["articles"]]
