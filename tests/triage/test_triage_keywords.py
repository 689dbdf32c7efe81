"""Keyword matching and script folding (S2): one rule matches English and both Chinese scripts."""

from __future__ import annotations

import pytest

from greenchannel_sdk.triage.chinese import to_simplified
from greenchannel_sdk.triage.keywords import MAX_GAP, Keyword, KeywordSet, normalise


def found(keyword: str, text: str) -> bool:
    return Keyword.compile(keyword).found_in(normalise(text))


def test_traditional_text_is_folded_to_simplified() -> None:
    assert to_simplified("銀行帳戶被盜刷，轉帳失敗") == "银行账户被盗刷，转账失败"


def test_simplified_text_is_left_alone() -> None:
    assert to_simplified("银行账户被盗刷") == "银行账户被盗刷"


def test_normalise_folds_width_case_and_curly_quotes() -> None:
    assert normalise("ＡＴＭ Didn\u2019t 櫃檯") == "atm didn't 柜台"


@pytest.mark.parametrize("text", ["信用卡被盗刷", "信用卡被盜刷"])
def test_a_keyword_in_either_script_matches_text_in_either_script(text: str) -> None:
    assert found("盗刷", text)
    assert found("盜刷", text)


def test_english_words_must_stand_alone() -> None:
    assert found("fee", "a hidden fee was taken")
    assert not found("fee", "I feel cheated")
    assert not found("app", "my application was refused")


def test_english_word_next_to_chinese_still_counts_as_a_word() -> None:
    assert found("app", "手机app闪退")


def test_star_matches_any_ending_of_a_word() -> None:
    assert found("refund*", "they refunded nothing")
    assert found("freez* up", "the screen freezes up")
    assert not found("refund*", "prerefund")


def test_hyphen_matches_space_or_nothing() -> None:
    for text in ("I was mis-sold", "I was mis sold", "I was missold"):
        assert found("mis-sold", text)


def test_spaces_match_any_white_space() -> None:
    assert found("charged twice", "charged\n  twice")


def test_tilde_needs_the_parts_in_order_and_close_together() -> None:
    assert found("态度~差", "柜员的态度非常差")
    assert not found("态度~差", "差一点忘了说态度")
    assert not found("态度~差", "态度" + "很" * (MAX_GAP + 1) + "差")


def test_keyword_set_reports_matches_as_written_in_rule_order() -> None:
    keywords = KeywordSet.of(["盜刷", "stolen", "fraud*"])
    assert keywords.matches(normalise("Fraudulent use: my card was stolen and 盗刷")) == (
        "盜刷", "stolen", "fraud*")


@pytest.mark.parametrize("bad", ["", "  ", "*", "re*fund", "a~~b"])
def test_malformed_keywords_are_refused_with_the_keyword_named(bad: str) -> None:
    with pytest.raises(ValueError, match=r"keyword|'\*'"):
        Keyword.compile(bad)
