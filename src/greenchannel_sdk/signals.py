"""In-process notifications ("this happened"), sent after the command committed.

Signals are for reacting inside the host application: refresh a dashboard,
warm a cache, write a metric.  They are sent only after the transaction
committed, and a receiver that raises is logged and skipped: it can never
roll back a complaint.  Anything that must not be lost (a customer SMS, a
regulator feed) goes through the durable outbox instead.

Receivers are called with the SDK instance as sender and keyword arguments
(``complaint`` for most signals; ``clock`` and ``level`` for SLA ones).
"""

from __future__ import annotations

import logging
from typing import Any

from blinker import NamedSignal, Namespace

__all__ = [
    "assigned",
    "closed",
    "escalated",
    "registered",
    "reopened",
    "send_safely",
    "sla_breached",
    "sla_warning",
    "status_changed",
]

log = logging.getLogger(__name__)
_namespace = Namespace()

registered: NamedSignal = _namespace.signal("greenchannel.registered",
                                            doc="A complaint was registered (S3).")
status_changed: NamedSignal = _namespace.signal(
    "greenchannel.status_changed",
    doc="A complaint moved between lifecycle states; kwargs from_status, to_status.")
assigned: NamedSignal = _namespace.signal("greenchannel.assigned",
                                          doc="A complaint was assigned or reassigned (S7).")
escalated: NamedSignal = _namespace.signal("greenchannel.escalated",
                                           doc="A complaint's escalation level rose (S22).")
sla_warning: NamedSignal = _namespace.signal("greenchannel.sla_warning",
                                             doc="An SLA clock passed a warning threshold.")
sla_breached: NamedSignal = _namespace.signal("greenchannel.sla_breached",
                                              doc="An SLA clock passed its deadline (S22).")
closed: NamedSignal = _namespace.signal("greenchannel.closed",
                                        doc="A complaint was closed (S14).")
reopened: NamedSignal = _namespace.signal("greenchannel.reopened",
                                          doc="A complaint was reopened.")


def send_safely(signal: NamedSignal, sender: Any, **kwargs: Any) -> None:
    """Call each receiver of ``signal``; log and skip any that raises."""
    for receiver in list(signal.receivers_for(sender)):
        try:
            receiver(sender, **kwargs)
        except Exception:
            log.exception("receiver %r of signal %r raised; the command stands",
                          getattr(receiver, "__qualname__", receiver), signal.name)
