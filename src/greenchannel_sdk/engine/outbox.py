"""The outbox relay: delivers what commands queued, at least once, in order per complaint.

A notifier that is down loses nothing: the message stays pending and is
retried with exponential backoff (30 s, 1 min, 2 min, ... capped at 6 h);
after ``Settings.outbox_max_attempts`` failures it is parked as ``dead``
with the last error, for a person to look at and :meth:`OutboxRelay.replay_dead`.
A relay claims messages under a lease (``sending`` until the lease runs
out) in a short transaction, delivers them with no transaction open, then
records each outcome; a relay that dies mid-delivery lets its lease run out
and another relay sends the message again (at least once), never loses it.

Order per complaint comes from the store: it only hands out the oldest
unsent message of each complaint.  A dead message no longer holds back the
complaint's later messages (one broken notice must not silence a case);
replaying it sends it after them.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta

import attrs

from ..domain import OutboxMessage, OutboxStatus
from ..settings import Settings
from ..store import Store
from .registry import Registry

__all__ = ["OutboxRelay", "RelayReport", "retry_delay"]

log = logging.getLogger(__name__)

_FIRST_RETRY = timedelta(seconds=30)
_MAX_RETRY = timedelta(hours=6)


@attrs.frozen
class RelayReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0


#: How long a relay may take to deliver one claimed batch before another relay
#: may claim it again (the first one is presumed dead).
_LEASE = timedelta(minutes=5)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed delivery (exponential, capped)."""
    doublings = min(max(attempts - 1, 0), 20)  # 30 s * 2**20 is far past the cap already
    return min(_FIRST_RETRY * (1 << doublings), _MAX_RETRY)


class OutboxRelay:
    def __init__(self, store: Store, registry: Registry, settings: Settings) -> None:
        self._store = store
        self._registry = registry
        self._max_attempts = settings.outbox_max_attempts

    def run(self, now: datetime, limit: int) -> RelayReport:
        """Deliver up to ``limit`` due messages, a complaint's messages in their order.

        Each pass claims a batch in a short transaction, delivers it with no
        transaction open (a slow or hanging notifier holds no database lock,
        and a notifier may read the database, e.g. to look up a recipient),
        then records each outcome in its own short transaction.  Passes
        repeat while messages keep becoming due, so a complaint's second
        message goes out in the same run as its first.
        """
        sent = retried = dead = 0
        while sent + retried + dead < limit:
            with self._store.unit_of_work() as uow:
                claimed = uow.claim_outbox(now, limit - sent - retried - dead,
                                           now + _LEASE)
            if not claimed:
                break
            for message in claimed:
                outcome = self._deliver(message, now)
                with self._store.unit_of_work() as uow:
                    uow.save_outbox(outcome)
                if outcome.status is OutboxStatus.SENT:
                    sent += 1
                elif outcome.status is OutboxStatus.DEAD:
                    dead += 1
                else:
                    retried += 1
        return RelayReport(sent=sent, retried=retried, dead=dead)

    def _deliver(self, message: OutboxMessage, now: datetime) -> OutboxMessage:
        """Send ``message``; return it as it must be stored afterwards."""
        attempts = message.attempts + 1
        notifier = self._registry.notifiers.get(message.notifier)
        try:
            if notifier is None:
                raise LookupError(f"no notifier named {message.notifier!r} is registered")
            notifier.send(message)
        except Exception as exc:
            error = f"{exc.__class__.__name__}: {exc}"
            if attempts >= self._max_attempts:
                log.error("outbox message %s is dead after %d attempts: %s",
                          message.id, attempts, error)
                return attrs.evolve(message, status=OutboxStatus.DEAD, attempts=attempts,
                                    next_attempt_at=None, last_error=error)
            return attrs.evolve(message, status=OutboxStatus.PENDING, attempts=attempts,
                                last_error=error, next_attempt_at=now + retry_delay(attempts))
        return attrs.evolve(message, status=OutboxStatus.SENT, attempts=attempts,
                            last_error=None)

    def dead_letters(self, limit: int = 1000) -> list[OutboxMessage]:
        """Messages parked as dead, oldest first, with their last error."""
        with self._store.unit_of_work() as uow:
            return uow.outbox_messages(OutboxStatus.DEAD, limit)

    def replay_dead(self, now: datetime, message_ids: Collection[str] | None = None,
                    limit: int = 1000) -> int:
        """Put dead messages back in the queue, due at ``now`` with a fresh set of attempts.

        ``message_ids`` picks which (default: every dead one, up to ``limit``);
        the last error stays on the message until the next attempt.  Returns
        how many were requeued.
        """
        wanted = None if message_ids is None else set(message_ids)
        requeued = 0
        with self._store.unit_of_work() as uow:
            for message in uow.outbox_messages(OutboxStatus.DEAD, limit):
                if wanted is not None and message.id not in wanted:
                    continue
                uow.save_outbox(attrs.evolve(message, status=OutboxStatus.PENDING, attempts=0,
                                             next_attempt_at=now))
                requeued += 1
        log.info("%d dead outbox message(s) requeued", requeued)
        return requeued
