"""Per-owner data keys (envelope encryption) and crypto-erasure (S20, retention)."""

from __future__ import annotations

import attrs
import pytest

from greenchannel_sdk.security import (
    DATA_KEY_PREFIX,
    DataKeyring,
    DecryptionError,
    FieldCipher,
    SettingsKeyProvider,
    token_key_id,
)


def test_owner_data_key_round_trip(provider: SettingsKeyProvider) -> None:
    keyring = DataKeyring(provider)
    data_key = keyring.create("customer:C1")
    token = keyring.cipher(data_key).encrypt("13800138000", row_id="c-1", field="phone")

    assert token_key_id(token) == data_key.key_id
    assert data_key.key_id.startswith(DATA_KEY_PREFIX)
    assert data_key.master_key_id == "k2"
    assert keyring.cipher(data_key).decrypt(token, row_id="c-1", field="phone") == "13800138000"


def test_each_owner_gets_its_own_key(provider: SettingsKeyProvider) -> None:
    keyring = DataKeyring(provider)
    first, second = keyring.create("customer:C1"), keyring.create("customer:C2")
    token = keyring.cipher(first).encrypt("x", row_id="c-1", field="text")
    assert first.key_id != second.key_id
    with pytest.raises(DecryptionError, match="does not know this key"):
        keyring.cipher(second).decrypt(token, row_id="c-1", field="text")


def test_master_key_cannot_decrypt_data_directly(provider: SettingsKeyProvider) -> None:
    keyring = DataKeyring(provider)
    token = keyring.cipher(keyring.create("customer:C1")).encrypt("x", row_id="c-1",
                                                                   field="text")
    with pytest.raises(DecryptionError):
        FieldCipher(provider).decrypt(token, row_id="c-1", field="text")


def test_wrapped_key_moved_to_another_owner_does_not_unwrap(
        provider: SettingsKeyProvider) -> None:
    keyring = DataKeyring(provider)
    stolen = attrs.evolve(keyring.create("customer:C1"), owner="customer:C2")
    with pytest.raises(DecryptionError, match="another row or field"):
        keyring.cipher(stolen)


def test_without_the_wrapped_key_nothing_decrypts(old_key: str) -> None:
    """Crypto-erasure: once storage deletes the wrapped data key, the tokens are dead.

    Only the wrapped key is discarded here; the master key and the tokens stay.
    Every other data key the keyring can make is a different key.
    """
    keyring = DataKeyring(SettingsKeyProvider({"k1": old_key}))
    erased = keyring.create("customer:C1")
    token = keyring.cipher(erased).encrypt("13800138000", row_id="c-1", field="phone")
    del erased
    replacement = keyring.create("customer:C1")
    with pytest.raises(DecryptionError):
        keyring.cipher(replacement).decrypt(token, row_id="c-1", field="phone")


def test_rewrap_under_new_master_keeps_the_data_key(old_key: str, new_key: str) -> None:
    before = DataKeyring(SettingsKeyProvider({"k1": old_key}))
    data_key = before.create("complaint:c-1")
    token = before.cipher(data_key).encrypt("投诉", row_id="c-1", field="text")

    after = DataKeyring(SettingsKeyProvider({"k1": old_key, "k2": new_key}))
    assert after.needs_rewrap(data_key)
    rewrapped = after.rewrap(data_key)

    assert not after.needs_rewrap(rewrapped)
    assert rewrapped.master_key_id == "k2"
    assert rewrapped.key_id == data_key.key_id
    only_new = DataKeyring(SettingsKeyProvider({"k2": new_key}))
    assert only_new.cipher(rewrapped).decrypt(token, row_id="c-1", field="text") == "投诉"


def test_wrapped_key_is_not_in_repr(provider: SettingsKeyProvider) -> None:
    data_key = DataKeyring(provider).create("customer:C1")
    assert data_key.wrapped not in repr(data_key)


def test_owner_is_required(provider: SettingsKeyProvider) -> None:
    with pytest.raises(ValueError, match="owner"):
        DataKeyring(provider).create("")


def test_issued_cipher_matches_the_stored_wrapped_key(provider: SettingsKeyProvider) -> None:
    keyring = DataKeyring(provider)
    data_key, cipher = keyring.issue("complaint:1")
    token = cipher.encrypt("張三", row_id="c-1", field="sensitive")
    assert keyring.cipher(data_key).decrypt(token, row_id="c-1", field="sensitive") == "張三"


def test_a_destroyed_key_says_erased_and_stays_destroyed(provider: SettingsKeyProvider) -> None:
    from greenchannel_sdk.security import DataErased

    keyring = DataKeyring(provider)
    destroyed = attrs.evolve(keyring.create("complaint:1"), wrapped=None)
    assert destroyed.destroyed
    assert destroyed.master_key_id is None
    with pytest.raises(DataErased, match="erased"):
        keyring.cipher(destroyed)
    assert not keyring.needs_rewrap(destroyed)
    assert keyring.rewrap(destroyed) == destroyed
