"""What the collect hooks registered, by name, for one SDK instance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..interfaces import (
    AssignmentStrategy,
    BusinessCalendar,
    Channel,
    KeyProvider,
    Notifier,
    SlaPolicy,
)
from ..notices.recipients import RecipientAware, RecipientLookup
from ..plugins import PluginManager

__all__ = ["Registry"]

T = TypeVar("T")


class Registry:
    """Channels, notifiers, calendars, SLA policies, strategies and key providers by name.

    Defaults register first (their hooks are ``trylast`` and pluggy calls
    them last), so when a bank's plugin registers the same name it replaces
    the default.  Notifiers that ask for it (``RecipientAware``) are handed
    the SDK's recipient lookup after every collection.
    """

    def __init__(self, recipients: RecipientLookup | None = None) -> None:
        self._recipients = recipients
        self.channels: dict[str, Channel] = {}
        self.notifiers: dict[str, Notifier] = {}
        self.calendars: dict[str, BusinessCalendar] = {}
        self.sla_policies: dict[str, SlaPolicy] = {}
        self.strategies: dict[str, AssignmentStrategy] = {}
        self.key_providers: dict[str, KeyProvider] = {}

    def collect(self, pm: PluginManager) -> None:
        """(Re)fill every registry from the plugins registered now.

        The dictionaries are cleared in place, not replaced, so components
        holding a reference (the default dispatch holds ``strategies``) see
        the new contents.
        """
        for registry in (self.channels, self.notifiers, self.calendars, self.sla_policies,
                         self.strategies, self.key_providers):
            registry.clear()
        hook = pm.hook
        hook.greenchannel_register_channels(register=self._into(self.channels))
        hook.greenchannel_register_notifiers(register=self._into(self.notifiers))
        hook.greenchannel_register_calendars(register=self._into(self.calendars))
        hook.greenchannel_register_sla_policies(register=self._into(self.sla_policies))
        hook.greenchannel_register_assignment_strategies(register=self._into(self.strategies))
        hook.greenchannel_register_key_providers(register=self._into(self.key_providers))
        if self._recipients is not None:
            for notifier in self.notifiers.values():
                if isinstance(notifier, RecipientAware):
                    notifier.bind_recipients(self._recipients)

    @staticmethod
    def _into(target: dict[str, Any]) -> Callable[[Any], None]:
        # pluggy calls trylast implementations last; the first registration of
        # a name therefore comes from the most specific plugin and is kept.
        def register(item: Any) -> None:
            target.setdefault(item.name, item)

        return register
