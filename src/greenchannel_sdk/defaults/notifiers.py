"""Default notifier: writes each outbox message to the log (S13).

It makes every notification visible in development and in the demo
without any delivery infrastructure.  The payload carries numbers and
states only, never personal data, so it is safe to log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from ..domain import OutboxMessage
from ..hookspecs import hookimpl
from ..interfaces import Notifier

log = logging.getLogger("greenchannel_sdk.notifications")


class LoggingNotifier:
    name = "log"

    def send(self, message: OutboxMessage) -> None:
        log.info("%s %s", message.topic, json.dumps(dict(message.payload), ensure_ascii=False,
                                                    sort_keys=True, default=str))


class LoggingNotifierPlugin:
    @hookimpl(trylast=True)
    def greenchannel_register_notifiers(self, register: Callable[[Notifier], None]) -> None:
        register(LoggingNotifier())
