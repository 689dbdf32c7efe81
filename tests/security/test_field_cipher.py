"""Field encryption (S20): round trip, binding to row and field, tampering, rotation."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenchannel_sdk.errors import ConfigurationError, GreenChannelError
from greenchannel_sdk.security import (
    DecryptionError,
    FieldCipher,
    SettingsKeyProvider,
    generate_key,
    token_key_id,
)


def test_round_trip_of_chinese_text(provider: SettingsKeyProvider) -> None:
    cipher = FieldCipher(provider)
    text = "我的信用卡被盗刷了 5,000 元，请尽快处理"
    token = cipher.encrypt(text, row_id="c-1", field="text")
    assert text not in token
    assert cipher.decrypt(token, row_id="c-1", field="text") == text


@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    cipher = FieldCipher(SettingsKeyProvider({"k": generate_key()}))
    assert cipher.decrypt(cipher.encrypt(text, row_id="r", field="f"), row_id="r",
                          field="f") == text


def test_token_is_versioned_ascii_and_names_the_current_key(
        provider: SettingsKeyProvider) -> None:
    token = FieldCipher(provider).encrypt("13800138000", row_id="c-1", field="phone")
    version, key_id, payload = token.split(":")
    assert (version, key_id) == ("v1", "k2")
    assert token.isascii()
    assert len(base64.b64decode(payload)) == 12 + len("13800138000") + 16
    assert token_key_id(token) == "k2"


def test_same_value_encrypts_differently_each_time(provider: SettingsKeyProvider) -> None:
    cipher = FieldCipher(provider)
    first = cipher.encrypt("13800138000", row_id="c-1", field="phone")
    assert first != cipher.encrypt("13800138000", row_id="c-1", field="phone")


@pytest.mark.parametrize(("row_id", "field"), [("c-2", "phone"), ("c-1", "email")])
def test_token_moved_to_another_row_or_field_fails(provider: SettingsKeyProvider, row_id: str,
                                                   field: str) -> None:
    cipher = FieldCipher(provider)
    token = cipher.encrypt("13800138000", row_id="c-1", field="phone")
    with pytest.raises(DecryptionError, match="another row or field") as caught:
        cipher.decrypt(token, row_id=row_id, field=field)
    assert "13800138000" not in str(caught.value)


def test_flipped_bit_in_ciphertext_fails(provider: SettingsKeyProvider) -> None:
    cipher = FieldCipher(provider)
    token = cipher.encrypt("secret", row_id="c-1", field="text")
    prefix, payload = token.rsplit(":", 1)
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 0x01
    tampered = f"{prefix}:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(DecryptionError, match="altered"):
        cipher.decrypt(tampered, row_id="c-1", field="text")


def test_key_id_swapped_in_token_fails(provider: SettingsKeyProvider) -> None:
    cipher = FieldCipher(provider)
    token = cipher.encrypt("secret", row_id="c-1", field="text")
    with pytest.raises(DecryptionError):
        cipher.decrypt(token.replace("v1:k2:", "v1:k1:"), row_id="c-1", field="text")


@pytest.mark.parametrize("token", ["", "13800138000", "v2:k1:AAAA", "v1:k1:", "v1:k1:%%%",
                                   "v1:k1:AAAA"])
def test_malformed_tokens_raise_decryption_error(provider: SettingsKeyProvider,
                                                 token: str) -> None:
    with pytest.raises(DecryptionError) as caught:
        FieldCipher(provider).decrypt(token, row_id="c-1", field="phone")
    assert isinstance(caught.value, GreenChannelError)
    assert caught.value.field == "phone"


def test_unknown_key_id_fails_clearly(old_key: str, new_key: str) -> None:
    token = FieldCipher(SettingsKeyProvider({"k1": old_key})).encrypt(
        "secret", row_id="c-1", field="text")
    later = FieldCipher(SettingsKeyProvider({"k2": new_key}))
    with pytest.raises(DecryptionError, match="does not know this key") as caught:
        later.decrypt(token, row_id="c-1", field="text")
    assert caught.value.key_id == "k1"
    assert "'k1'" in str(caught.value)


def test_same_key_id_with_other_material_fails(old_key: str, new_key: str) -> None:
    token = FieldCipher(SettingsKeyProvider({"k1": old_key})).encrypt(
        "secret", row_id="c-1", field="text")
    with pytest.raises(DecryptionError, match="authentication failed"):
        FieldCipher(SettingsKeyProvider({"k1": new_key})).decrypt(
            token, row_id="c-1", field="text")


def test_rotation_reencrypts_old_tokens_under_current_key(old_key: str, new_key: str) -> None:
    before = FieldCipher(SettingsKeyProvider({"k1": old_key}))
    token = before.encrypt("投诉内容", row_id="c-1", field="text")
    after = FieldCipher(SettingsKeyProvider({"k1": old_key, "k2": new_key}))
    assert not after.is_current(token)

    rotated = after.rotate_token(token, row_id="c-1", field="text")

    assert after.is_current(rotated)
    assert token_key_id(rotated) == "k2"
    assert after.decrypt(rotated, row_id="c-1", field="text") == "投诉内容"
    only_new = FieldCipher(SettingsKeyProvider({"k2": new_key}))
    assert only_new.decrypt(rotated, row_id="c-1", field="text") == "投诉内容"


def test_rotating_a_current_token_returns_it_unchanged(provider: SettingsKeyProvider) -> None:
    cipher = FieldCipher(provider)
    token = cipher.encrypt("x", row_id="c-1", field="text")
    assert cipher.rotate_token(token, row_id="c-1", field="text") is token


def test_rotating_a_tampered_old_token_fails(old_key: str, new_key: str) -> None:
    token = FieldCipher(SettingsKeyProvider({"k1": old_key})).encrypt(
        "x", row_id="c-1", field="text")
    after = FieldCipher(SettingsKeyProvider({"k1": old_key, "k2": new_key}))
    with pytest.raises(DecryptionError):
        after.rotate_token(token, row_id="c-2", field="text")


def test_token_key_id_rejects_non_tokens() -> None:
    with pytest.raises(ValueError, match="not a v1 field token"):
        token_key_id("13800138000")


@pytest.mark.parametrize(("row_id", "field"), [("", "phone"), ("c-1", "")])
def test_empty_row_or_field_is_refused(provider: SettingsKeyProvider, row_id: str,
                                       field: str) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        FieldCipher(provider).encrypt("x", row_id=row_id, field=field)


def test_non_text_plaintext_is_refused(provider: SettingsKeyProvider) -> None:
    with pytest.raises(TypeError, match="plaintext must be str"):
        FieldCipher(provider).encrypt(b"bytes", row_id="c-1", field="text")  # type: ignore[arg-type]


def test_missing_token_is_refused_with_the_field_named(provider: SettingsKeyProvider) -> None:
    with pytest.raises(TypeError, match="'phone': token must be str, got NoneType"):
        FieldCipher(provider).decrypt(None, row_id="c-1", field="phone")  # type: ignore[arg-type]


class _ShortKeyProvider:
    name = "short"

    def current_key_id(self) -> str:
        return "s1"

    def key(self, key_id: str) -> bytes:
        return b"0" * 16


class _ForgetfulProvider(_ShortKeyProvider):
    name = "forgetful"

    def key(self, key_id: str) -> bytes:
        raise KeyError(key_id)


def test_provider_returning_a_short_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="AES-256 needs 32"):
        FieldCipher(_ShortKeyProvider()).encrypt("x", row_id="c-1", field="text")


def test_provider_that_cannot_return_its_current_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="'forgetful' names 's1' as current"):
        FieldCipher(_ForgetfulProvider()).encrypt("x", row_id="c-1", field="text")
