"""Numerals and line-start marks (kiyaku.analyzer.structure.numbering)."""
import pytest

from kiyaku.analyzer.structure.numbering import kanji_to_int, read_bullet, read_mark, roman_to_int, to_int


@pytest.mark.parametrize(
    "text, value",
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("百", 100), ("百二十三", 123),
     ("千二百", 1200), ("二〇", 20), ("〇", 0)],
)
def test_kanji_numerals(text, value):
    assert kanji_to_int(text) == value


def test_kanji_numeral_rejects_other_text():
    assert kanji_to_int("一部") is None
    assert kanji_to_int("") is None


@pytest.mark.parametrize("text, value", [("12", 12), ("１２", 12), ("十二", 12), ("３", 3), ("abc", None)])
def test_to_int_accepts_every_digit_form(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("text, value", [("i", 1), ("ii", 2), ("iv", 4), ("ix", 9), ("XII", 12), ("q", None)])
def test_roman(text, value):
    assert roman_to_int(text) == value


@pytest.mark.parametrize(
    "line, reading",
    [
        ("２　当社は", ("bare", 2)),
        ("2 当社は", ("bare", 2)),
        ("2当社は、", ("bare", 2)),
        ("（２）当社は", ("paren", 2)),
        ("(2) 当社は", ("paren", 2)),
        ("○２　当社は", ("maru", 2)),
        ("②　当社は", ("circled", 2)),
        ("⑴ 氏名", ("paren", 1)),
        ("一　法令に違反する行為", ("kanji", 1)),
        ("十二　その他", ("kanji", 12)),
        ("1. 法令", ("dot", 1)),
        ("１．法令", ("dot", 1)),
        ("1) 法令", ("rparen", 1)),
        ("（一）法令", ("kparen", 1)),
        ("ア　個人", ("aiueo", 1)),
        ("(a) 個人", ("alpha_paren", 1)),
        ("(ｱ)個人", ("aiueo_paren", 1)),
        ("ｲ　個人", ("aiueo", 2)),
        ("ａ．個人", ("alpha", 1)),
        ("b.個人", ("alpha", 2)),
        ("ⅱ 個人", ("roman", 2)),
        ("Ⅲ．個人", ("roman", 3)),
        ("（ⅳ）個人", ("roman_paren", 4)),
    ],
)
def test_marks_read_as_their_number(line, reading):
    mark = read_mark(line)
    assert mark is not None
    assert reading in mark.readings


def test_ambiguous_marks_keep_every_reading():
    assert set(read_mark("イ　個人").readings) == {("iroha", 1), ("aiueo", 2)}
    assert set(read_mark("(i) 個人").readings) == {("roman_paren", 1), ("alpha_paren", 9)}


@pytest.mark.parametrize(
    "line",
    ["1年以内に", "3ヶ月前までに", "10日前", "2024年4月1日", "1,000円", "2つの", "一切の責任", "一部を", "(注)", "第3条",
     "(1)から(3)まで", "①及び②", "（２）の場合", "②に定める"],
)
def test_quantities_and_words_are_not_marks(line):
    assert read_mark(line) is None


def test_mark_text_offset_skips_the_space():
    line = "２　当社は"
    mark = read_mark(line)
    assert line[mark.text_at:] == "当社は"
    mark = read_mark("2当社は")
    assert mark.text_at == 1


def test_counter_words_after_a_wrapped_number_are_no_marks():
    for line in ("3営業日以内", "2週間", "8桁の番号", "2以上の"):
        assert read_mark(line) is None, line
    assert read_mark("2本規約は") is not None  # 本 starts 本規約, not a count of things


@pytest.mark.parametrize(
    "line, bullet, text",
    [("・法令に違反する行為", "・", "法令"), ("- 法令に違反する行為", "-", "法令"), ("* 法令", "*", "法令"),
     ("●　法令", "●", "法令"), ("○ 法令", "○", "法令"), ("・2024年4月1日改定", "・", "2024")],
)
def test_bullets(line, bullet, text):
    char, at = read_bullet(line)
    assert char == bullet and line[at:].startswith(text)


@pytest.mark.parametrize("line", ["○２　当社は", "◯3 当社は", "-1度", "**第1条**", "---", "・", "※ 注記", "- 3 -", "- 12"])
def test_not_bullets(line):
    assert read_bullet(line) is None
