"""Assignment (S7), SLA clock state (S9, S22) and the satisfaction survey (S15)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from .values import int_tuple

__all__ = [
    "Assignment",
    "ClockGoal",
    "ClockState",
    "ClockStatus",
    "SatisfactionSurvey",
]


@attrs.frozen
class Assignment:
    """Who owns a complaint now, chosen by which strategy, and why (S7, S21).

    ``assignee`` is a person id; ``team`` the team the person works in (or
    the team alone when a complaint is queued for a team).
    """

    team: str
    assignee: str | None
    strategy: str
    reason: str
    assigned_at: datetime
    assigned_by: str


def _percentages(_instance: object, attribute: attrs.Attribute[tuple[int, ...]],
                 value: tuple[int, ...]) -> None:
    if any(not 0 < p < 100 for p in value) or list(value) != sorted(set(value)):
        raise ValueError(f"{attribute.name} must be increasing percentages between 0 and 100")


@attrs.frozen
class ClockGoal:
    """What an SLA policy asks for one clock of one complaint (S9, S22).

    ``duration`` is measured on the named business ``calendar`` when
    ``business_time`` is true, in plain elapsed time otherwise.  ``warn_at``
    are percentages of the goal at which a warning fires; ``escalate_after``
    are delays after the breach at which escalation levels 1, 2, 3... fire
    (the green-channel lead, a supervisor, compliance).  ``source`` cites the
    rule the goal implements.
    """

    name: str
    duration: timedelta
    business_time: bool = False
    calendar: str | None = None
    statutory: bool = False
    warn_at: tuple[int, ...] = attrs.field(default=(50, 80), converter=int_tuple,
                                           validator=_percentages)
    escalate_after: tuple[timedelta, ...] = attrs.field(
        default=(timedelta(0), timedelta(hours=24), timedelta(hours=72))
    )
    source: str = ""


class ClockStatus(str, enum.Enum):
    """Where an SLA clock is in its start / pause / stop model."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


@attrs.frozen
class ClockState:
    """One SLA clock of one complaint.

    ``goal`` is a snapshot of what the policy asked when the clock started, so
    a later policy change never rewrites a running promise.  ``due_at`` is
    the deadline; ``next_check_at`` the next instant something must happen
    (a warning, the breach, an escalation), stored and indexed so that
    finding what is due is a range query.  It is ``None`` once nothing more
    can fire (stopped, or every escalation level done).  ``statutory``
    clocks are never paused by internal statuses, only by their rule's own
    exclusions; internal targets pause while the bank
    waits for the customer.  ``cycle`` counts restarts: a reopened complaint
    starts cycle 2 of its resolution clock and keeps cycle 1 as history.
    ``warnings_fired`` holds the thresholds (percent of the goal) already
    signalled, ``escalation_level`` how many escalation steps have fired, so
    each is recorded and signalled once.
    """

    complaint_id: str
    name: str
    policy: str
    goal: ClockGoal
    started_at: datetime
    due_at: datetime
    next_check_at: datetime | None
    cycle: int = 1
    statutory: bool = False
    status: ClockStatus = ClockStatus.RUNNING
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    stopped_at: datetime | None = None
    warnings_fired: tuple[int, ...] = attrs.field(default=(), converter=int_tuple)
    breached_at: datetime | None = None
    escalation_level: int = 0

    @property
    def breached(self) -> bool:
        return self.breached_at is not None

    @property
    def met(self) -> bool | None:
        """True/False once stopped; ``None`` while the clock still runs."""
        if self.stopped_at is None:
            return None
        return self.breached_at is None and self.stopped_at <= self.due_at


@attrs.frozen
class SatisfactionSurvey:
    """The follow-up visit's result (S15)."""

    complaint_id: str
    score: int = attrs.field(validator=[attrs.validators.ge(1), attrs.validators.le(5)])
    solved: bool
    answered_at: datetime
    collected_by: str
    channel: str = "phone"
    comments: str | None = attrs.field(default=None, repr=False)
