"""The rule language's compound conditions (`with` / `without`) and narrowed term tokens, on a pack of our own."""
from __future__ import annotations

import textwrap

import pytest

from kiyaku.analyzer.engine import find_in_text
from kiyaku.analyzer.errors import RulePackError
from kiyaku.analyzer.engine.rulepack import load_ruleset

pytestmark = pytest.mark.nlp

PACK = textwrap.dedent(
    """\
    id: test.stop
    category: usage_limit
    severity: medium
    title: 停止
    explanation: テスト用の規則です。停止できるとする条項を拾います。
    refs: []
    patterns:
      - [{LEMMA: 提供}, {LEMMA: を}, {LEMMA: 停止}]
    requires:
      - patterns: [[{LEMMA: 当社}]]
        without: [{patterns: [[{LEMMA: 利用者}, {LEMMA: の}, {LEMMA: 求め}]]}]
    adjust:
      - patterns: [[{MACRO: advance-notice}]]
        without: [{patterns: [[{MACRO: without-notice}]]}]
        severity: low
        why: 事前に通知する
      - patterns: [[{LEMMA: 緊急}]]
        scope: article
        with: [{patterns: [[{MACRO: without-notice}]], scope: sentence}]
        severity: high
        why: 緊急時に通知なく止める
    examples:
      match:
        - {text: 当社は、提供を停止することがあります。}
      no_match:
        - {text: 当社は、利用者の求めにより提供を停止します。, why: 利用者の求め}
    """
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory, ginza):
    folder = tmp_path_factory.mktemp("pack")
    (folder / "stop.yaml").write_text(PACK, encoding="utf-8")
    return load_ruleset([str(folder)], bundled=False)


def severities(text, ruleset):
    return [h.severity for h in find_in_text(text, ruleset).hits if h.rule == "test.stop"]


def test_without_keeps_a_false_advance_notice_from_lowering(pack):
    assert severities("当社は、事前に通知した上で、提供を停止することがあります。", pack) == ["low"]
    # 「事前に通知することなく」 begins like advance notice; `without` keeps it from counting
    assert severities("当社は、事前に通知することなく、提供を停止することがあります。", pack) == ["medium"]


def test_with_needs_both_parts_each_in_its_own_scope(pack):
    text = "緊急の場合について定める。\n当社は、予告なく、提供を停止することがあります。"
    assert "high" in severities(text, pack)  # 緊急 in the article, no notice in the sentence
    assert severities("緊急の場合について定める。\n当社は、提供を停止することがあります。", pack) == ["medium"]


def test_without_on_a_requirement(pack):
    assert severities("当社は、提供を停止することがあります。", pack) == ["medium"]
    assert severities("当社は、利用者の求めにより提供を停止します。", pack) == []


def test_reasons_name_only_the_adjustments_that_held(pack):
    hit = [h for h in find_in_text("当社は、事前に通知することなく、提供を停止することがあります。", pack).hits][0]
    assert hit.reasons == []


def test_a_term_token_can_be_narrowed(tmp_path, ginza):
    rule = PACK.replace("id: test.stop", "id: test.data").replace(
        "  - [{LEMMA: 提供}, {LEMMA: を}, {LEMMA: 停止}]",
        "  - [{TERM: data-nouns, LEMMA: {NOT_IN: [情報, データ]}}, {OP: \"*\"}, {LEMMA: 提供}]",
    )
    (tmp_path / "data.yaml").write_text(rule, encoding="utf-8")
    ruleset = load_ruleset([str(tmp_path)], bundled=False)

    def found(text):
        return [h for h in find_in_text(text, ruleset).hits if h.rule == "test.data"]

    assert found("当社は、利用者の氏名を提供します。")
    assert found("当社は、診療情報を提供します。")  # 診療情報 (診療|情報): its 診療 is more than the bare word
    assert not found("当社は、情報を提供します。")


def test_a_malformed_compound_condition_names_the_file(tmp_path):
    (tmp_path / "bad.yaml").write_text(PACK.replace("without: [{patterns:", "without: [{pattern:", 1), encoding="utf-8")
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)], bundled=False)
    assert "bad.yaml" in str(err.value)


def test_a_document_scoped_adjustment_reads_other_articles_and_only_lowers(ginza):
    from kiyaku.analyzer.engine.document import find
    from kiyaku.analyzer.structure import parse

    ruleset = load_ruleset([])
    waiver = "第3条（免責）\n当社は、配信の遅れにより会員に生じた損害について一切の責任を負いません。\n"
    restoring = ("第9条（責任の範囲）\n本規約の他の条項にかかわらず、当社の責めに帰すべき事由により会員に損害が生じた"
                 "ときは、当社はその損害を賠償します。\n")
    filler = "第1条（目的）\n本規約は、本サービスの利用条件を定めるものです。\n第2条（登録）\n会員は、所定の方法で登録します。\n"

    def waiver_finding(text):
        return [f for f in find(parse(text), ruleset, cache=False)
                if f.rule == "liability.total-exemption" and f.article == "第3条"]

    alone = waiver_finding(filler + waiver)
    assert [f.severity for f in alone] == ["high"]
    restored = waiver_finding(filler + waiver + restoring)  # the restoring clause six articles later
    assert [f.severity for f in restored] == ["medium"]
    assert any("かかわらず" in r or "別の条項" in r for r in restored[0].reasons)
    # a low finding stays low: the document scope never raises
    low = waiver_finding(filler + waiver.replace("配信の遅れにより", "天災地変その他の不可抗力により") + restoring)
    assert [f.severity for f in low] == ["low"]


def test_a_document_scoped_adjustment_stays_in_its_own_part_of_a_bundle(ginza):
    """Member terms with shop rules appended (numbering restarts under the rules' own title): a clause of the
    member terms that restores liability limits the member terms' exemptions, not the shop rules', and back."""
    from kiyaku.analyzer.engine.document import find
    from kiyaku.analyzer.structure import parse

    ruleset = load_ruleset([])
    restoring = ("第3条（責任の範囲）\n本規約の他の条項にかかわらず、当社の責めに帰すべき事由により会員に損害が生じた"
                 "ときは、当社はその損害を賠償します。\n")
    terms = ("会員規約\n\n第1条（目的）\n本規約は、当社の通信販売サービスの利用条件を定めます。\n"
             "第2条（免責）\n当社は、配送の遅れにより会員に生じた損害について一切の責任を負いません。\n")
    rules = ("\n【店舗利用規則】\n第1条（適用）\n本規則は、当社が運営する店舗の利用に適用されます。\n"
             "第2条（免責）\n当社は、店舗内での盗難により会員に生じた損害について一切の責任を負いません。\n")

    def severities(text):
        doc = parse(text)
        assert doc.appended  # the shop rules are read as a part of their own
        return {f.article: f.severity for f in find(doc, ruleset, cache=False) if f.rule == "liability.total-exemption"}

    assert severities(terms + restoring + rules) == {"第2条": "medium", "店舗利用規則第2条": "high"}
    # the same clause as the shop rules' 第3条
    assert severities(terms + rules + restoring) == {"第2条": "high", "店舗利用規則第2条": "medium"}


def test_the_document_scope_is_for_adjustments_only(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        PACK.replace("  - patterns: [[{LEMMA: 当社}]]\n", "  - patterns: [[{LEMMA: 当社}]]\n    scope: document\n", 1),
        encoding="utf-8")
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)], bundled=False)
    assert "document" in str(err.value)
