"""Text as clerks type it: widths, stray spaces, phone numbers and ID numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brandoffice.idcard import id_number_problem, make_id_number, normalise
from brandoffice.normalise import fold_width, tidy_code, tidy_name, tidy_phone, tidy_text

WIDE = {
    ord(c): ord(c) + 0xFEE0
    for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
}
SEPARATORS = st.sampled_from([" ", "-", ".", "　", " - ", "–", "/"])


def widened(text: str) -> str:
    return text.translate(WIDE)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138001", "13800138001"),
        ("138 0013 8001", "13800138001"),
        ("138-0013-8001", "13800138001"),
        ("１３８００１３８００１", "13800138001"),
        ("＋86 138 0013 8001", "13800138001"),
        ("+86-138-0013-8001", "13800138001"),
        ("0086 13800138001", "13800138001"),
        ("(010) 8888.6666", "010-88886666"),
        ("（010）88886666", "010-88886666"),
        ("01088886666", "010-88886666"),
        ("+86 10 8888 6666", "010-88886666"),
        ("021-6666 7777", "021-66667777"),
        ("0571-88001234", "0571-88001234"),
        ("057188001234", "0571-88001234"),
        ("0571-8800123", "0571-8800123"),
        ("0571-88001234-808", "0571-88001234-808"),
        ("0571 88001234 转 808", "0571-88001234-808"),
        ("0571-88001234分机808", "0571-88001234-808"),
        ("88001234", "88001234"),
        ("\u200b13800138001\ufeff", "13800138001"),
    ],
)
def test_phones_as_clerks_type_them(typed: str, stored: str) -> None:
    assert tidy_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "1380013800", "138001380011", "23800138001", "电话", "138-0013-800a", "0571-123",
     "+86 88001234", "13800138001 转 12"],
)  # fmt: skip
def test_what_is_no_phone_number(typed: str) -> None:
    assert tidy_phone(typed) is None


@given(
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
    st.lists(SEPARATORS, min_size=2, max_size=2),
    st.booleans(),
    st.booleans(),
)
def test_any_mobile_however_typed_is_stored_as_eleven_digits(
    second: str, rest: str, marks: list[str], full_width: bool, country: bool
) -> None:
    number = "1" + second + rest
    typed = f"{number[:3]}{marks[0]}{number[3:7]}{marks[1]}{number[7:]}"
    if full_width:
        typed = widened(typed)
    if country:
        typed = "＋86 " + typed
    assert tidy_phone(typed) == number


@given(
    st.sampled_from(["010", "021", "0571", "0755"]), st.text("123456789", min_size=8, max_size=8)
)
def test_landlines_keep_the_area_code_apart(area: str, local: str) -> None:
    stored = f"{area}-{local}"
    assert tidy_phone(f"({area}) {local[:4]}.{local[4:]}") == stored
    assert tidy_phone(widened(area + local)) == stored
    assert tidy_phone(stored) == stored  # the stored form reads back as itself


@given(
    st.dates(dt.date(1930, 1, 1), dt.date(2005, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
    st.sampled_from(["", " ", "　", "-"]),
)
def test_id_numbers_in_full_width_or_with_spaces_pass(
    born: dt.date, sequence: int, full_width: bool, gap: str
) -> None:
    number = make_id_number("330106", born, sequence)
    typed = number[:6] + gap + number[6:14] + gap + number[14:].lower()
    if full_width:
        typed = widened(typed)
    assert id_number_problem(typed) is None  # no false 校验位错误
    assert normalise(typed) == number


@given(st.dates(dt.date(1930, 1, 1), dt.date(2005, 12, 31)), st.integers(0, 999))
def test_a_wrong_check_digit_is_still_found_in_full_width(born: dt.date, sequence: int) -> None:
    number = make_id_number("330106", born, sequence)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    problem = id_number_problem(widened(wrong))
    assert problem == f"身份证号校验位错误（应为 {number[17]}）"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("王　芳", "王芳"),
        (" 陈 晓 红 ", "陈晓红"),
        ("\u3000李建国\u00a0", "李建国"),
        ("欧阳·娜娜", "欧阳·娜娜"),
        ("Anna  Li", "Anna Li"),
        ("ＡＢＣ社区党委", "ABC社区党委"),
        ("第１网格党支部", "第1网格党支部"),
    ],
)
def test_names_lose_stray_spaces(typed: str, name: str) -> None:
    assert tidy_name(typed) == name


def test_prose_keeps_its_chinese_punctuation_and_lines() -> None:
    typed = "  党建引领，幸福共建：\n　服务（居民）　１０００人次  \r\n"
    assert tidy_text(typed) == "党建引领，幸福共建：\n服务（居民） 1000人次"


@given(st.text())
def test_tidying_is_idempotent(text: str) -> None:
    assert tidy_text(tidy_text(text)) == tidy_text(text)
    assert tidy_name(tidy_name(text)) == tidy_name(text)
    assert tidy_code(tidy_code(text)) == tidy_code(text)
    phone = tidy_phone(text)
    if phone is not None:
        assert tidy_phone(phone) == phone


@given(st.text(alphabet=st.characters(min_codepoint=0xFF10, max_codepoint=0xFF5A)))
def test_fold_width_leaves_no_full_width_letter_or_digit(text: str) -> None:
    assert not any(c.isalnum() and ord(c) >= 0xFF10 for c in fold_width(text))
