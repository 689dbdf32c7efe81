"""Blind indexes and identifier normalisation (S20): lookups by phone or ID without plaintext."""

from __future__ import annotations

import pytest

from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.errors import ConfigurationError, ValidationError
from greenchannel_sdk.security import (
    BLIND_INDEX_KEY_ID,
    BlindIndexer,
    IdentifierKind,
    SettingsKeyProvider,
    generate_key,
    normalise,
)

KEY = b"k" * 32


@pytest.fixture
def indexer() -> BlindIndexer:
    return BlindIndexer(KEY)


@pytest.mark.parametrize("written", [
    "+86 138-0013-8000", "0086 13800138000", "13800138000", "8613800138000",
    "(+86) 138 0013 8000", "１３８００１３８０００",
])
def test_ways_of_writing_one_mobile_number_match(indexer: BlindIndexer, written: str) -> None:
    assert normalise("phone", written) == "13800138000"
    assert indexer.index("phone", written) == indexer.index("phone", "13800138000")


@pytest.mark.parametrize("written", ["010-12345678", "+86 10 1234 5678", "0086-010-12345678"])
def test_landline_with_and_without_country_code_match(written: str) -> None:
    assert normalise("phone", written) == "01012345678"


def test_foreign_numbers_keep_their_country_code() -> None:
    assert normalise("phone", "+852 9123 4567") == normalise("phone", "00852-91234567")
    assert normalise("phone", "+852 9123 4567") == "+85291234567"
    assert normalise("phone", "+852 9123 4567") != normalise("phone", "91234567")


def test_different_numbers_get_different_indexes(indexer: BlindIndexer) -> None:
    assert indexer.index("phone", "13800138000") != indexer.index("phone", "13800138001")


@pytest.mark.parametrize("written", ["11010519491231002x", "11010519491231002X",
                                     " 110105 19491231 002x "])
def test_id_numbers_upper_case_the_trailing_x(indexer: BlindIndexer, written: str) -> None:
    assert normalise("id_number", written) == "11010519491231002X"
    assert indexer.index("id_number", written) == indexer.index("id_number",
                                                                "11010519491231002X")


def test_hong_kong_id_brackets_are_ignored() -> None:
    assert normalise("id_number", "A123456(7)") == "A1234567"


@pytest.mark.parametrize("kind", ["account_number", "card_number"])
def test_account_and_card_numbers_strip_spaces_and_dashes(kind: str) -> None:
    assert normalise(kind, "6222 0212-3456 7890") == "6222021234567890"


def test_emails_are_lower_cased(indexer: BlindIndexer) -> None:
    assert indexer.index("email", " Zhang.San@Example.COM ") == indexer.index(
        "email", "zhang.san@example.com")


def test_openids_stay_case_sensitive() -> None:
    assert normalise("wechat_openid", "oAbC") != normalise("wechat_openid", "oabc")


def test_same_digits_as_different_kinds_do_not_collide(indexer: BlindIndexer) -> None:
    digits = "13800138000"
    indexes = {indexer.index(kind, digits) for kind in
               ("phone", "account_number", "card_number", "id_number")}
    assert len(indexes) == 4


def test_index_depends_on_the_key() -> None:
    assert BlindIndexer(KEY).index("phone", "13800138000") != BlindIndexer(
        b"j" * 32).index("phone", "13800138000")


def test_index_is_fixed_length_hex_without_the_value(indexer: BlindIndexer) -> None:
    index = indexer.index(IdentifierKind.PHONE, "13800138000")
    assert len(index) == 64
    int(index, 16)
    assert "13800138000" not in index


@pytest.mark.parametrize(("kind", "value"), [
    ("phone", "call me"), ("phone", "12"), ("phone", "+"), ("id_number", "110105-1949/1231"),
    ("account_number", "6222*0212"), ("email", "no-at-sign"), ("email", "a b@c.d"),
    ("wechat_openid", "  "),
])
def test_invalid_values_raise_validation_error_naming_the_kind_not_the_value(
        indexer: BlindIndexer, kind: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        indexer.index(kind, value)
    assert set(caught.value.problems) == {kind}
    if len(value.strip()) > 2:  # too short to mean anything when found in the message
        assert value not in str(caught.value)


def test_unknown_kind_is_refused(indexer: BlindIndexer) -> None:
    with pytest.raises(ValueError, match="address"):
        indexer.index("address", "北京市")


def test_index_identity_covers_present_indexable_fields(indexer: BlindIndexer) -> None:
    identity = CustomerIdentity(name="张三", phone="+86 138-0013-8000",
                                id_number="11010519491231002x")
    indexes = indexer.index_identity(identity)
    assert indexes == {"phone": indexer.index("phone", "13800138000"),
                       "id_number": indexer.index("id_number", "11010519491231002X")}


def test_short_keys_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 32"):
        BlindIndexer(b"short")


def test_from_provider_uses_the_reserved_key() -> None:
    material = generate_key()
    provider = SettingsKeyProvider({"k1": generate_key(), BLIND_INDEX_KEY_ID: material})
    from_provider = BlindIndexer.from_provider(provider)
    assert from_provider.index("phone", "13800138000") == BlindIndexer(
        provider.key(BLIND_INDEX_KEY_ID)).index("phone", "13800138000")


def test_from_provider_without_index_key_says_what_to_add() -> None:
    with pytest.raises(ConfigurationError, match="no 'blind-index' key"):
        BlindIndexer.from_provider(SettingsKeyProvider({"k1": generate_key()}))


def test_repr_hides_the_key(indexer: BlindIndexer) -> None:
    assert "kkkk" not in repr(indexer)
