"""The built-in behaviour, shipped as ordinary plugins (datasette style).

Each default's hook implementations are ``trylast``: a bank's plugin
answering the same hook, or registering an object under the same name,
takes precedence without any special mechanism.  A default can also be
switched off by blocking its name (``Settings.blocked_plugins``).
"""

from __future__ import annotations

from ..engine.registry import Registry
from ..security.plugin import SettingsKeyProviderPlugin
from ..settings import Settings
from ..sla.plugin import DefaultSlaPlugin
from ..triage.plugin import DefaultClassifierPlugin, DefaultPriorityPlugin
from .directory import StoredDirectoryPlugin
from .dispatch import DefaultDispatch
from .notifiers import LoggingNotifierPlugin
from .numbering import SettingsNumberFormat
from .storage import SqlStoragePlugin

__all__ = ["default_plugins"]


def default_plugins(settings: Settings, registry: Registry) -> list[tuple[str, object]]:
    """``(name, plugin)`` pairs of every built-in plugin, in registration order.

    ``registry`` is the SDK instance's registry: the default dispatch looks
    strategies up in it, so vendors' strategies work like built-in ones.
    """
    return [
        ("greenchannel.storage", SqlStoragePlugin()),
        ("greenchannel.numbering", SettingsNumberFormat()),
        ("greenchannel.dispatch", DefaultDispatch(registry.strategies)),
        ("greenchannel.directory", StoredDirectoryPlugin()),
        ("greenchannel.notifiers", LoggingNotifierPlugin()),
        ("greenchannel.sla", DefaultSlaPlugin(settings)),
        ("greenchannel.keys", SettingsKeyProviderPlugin(settings)),
        ("greenchannel.classifier", DefaultClassifierPlugin(settings)),
        ("greenchannel.priority", DefaultPriorityPlugin(settings)),
    ]
