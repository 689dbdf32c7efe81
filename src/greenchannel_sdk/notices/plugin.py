"""A plugin that registers notifier objects a bank built in code.

Entry-point plugins register themselves; a bank that configures a notifier
in its own code (or a test) wraps it in :class:`NotifierPlugin` and passes
it in ``Settings.plugins`` (or :func:`greenchannel_sdk.testing.using_plugin`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from ..interfaces import Notifier

__all__ = ["NotifierPlugin"]


class NotifierPlugin:
    """Registers each given notifier under its own ``name``."""

    def __init__(self, *notifiers: Notifier) -> None:
        self.notifiers = notifiers

    @hookimpl
    def greenchannel_register_notifiers(self, register: Callable[[Notifier], None]) -> None:
        for notifier in self.notifiers:
            register(notifier)

    def __repr__(self) -> str:
        return f"NotifierPlugin({', '.join(n.name for n in self.notifiers)})"
