"""Complaint numbers (S3): format, parse, and the ISO 7064 MOD 37-2 check character."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenchannel_sdk.domain import NumberFormat, check_character, format_number, parse_number
from greenchannel_sdk.errors import ValidationError

CODES = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=6)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
SEQUENCES = st.integers(min_value=1, max_value=999_999)
CHANNELS = st.sampled_from(["web", "wechat", "hotline", "branch_box", "email"])


def test_known_number() -> None:
    number = format_number(NumberFormat(), on=date(2026, 11, 30), channel="web",
                           branch_code="sh01", sequence=123)
    assert number.startswith("GC-20261130-W-SH01-000123-")
    parsed = parse_number(number)
    assert (parsed.registered_on, parsed.channel_code, parsed.branch_code, parsed.sequence) == (
        date(2026, 11, 30), "W", "SH01", 123)


def test_iso7064_mod37_2_reference_value() -> None:
    # Worked by hand: P=0; for each char P=((P+v)*2) mod 37; check=(38-P) mod 37.
    # "A1": A=10 -> (0+10)*2=20; 1 -> (20+1)*2=42 mod 37=5; check = 33 -> 'X'.
    assert check_character("A1") == "X"


@given(day=DAYS, channel=CHANNELS, branch=CODES, sequence=SEQUENCES)
def test_round_trip(day: date, channel: str, branch: str, sequence: int) -> None:
    number = format_number(NumberFormat(), on=day, channel=channel, branch_code=branch,
                           sequence=sequence)
    parsed = parse_number(number)
    assert parsed.text == number
    assert (parsed.registered_on, parsed.branch_code, parsed.sequence) == (day, branch, sequence)


@given(day=DAYS, channel=CHANNELS, branch=CODES, sequence=SEQUENCES, data=st.data())
def test_any_single_wrong_character_is_rejected(day: date, channel: str, branch: str,
                                                sequence: int, data: st.DataObject) -> None:
    number = format_number(NumberFormat(), on=day, channel=channel, branch_code=branch,
                           sequence=sequence)
    positions = [i for i, ch in enumerate(number) if ch != "-"]
    i = data.draw(st.sampled_from(positions))
    alphabet = string.digits + string.ascii_uppercase + ("*" if i == len(number) - 1 else "")
    wrong = data.draw(st.sampled_from([c for c in alphabet if c != number[i]]))
    with pytest.raises(ValidationError):
        parse_number(number[:i] + wrong + number[i + 1:])


@given(day=DAYS, channel=CHANNELS, branch=CODES, sequence=SEQUENCES, data=st.data())
def test_swapped_neighbours_are_rejected(day: date, channel: str, branch: str, sequence: int,
                                         data: st.DataObject) -> None:
    number = format_number(NumberFormat(), on=day, channel=channel, branch_code=branch,
                           sequence=sequence)
    chars = [ch for ch in number if ch != "-"]
    pairs = [i for i in range(len(chars) - 1) if chars[i] != chars[i + 1]]
    i = data.draw(st.sampled_from(pairs))
    chars[i], chars[i + 1] = chars[i + 1], chars[i]
    # Put the separators back where they were.
    it = iter(chars)
    swapped = "".join("-" if ch == "-" else next(it) for ch in number)
    with pytest.raises(ValidationError):
        parse_number(swapped)


def test_read_out_over_the_phone_forms_are_accepted() -> None:
    number = format_number(NumberFormat(), on=date(2026, 1, 5), channel="hotline",
                           branch_code=None, sequence=7)
    spoken = "  " + number.lower().replace("-", " ") + " "
    assert parse_number(spoken).text == number


@pytest.mark.parametrize(("text", "field"), [
    ("GC-2026011-W-HQ-000001-0", "date"),
    ("XX-20260105-W-HQ-000001-0", "prefix"),
    ("GC-20260105-W-HQ-01-0", "sequence"),
    ("GC-20260105-W-HQ", "number"),
])
def test_malformed_numbers_explain_the_field(text: str, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_number(text)
    assert field in info.value.problems


def test_wrong_check_character_says_what_probably_happened() -> None:
    number = format_number(NumberFormat(), on=date(2026, 1, 5), channel="web",
                           branch_code="HQ", sequence=42)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="swapped"):
        parse_number(bad)


def test_custom_format() -> None:
    fmt = NumberFormat(prefix="TS", separator="/", date_format="%y%m", sequence_width=4,
                       sequence_scope="year", channel_codes={"wechat": "WX"})
    number = format_number(fmt, on=date(2026, 3, 9), channel="wechat", branch_code="A1",
                           sequence=12)
    assert number.startswith("TS/2603/WX/A1/0012/")
    assert parse_number(number, fmt).sequence == 12
    assert fmt.scope_key(date(2026, 3, 9)) == "TS:2026"


def test_sequence_overflow_is_an_error_not_a_collision() -> None:
    with pytest.raises(ValidationError, match="sequence"):
        format_number(NumberFormat(sequence_width=2), on=date(2026, 1, 1), channel="web",
                      branch_code=None, sequence=100)


def test_bad_separator_is_refused() -> None:
    with pytest.raises(ValueError, match="separator"):
        NumberFormat(separator="A")
