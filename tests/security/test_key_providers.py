"""The settings-backed key provider and key generation (S20)."""

from __future__ import annotations

import base64

import pytest

from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.interfaces import KeyProvider
from greenchannel_sdk.security import (
    BLIND_INDEX_KEY_ID,
    KeyNotFound,
    SettingsKeyProvider,
    generate_key,
)
from greenchannel_sdk.settings import Settings


def test_generated_keys_are_random_32_byte_base64() -> None:
    first, second = generate_key(), generate_key()
    assert len(base64.b64decode(first, validate=True)) == 32
    assert first != second


def test_provider_satisfies_the_key_provider_protocol(provider: SettingsKeyProvider) -> None:
    assert isinstance(provider, KeyProvider)
    assert provider.name == "settings"


def test_last_key_is_current(old_key: str, new_key: str) -> None:
    assert SettingsKeyProvider({"k1": old_key, "k2": new_key}).current_key_id() == "k2"
    assert SettingsKeyProvider({"k2": new_key, "k1": old_key}).current_key_id() == "k1"


def test_explicit_current_wins(old_key: str, new_key: str) -> None:
    provider = SettingsKeyProvider({"k1": old_key, "k2": new_key}, current="k1")
    assert provider.current_key_id() == "k1"


def test_explicit_current_must_exist(old_key: str) -> None:
    with pytest.raises(ConfigurationError, match="current key 'k9'"):
        SettingsKeyProvider({"k1": old_key}, current="k9")


def test_blind_index_key_is_never_current(old_key: str, new_key: str) -> None:
    provider = SettingsKeyProvider({"k1": old_key, BLIND_INDEX_KEY_ID: new_key})
    assert provider.current_key_id() == "k1"
    assert provider.key(BLIND_INDEX_KEY_ID) == base64.b64decode(new_key)


def test_keys_are_decoded(old_key: str) -> None:
    assert SettingsKeyProvider({"k1": old_key}).key("k1") == base64.b64decode(old_key)


def test_unknown_key_raises_key_not_found(provider: SettingsKeyProvider) -> None:
    with pytest.raises(KeyNotFound, match="'settings' has no key 'k9'"):
        provider.key("k9")
    with pytest.raises(LookupError):
        provider.key("k9")


def test_no_keys_fails_only_when_a_key_is_needed() -> None:
    provider = SettingsKeyProvider({})
    with pytest.raises(ConfigurationError, match="no encryption key configured"):
        provider.current_key_id()


def test_from_env_keys_make_the_last_one_current(old_key: str, new_key: str) -> None:
    settings = Settings.from_env({"GREENCHANNEL_KEYS": f"2025={old_key},2026={new_key}"})
    assert SettingsKeyProvider(settings.keys).current_key_id() == "2026"


@pytest.mark.parametrize("material", [
    "not base64!",
    base64.b64encode(b"too short").decode(),
    base64.b64encode(b"x" * 33).decode(),
])
def test_bad_material_is_refused_without_showing_it(material: str) -> None:
    with pytest.raises(ConfigurationError, match="'k1'") as caught:
        SettingsKeyProvider({"k1": material})
    assert material not in str(caught.value)
    assert "not shown" in str(caught.value)


@pytest.mark.parametrize("key_id", ["", "has:colon", "has space", "x" * 65])
def test_key_ids_that_cannot_go_into_a_token_are_refused(key_id: str) -> None:
    with pytest.raises(ConfigurationError, match="is not allowed"):
        SettingsKeyProvider({key_id: generate_key()})


def test_repr_shows_ids_but_no_material(old_key: str) -> None:
    text = repr(SettingsKeyProvider({"k1": old_key}))
    assert "k1" in text
    assert old_key not in text
