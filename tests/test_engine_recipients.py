"""Who receives the data and which data: the recipients and data of disclosure findings, on real sentences."""
from __future__ import annotations

import textwrap

import pytest

from kiyaku.analyzer.engine import find, find_in_text
from kiyaku.analyzer.structure import parse

pytestmark = pytest.mark.nlp


def disclosure(text: str, ruleset) -> tuple[list[str], list[str]]:
    found = [h for h in find_in_text(text, ruleset).hits if h.rule.startswith("disclosure.")]
    assert found, text
    return found[0].recipients, found[0].data


@pytest.mark.parametrize(
    "text, recipients",
    [
        # the partner of a shared use
        ("当社は、利用者の氏名及び購入履歴を当社の提携先と共有することがあります。", ["提携先"]),
        # 「X に対し」 names the recipient even when the parser attaches X elsewhere in a long sentence; the
        # parties listed with X (「県、市町村及び」) receive the data too
        ("当法人は、緊急時において必要があるときは、県、市町村及び災害派遣医療チームに対し、登録患者の氏名、"
         "生年月日、住所、処方内容並びに継続が必要な治療に関する情報を提供することができる。", ["県", "市町村", "災害派遣医療チーム"]),
        # 「A、Bその他の…事業者に」: the listed parties before その他, and the generic one
        ("当社は、金融機関、カード会社その他の決済を代行する事業者に、会員の氏名を開示します。", ["金融機関", "カード会社", "事業者"]),
        # 事業に depends on 協賛する, not on 提供: only the company is a recipient
        ("当会は、当会の事業に協賛する企業に対し、研修会の案内のため、会員の氏名を提供することがある。", ["企業"]),
        # what the data is turned into, and a place it is kept, are not recipients
        ("当社は、契約者データを個人を識別できない形式に加工し、当社の業務提携先に提供することができる。", ["業務提携先"]),
        ("当社は、診療データを外国にあるサーバーに保存し、国外の事業者に取り扱わせることができる。", ["国外の事業者"]),
        # a verbal noun before に (提供に必要な) is a purpose
        ("当社は、本サービスの提供に必要な業務の一部を外部の事業者に委託し、個人情報を預託することがあります。",
         ["外部の事業者"]),
    ],
)
def test_recipients(text, recipients, ruleset, ginza):
    assert disclosure(text, ruleset)[0] == recipients


def test_data_keeps_what_a_relational_word_belongs_to(ruleset, ginza):
    _, data = disclosure("当庁は、外部事業者から照会があったときは、利用者登録の有無を当該外部事業者に開示することができる。",
                         ruleset)
    assert "利用者登録の有無" in data and "有無" not in data


def test_the_users_own_data_is_a_kind_of_data(ruleset, ginza):
    _, data = disclosure("当会は、会員情報を外部の事業者に委託して管理させることがあります。", ruleset)
    assert "会員情報" in data


def test_items_that_pair_a_recipient_with_its_data_are_findings_of_their_own(ruleset, ginza):
    document = parse(textwrap.dedent("""\
        第1条（目的）
        本規約は、本ネットワークの利用条件を定める。
        第2条（情報の提供）
        本法人は、次の各号に掲げる者に対し、登録患者の診療情報を提供することができる。
        一　保険者　被保険者番号及び処方内容
        二　市町村　氏名、住所及び生年月日
        第3条（変更）
        本法人は、本規約を変更することがある。
        第4条（窓口）
        お問い合わせは本法人の窓口までお願いします。
        """))
    found = [f for f in find(document, ruleset, cache=False) if f.category == "disclosure"]
    assert [(f.article, f.paragraph, f.item) for f in found] == [("第2条", 1, 1), ("第2条", 1, 2)]
    assert [f.recipients for f in found] == [["保険者"], ["市町村"]]
    assert "被保険者番号" in found[0].data and "住所" in found[1].data


def test_each_item_takes_its_severity_from_its_own_words(ruleset, ginza):
    """「次の各号に掲げる者に対し、当該各号に定める情報を提供」: the lead names no recipient; the items do, and an item
    that hands over only statistics is lowered by its own words while the one with identifying data is not."""
    document = parse(textwrap.dedent("""\
        第1条（目的）
        本約款は、本APIの利用条件を定める。
        第2条（情報の提供）
        甲は、次の各号に掲げる者に対し、当該各号に定める情報を提供することができる。
        一　製薬会社　匿名加工した処方の統計情報
        二　保険会社　乙の顧客の氏名及び利用状況
        第3条（変更）
        甲は、本約款を変更することがある。
        第4条（窓口）
        お問い合わせは甲の窓口までお願いします。
        """))
    found = [f for f in find(document, ruleset, cache=False) if f.category == "disclosure"]
    assert [(f.article, f.paragraph, f.item) for f in found] == [("第2条", 1, 1), ("第2条", 1, 2)]
    assert [f.recipients for f in found] == [["製薬会社"], ["保険会社"]]
    assert found[0].severity == "low" and found[1].severity == "high"
