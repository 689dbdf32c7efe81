"""The outbox relay: delivers what commands queued, at least once, in order per complaint.

A notifier that is down loses nothing: the message stays pending and is
retried with exponential backoff; after ``Settings.outbox_max_attempts``
failures it is parked as ``dead`` with the last error, for a person to
replay.  Delivery and the status update share one transaction, so a crash
between them means the message is sent again (at least once), never lost.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import attrs

from ..domain import OutboxStatus
from ..settings import Settings
from ..store import Store
from .registry import Registry

__all__ = ["OutboxRelay", "RelayReport"]

log = logging.getLogger(__name__)

_FIRST_RETRY = timedelta(seconds=30)
_MAX_RETRY = timedelta(hours=6)


@attrs.frozen
class RelayReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0


class OutboxRelay:
    def __init__(self, store: Store, registry: Registry, settings: Settings) -> None:
        self._store = store
        self._registry = registry
        self._max_attempts = settings.outbox_max_attempts

    def run(self, now: datetime, limit: int) -> RelayReport:
        """One pass: deliver up to ``limit`` due messages."""
        sent = retried = dead = 0
        with self._store.unit_of_work() as uow:
            for message in uow.claim_outbox(now, limit):
                notifier = self._registry.notifiers.get(message.notifier)
                try:
                    if notifier is None:
                        raise LookupError(f"no notifier named {message.notifier!r} is registered")
                    notifier.send(message)
                except Exception as exc:
                    attempts = message.attempts + 1
                    error = f"{exc.__class__.__name__}: {exc}"
                    if attempts >= self._max_attempts:
                        status, next_at, dead = OutboxStatus.DEAD, None, dead + 1
                        log.error("outbox message %s is dead after %d attempts: %s",
                                  message.id, attempts, error)
                    else:
                        delay = min(_FIRST_RETRY * 2 ** (attempts - 1), _MAX_RETRY)
                        status, next_at, retried = OutboxStatus.PENDING, now + delay, retried + 1
                    uow.save_outbox(attrs.evolve(message, status=status, attempts=attempts,
                                                 next_attempt_at=next_at, last_error=error))
                else:
                    uow.save_outbox(attrs.evolve(message, status=OutboxStatus.SENT,
                                                 attempts=message.attempts + 1, last_error=None))
                    sent += 1
        return RelayReport(sent=sent, retried=retried, dead=dead)
