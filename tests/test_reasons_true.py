"""Every stated reason (判断) must be true of the clause it is given for.

A reason is the `why` of an `adjust` condition that matched; these cases, written for this test in the
register of real terms documents, each hold a construction that once made a reason appear although the
clause says otherwise (a catch-all item under 「障害・災害などに限った停止」, consent read as notice, the
operator's own contract read as a dispute between others, …). Each case names the rule, the reasons that
must not be given, and, where the condition still applies, the reason that must be.
"""

from __future__ import annotations

import re

import pytest

from kiyaku.analyzer.engine import find_in_text

pytestmark = pytest.mark.nlp

LIMITED = "列挙された事由に限った停止"
NO_NOTICE = "事前の通知なく"

# (text, rule, reasons that must not appear (substrings), reason that must appear or None)
CASES = [
    # a catch-all item leaves the stop to the operator's judgement: not "limited to failures"
    (
        "当社は、次の各号のいずれかに該当する場合には、事前に通知することなく、本サービスを一時的に停止できます。\n"
        "（1）設備の保守を行う場合\n（2）停電や天災により提供が困難な場合\n（3）その他当社が停止を必要と判断した場合",
        "usage.suspend-service",
        [LIMITED],
        "事業者の判断に委ねる事由も含む",
    ),
    # …and without it the list is limited
    (
        "当社は、次の各号のいずれかに該当する場合には、事前に通知することなく、本サービスを一時的に停止できます。\n"
        "（1）設備の保守を行う場合\n（2）停電や天災により提供が困難な場合",
        "usage.suspend-service",
        [],
        LIMITED,
    ),
    # "not reasonably possible, objectively" is no one's discretion
    (
        "当社は、次の各号のいずれかに該当する場合には、本サービスを一時的に停止できます。\n"
        "（1）落雷や停電により提供が困難な場合\n（2）その他、提供の継続が困難であると客観的に認められる場合",
        "usage.suspend-service",
        [],
        LIMITED,
    ),
    # the member's own breaches, listed and nothing else: "limited to the listed causes" holds
    (
        "当社は、会員が次の各号のいずれかに該当する場合、当該会員による本サービスの利用を停止できます。\n"
        "（1）本規約に違反した場合\n（2）料金の支払を怠った場合",
        "usage.suspend-service",
        [],
        LIMITED,
    ),
    (
        "当社は、停電その他の障害が生じた場合及び当社が必要と判断した場合には、事前の通知なく本サービスを中断できます。",
        "usage.suspend-service",
        [LIMITED],
        NO_NOTICE,
    ),
    # consent is not notice: here notice is even promised
    (
        "当社は、会員の承諾を得ることなく、本規約を改定できるものとし、改定の際は30日前までに会員に通知します。",
        "amendment.change-terms",
        [NO_NOTICE],
        "一定の期間",
    ),
    (
        "当社は、会員の承諾を得ることなく、登録を抹消することができます。",
        "usage.account-deletion",
        [NO_NOTICE],
        "承諾を得ずに",
    ),
    # the member's own prohibited act, met by the operator's own measure: nobody else's act
    (
        "当社は、会員が前項の行為に該当すると判断したときは、当該会員の資格を停止でき、"
        "これにより会員に損害が生じても当社は一切責任を負いません。",
        "liability.total-exemption",
        ["他の利用者や第三者の行為"],
        None,
    ),
    # 「当社と会員との間の契約」 is the operator's own contract, no dispute between others
    (
        "当社は、本サービスに起因して会員に生じた損害について一切責任を負いません。"
        "ただし、当社と会員との間の契約が消費者契約に当たる場合には、この規定は適用しません。",
        "liability.total-exemption",
        ["他の利用者や第三者の行為", "故意・重過失の場合も含めて"],
        None,
    ),
    # a dispute between the member and a payment company: the reason holds
    (
        "会員と決済会社との間で紛争が生じた場合、当事者間で解決するものとし、当社は一切責任を負いません。",
        "liability.total-exemption",
        [],
        "他の利用者や第三者の行為",
    ),
    (
        "当社は、会員の行為により他の会員に生じた損害について責任を負いません。",
        "liability.total-exemption",
        [],
        "他の利用者や第三者の行為",
    ),
    # 「負いかねます」 refuses liability: no one else is named as bearing it
    (
        "ポイントの失効について、当社及び提携企業は一切の責任を負いかねます。",
        "liability.total-exemption",
        ["責任を負う者が別に示されている"],
        None,
    ),
    # 「何らの」 is as total as 「一切」
    (
        "提携会社の事情によりメールが届かない場合でも、当社は何らの責任を負いません。",
        "liability.total-exemption",
        ["「一切」等の全面的な表現はない"],
        None,
    ),
    # staying out of the member's device settings is no dispute left to the parties
    (
        "当社は、会員の端末の設定について一切関与せず、責任を負いません。",
        "liability.total-exemption",
        ["紛争に関与しない"],
        None,
    ),
    # a refund named as a condition is no refund promised
    (
        "当社は、チケットが返金された場合に主催者に生じた売上の減少について、一切責任を負いません。",
        "liability.total-exemption",
        ["料金の返還"],
        None,
    ),
    (
        "当社は、本サービスを終了したときは、未経過期間の会費を返金するほかは、責任を負いません。",
        "liability.total-exemption",
        [],
        "料金の返還",
    ),
    # an exclusion for the operator's (ordinary) negligence does not reach wilful or gross fault
    (
        "前項ただし書きの場合であっても、当社は、当社の過失による損害のうち特別な事情から生じた損害については責任を負いません。",
        "liability.total-exemption",
        ["故意・重過失の場合も含めて"],
        None,
    ),
    (
        "当社は、本サービスの利用により生じた損害について、その原因の如何を問わず責任を負いません。",
        "liability.total-exemption",
        [],
        "故意・重過失の場合も含めて",
    ),
    # damage from others' use put on the member is more than keeping a password
    (
        "会員は、パスワードの管理不十分や第三者の使用によって生じた損害について自ら責任を負うものとします。",
        "liability.user-responsibility",
        ["通常の定め"],
        None,
    ),
    (
        "会員は、自己のIDとパスワードを自らの責任で管理するものとします。",
        "liability.user-responsibility",
        [],
        "通常の定め",
    ),
    # an ID traded as goods is no credential to keep
    (
        "会員IDの売買に関して会員と第三者との間で生じた紛争は、会員の責任で解決するものとします。",
        "liability.user-responsibility",
        ["認証情報を自ら管理"],
        None,
    ),
    # selling a claim is no merger or business transfer
    (
        "当社は、割賦代金の債権を金融機関に譲渡する場合、その譲渡先に会員の氏名及び住所を提供します。",
        "disclosure.provide-data",
        ["合併・事業譲渡"],
        None,
    ),
    # an entrusted carrier: the reason speaks of entrustment only, not of anonymised data
    ("当社は、配送業務を委託する運送会社に会員の住所を提供します。", "disclosure.provide-data", ["加工"], "委託先"),
    (
        "当社は、個人を識別できない統計データの形式で会員情報を提携企業に提供します。",
        "disclosure.provide-data",
        ["委託先"],
        None,
    ),
]


@pytest.mark.parametrize("text, rule, false_reasons, true_reason", CASES, ids=[c[0][:24] for c in CASES])
def test_reason_is_true_of_the_clause(ruleset, text, rule, false_reasons, true_reason):
    hits = [h for h in find_in_text(text, ruleset).hits if h.rule == rule]
    assert hits, f"{rule} should still find the clause"
    reasons = [r for h in hits for r in h.reasons]
    for bad in false_reasons:
        assert not any(bad in r for r in reasons), f"false reason {bad!r} given: {reasons}"
    if true_reason:
        assert any(true_reason in r for r in reasons), f"reason {true_reason!r} missing: {reasons}"


# Words that assume the reader is a medical institution, or example data no clause of theirs contains
_PRESUMED = re.compile("住民票コード|被保険者番号|診療|患者|医療機関|病院|薬局|健康情報|医師")


def test_explanations_and_reasons_assume_no_medical_reader(ruleset):
    for rule in ruleset.rules:
        texts = [rule.title, rule.explanation] + [c.why for c in rule.adjust]
        for text in texts:
            assert not _PRESUMED.search(text or ""), f"{rule.id}: {text}"


# A document whose later article takes back every exemption for the operator's own fault: the earlier
# 「理由の如何を問わず」 exemption is then no longer "valid whatever the cause", and must not say so.
RESTORED = """第1条（目的）
本規約は、当社が提供する会員サービスの利用条件を定めるものです。
第2条（通知）
当社からの連絡が届かなかったことにより会員に生じた損害について、当社は、その理由の如何を問わず責任を負いません。
第3条（登録）
会員は、正確な情報を登録するものとします。
第4条（免責）
前条までその他本規約の規定にかかわらず、当社の責めに帰すべき事由により会員に損害が生じた場合には、当社はその損害を賠償します。
"""


def test_a_reason_the_document_takes_back_is_dropped():
    from kiyaku.analyzer.load import load_bytes
    from kiyaku.analyzer.pipeline import analyze_source

    findings = analyze_source(load_bytes(RESTORED.encode("utf-8"), "terms.txt"), cache=False).findings
    waiver = [f for f in findings if f.rule == "liability.total-exemption" and f.article == "第2条"]
    assert waiver, [(f.rule, f.article) for f in findings]
    assert waiver[0].severity == "medium"
    assert not any("故意・重過失の場合も含めて" in r for r in waiver[0].reasons), waiver[0].reasons
    assert any("別の条項" in r for r in waiver[0].reasons), waiver[0].reasons


# Later cases: the point program is the service itself in a point card's terms, a demand made before the
# measure, a judgement that picks whom to tell
MORE = [
    (
        "当社は、事前に通知することなく、ポイントプログラムを終了することがあります。",
        "usage.suspend-service",
        ["付随的"],
        "ポイント・特典",
    ),
    (
        "当社は、会員が本規約に違反し、相当の期間を定めて是正を催告したにもかかわらず是正されないときは、"
        "通知を要することなく会員登録を抹消できます。",
        "usage.account-deletion",
        ["催告なく", "承諾を得ずに"],
        None,
    ),
    # the statutory public-interest cases: the contractor is the public body's, and consent is what is not sought
    (
        "地方公共団体又はその委託を受けた者が法令の定める事務を行うことに協力する必要があり、会員の同意を得ると"
        "その事務に支障が生じるおそれがあるときは、当社は会員の個人情報を提供することがあります。",
        "disclosure.provide-data",
        ["委託先", "同意を得て提供"],
        "法令の定める事務",
    ),
    (
        "公衆衛生の向上のために特に必要で、会員の同意を得ることが難しいときは、当社は会員の個人情報を第三者に提供します。",
        "disclosure.provide-data",
        ["同意を得て提供"],
        "公衆衛生",
    ),
    # photos published beside the statistics identify the people in them
    (
        "当社は、大会の順位、プレイの統計及び参加者の写真を、宣伝のためにウェブサイトで公表することがあります。",
        "disclosure.provide-data",
        ["個人が特定されない"],
        None,
    ),
    # a dispute with another member is no misuse of the account
    (
        "会員と他の会員との間で生じた紛争や、会員が第三者に与えた損害については、会員の責任で解決するものとし、"
        "当社は一切の責任を負いません。",
        "liability.user-responsibility",
        ["不正利用"],
        "全て利用者に負わせている",
    ),
]


@pytest.mark.parametrize("text, rule, false_reasons, true_reason", MORE, ids=[c[0][:24] for c in MORE])
def test_more_reasons_are_true(ruleset, text, rule, false_reasons, true_reason):
    test_reason_is_true_of_the_clause(ruleset, text, rule, false_reasons, true_reason)


# Recipients are who receives the data: in a promise not to share, the party before 以外 receives it; a title
# quoted with 「…について」 is nobody
RECIPIENTS = [
    (
        "当社は、お客様の情報を関連会社以外の会社と共有することはありません。",
        "disclosure.except-recipients",
        "関連会社",
        "以外",
    ),
    (
        "当社は、登録された情報を、協力企業以外には提供しないものとします。",
        "disclosure.except-recipients",
        "協力企業",
        "以外",
    ),
    (
        "当社は、お客様の情報を「個人情報の取扱いについて」に定める目的のために、業務を委託する委託先に提供することがあります。",
        "disclosure.provide-data",
        "委託先",
        "取扱い",
    ),
]


@pytest.mark.parametrize("text, rule, recipient, false_part", RECIPIENTS, ids=[c[0][:24] for c in RECIPIENTS])
def test_recipients_are_who_receives(ruleset, text, rule, recipient, false_part):
    hits = [h for h in find_in_text(text, ruleset).hits if h.rule == rule]
    assert hits, f"{rule} should still find the clause"
    recipients = [r for h in hits for r in h.recipients]
    assert recipient in recipients, recipients
    assert not any(false_part in r for r in recipients), recipients
