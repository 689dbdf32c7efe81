"""The built-in key-provider plugin: serves ``Settings.keys`` under the name ``settings``.

It is an ordinary plugin registered ``trylast``, so a bank's own provider
registered under the same name replaces it, and a provider with another
name is chosen with ``Settings.key_provider``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from ..interfaces import KeyProvider
from ..settings import Settings
from .keys import SettingsKeyProvider

__all__ = ["SettingsKeyProviderPlugin"]


class SettingsKeyProviderPlugin:
    """Registers a :class:`SettingsKeyProvider` built from the SDK's settings.

    The keys are decoded when the plugin is built, so bad key material
    stops start-up with a :class:`~greenchannel_sdk.errors.ConfigurationError`.
    """

    def __init__(self, settings: Settings) -> None:
        self._provider = SettingsKeyProvider(settings.keys)

    @hookimpl(trylast=True)
    def greenchannel_register_key_providers(self, register: Callable[[KeyProvider], None]) -> None:
        register(self._provider)
