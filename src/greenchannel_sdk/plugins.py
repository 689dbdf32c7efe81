"""The plugin manager: one per SDK instance, never a module global.

Order of registration: the built-in defaults (whose hook implementations
are ``trylast``), then plugins installed under the ``greenchannel`` entry
point, then plugins named in settings.  Blocked names are never loaded.  A
plugin that fails to import is named in a :class:`PluginError`; unless
strict mode is on it is skipped with a warning, so one broken optional
plugin does not take the host down.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable
from importlib.metadata import entry_points
from types import TracebackType
from typing import Any

import pluggy

from . import hookspecs
from .errors import PluginError
from .hookspecs import PROJECT_NAME
from .settings import ENV_PREFIX, Settings

__all__ = ["BLOCK_ENV", "PluginManager", "make_plugin_manager", "plugin_culprit"]

log = logging.getLogger(__name__)

#: Comma-separated plugin names never to load, whatever the settings say.
BLOCK_ENV = f"{ENV_PREFIX}BLOCK_PLUGINS"


class PluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers which plugins failed to load, and why."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.load_errors: dict[str, str] = {}


def make_plugin_manager(settings: Settings,
                        defaults: Iterable[tuple[str, object]]) -> PluginManager:
    """Build the manager for one SDK instance from its settings."""
    pm = PluginManager()
    blocked = set(settings.blocked_plugins)
    blocked.update(n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip())
    for name in blocked:
        pm.set_blocked(name)
    for name, plugin in defaults:
        if name not in blocked:
            pm.register(plugin, name=name)
    if settings.load_entry_points:
        for ep in entry_points(group=PROJECT_NAME):
            if ep.name in blocked or pm.has_plugin(ep.name):
                continue
            _register(pm, ep.name, ep.load, settings.strict_plugins)
    for item in settings.plugins:
        if isinstance(item, str):
            if item in blocked:
                continue
            _register(pm, item, lambda module=item: importlib.import_module(module),
                      settings.strict_plugins)
        else:
            pm.register(item)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(exc.plugin if isinstance(exc.plugin, str) else
                          pm.get_name(exc.plugin) or repr(exc.plugin),
                          f"implements a hook the SDK does not define: {exc}. "
                          "Check the spelling against docs/hooks.md") from exc
    return pm


def _register(pm: PluginManager, name: str, load: Any, strict: bool) -> None:
    try:
        pm.register(load(), name=name)
    except Exception as exc:
        error = PluginError(name, f"failed to load: {exc.__class__.__name__}: {exc}")
        if strict:
            raise error from exc
        pm.load_errors[name] = str(error)
        log.warning("%s (skipped; set strict_plugins to make this fatal)", error)


def plugin_culprit(pm: pluggy.PluginManager, hook_name: str, exc: BaseException) -> str:
    """Name the plugin whose implementation of ``hook_name`` raised ``exc``.

    Walks the traceback for a frame running one of the hook's
    implementations; falls back to ``"unknown plugin"``.
    """
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    codes = {getattr(impl.function, "__code__", None): impl.plugin_name for impl in impls}
    tb: TracebackType | None = exc.__traceback__
    found = "unknown plugin"
    while tb is not None:
        if tb.tb_frame.f_code in codes:
            found = codes[tb.tb_frame.f_code]
        tb = tb.tb_next
    return found
