"""The built-in key-provider plugin answers the collect hook, and a bank's plugin wins (S20, P2)."""

from __future__ import annotations

import pytest

from greenchannel_sdk.engine.registry import Registry
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import KeyProvider
from greenchannel_sdk.plugins import PluginManager
from greenchannel_sdk.security import SettingsKeyProviderPlugin, generate_key
from greenchannel_sdk.settings import Settings


def _collect(*plugins: object) -> dict[str, KeyProvider]:
    """Key providers as the SDK's registry collects them from ``plugins``."""
    manager = PluginManager()
    for plugin in plugins:
        manager.register(plugin)
    manager.check_pending()
    registry = Registry()
    registry.collect(manager)
    return registry.key_providers


def test_registers_the_settings_provider() -> None:
    settings = Settings(keys={"k1": generate_key()}, load_entry_points=False)
    providers = _collect(SettingsKeyProviderPlugin(settings))
    assert providers["settings"].current_key_id() == "k1"


class _BankKms:
    name = "settings"

    def current_key_id(self) -> str:
        return "kms-1"

    def key(self, key_id: str) -> bytes:
        return b"\x00" * 32


class _BankPlugin:
    @hookimpl
    def greenchannel_register_key_providers(self, register: object) -> None:
        register(_BankKms())  # type: ignore[operator]


def test_a_bank_provider_under_the_same_name_replaces_the_default() -> None:
    settings = Settings(keys={"k1": generate_key()}, load_entry_points=False)
    providers = _collect(_BankPlugin(), SettingsKeyProviderPlugin(settings))
    assert providers["settings"].current_key_id() == "kms-1"


def test_bad_key_material_stops_start_up() -> None:
    with pytest.raises(ConfigurationError, match="'k1'"):
        SettingsKeyProviderPlugin(Settings(keys={"k1": "short"}))
