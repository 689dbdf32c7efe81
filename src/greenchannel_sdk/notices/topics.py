"""The outbox topics notices exist for, and who reads them.

Customer topics go to the complainant through ``Settings.customer_notifier``
(S13 progress and outcome, S23 transparency); staff topics are the SLA
sweeper's warnings, breaches and escalations (S22) and go through
``Settings.staff_notifier``.  The built-in templates cover every topic here;
a test holds them to that.
"""

from __future__ import annotations

__all__ = ["CUSTOMER_TOPICS", "STAFF_TOPICS", "is_customer_topic"]

CUSTOMER_TOPICS: tuple[str, ...] = (
    "customer.acknowledgement",  # registered: the number and what happens next
    "customer.info_requested",  # the handler needs more from the customer
    "customer.progress",  # where the case stands now
    "customer.outcome",  # a resolution is proposed
    "customer.closure",  # the case is closed
    "customer.survey",  # the follow-up satisfaction survey (S15)
    "customer.deadline_extended",  # a time limit was extended, with the reason (S22)
    "customer.time_excluded",  # outside appraisal/mediation time does not count (S22)
)

STAFF_TOPICS: tuple[str, ...] = ("sla.warning", "sla.breach", "sla.escalation")

_CUSTOMER_PREFIX = "customer."


def is_customer_topic(topic: str) -> bool:
    """True when the message is addressed to the complainant rather than to staff."""
    return topic.startswith(_CUSTOMER_PREFIX)
