"""SLA clock arithmetic: pure functions over :class:`~greenchannel_sdk.domain.ClockState` (S9, S22).

Every function takes the clock and an explicit instant and returns a new
clock; nothing reads the wall clock, touches storage or signals anyone.  The
engine persists what these functions return and sends the events
:func:`check` reports.

Time on a clock is measured in the goal's own measure: working time on its
business calendar when ``goal.business_time`` is true, elapsed time
otherwise.  Everything is expressed as an *offset* from ``started_at`` in
that measure: the deadline sits at ``duration + paused + extensions``, the
80 % warning at ``0.8 x (duration + extensions) + paused``, escalation level
n at the deadline's offset plus ``escalate_after[n-1]``.  Working from
offsets (rather than stepping from the current deadline) keeps repeated
pauses and extensions exact on every kind of calendar.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

import attrs

from ..clock import ensure_aware
from ..domain import ClockGoal, ClockState, ClockStatus
from ..errors import ConfigurationError, ValidationError
from ..interfaces import BusinessCalendar
from .calendars import ElapsedCalendar

__all__ = [
    "AdjustmentKind",
    "ClockAdjustment",
    "ClockEvent",
    "ClockEventKind",
    "ClockUpdate",
    "ExtensionRule",
    "calendar_for",
    "check",
    "exclude",
    "extend",
    "latest_due",
    "pause",
    "restart",
    "resume",
    "start",
    "stop",
]

Calendars = Mapping[str, BusinessCalendar]

_ELAPSED = ElapsedCalendar()


class ClockEventKind(str, enum.Enum):
    """What :func:`check` reports; the value is the stable wire name."""

    WARNING = "sla.warning"
    BREACH = "sla.breach"
    ESCALATION = "sla.escalation"


@attrs.frozen
class ClockEvent:
    """Something that became due on a clock: signal it once, audit it, notify someone.

    ``at`` is the instant it became due (not when the check ran), so a late
    check still reports the true times.  ``percent`` is set for warnings,
    ``level`` (1, 2, 3...) for escalations.
    """

    kind: ClockEventKind
    complaint_id: str
    clock: str
    cycle: int
    at: datetime
    percent: int | None = None
    level: int | None = None


class AdjustmentKind(str, enum.Enum):
    """Why a clock's deadline moved; the value is the stable wire name."""

    PAUSE = "pause"
    EXCLUSION = "exclusion"
    EXTENSION = "extension"


@attrs.frozen
class ClockAdjustment:
    """One move of a deadline, for the audit log and :func:`~.explain.explain`.

    ``amount`` is in the goal's measure (working time for business-time
    goals).  ``start``/``end`` bound the paused or excluded span; for an
    extension both are the instant it was granted.
    """

    kind: AdjustmentKind
    clock: str
    cycle: int
    start: datetime
    end: datetime
    amount: timedelta
    due_before: datetime
    due_after: datetime
    reason: str = ""
    approved_by: str | None = None


@attrs.frozen
class ClockUpdate:
    """A clock after a command, with the adjustment made (``None`` when nothing changed)."""

    clock: ClockState
    adjustment: ClockAdjustment | None = None


@attrs.frozen
class ExtensionRule:
    """How far a policy lets a goal's deadline be extended.

    The deadline may move to at most ``max_total`` after the start,
    measured on ``calendar`` (a registered calendar name; ``None`` means
    elapsed time), plus any paused or excluded time.  Beyond
    ``approval_beyond`` an extension needs a named approver (the Chinese rule's
    second 30 days need senior approval).  ``source`` cites the rule.
    """

    max_total: timedelta
    calendar: str | None = None
    approval_beyond: timedelta | None = None
    source: str = ""


def calendar_for(goal: ClockGoal, calendars: Calendars) -> BusinessCalendar:
    """The calendar a goal is measured on: its named one, or elapsed time."""
    if not goal.business_time:
        return _ELAPSED
    return _named(goal.calendar, calendars, f"goal {goal.name!r}")


def _named(name: str | None, calendars: Calendars, user: str) -> BusinessCalendar:
    if name is None:
        raise ConfigurationError(f"{user} is measured in business time but names no calendar")
    try:
        return calendars[name]
    except KeyError:
        known = ", ".join(sorted(calendars)) or "none"
        raise ConfigurationError(f"{user} names calendar {name!r}, which is not registered "
                                 f"(registered: {known})") from None


def _offset(clock: ClockState, calendar: BusinessCalendar, instant: datetime) -> timedelta:
    """How much of the goal's measure lies between the start and ``instant``."""
    return calendar.business_time_between(clock.started_at, instant)


def _paused(clock: ClockState) -> timedelta:
    return timedelta(seconds=clock.paused_seconds)


class _Due(NamedTuple):
    """One event of a clock's schedule: the instant it falls due and what it is.

    A plain tuple rather than a :class:`ClockEvent`: a check walks the whole
    schedule but usually fires one event of it, and the sweeper checks
    thousands of clocks per batch.
    """

    at: datetime
    kind: ClockEventKind
    percent: int | None = None
    level: int | None = None


def _schedule(clock: ClockState, calendar: BusinessCalendar) -> list[_Due]:
    """Every event of the clock's goal, fired or not, earliest first.

    The instants depend only on the start, the deadline and the paused span,
    so :func:`check` computes and sorts them once and filters them twice
    (what fires now, what is left) instead of walking the calendar again.
    """
    paused = _paused(clock)
    due_offset = _offset(clock, calendar, clock.due_at)
    allowed = due_offset - paused
    events = [
        _Due(calendar.add_business_time(clock.started_at, allowed * percent / 100 + paused),
             ClockEventKind.WARNING, percent=percent)
        for percent in clock.goal.warn_at
    ]
    events.append(_Due(clock.due_at, ClockEventKind.BREACH))
    events.extend(
        _Due(calendar.add_business_time(clock.started_at, due_offset + delay),
             ClockEventKind.ESCALATION, level=level)
        for level, delay in enumerate(clock.goal.escalate_after, start=1))
    events.sort(key=_due_instant)
    return events


def _due_instant(event: _Due) -> datetime:
    return event.at


def _unfired(events: list[_Due], warnings_fired: tuple[int, ...],
             breached_at: datetime | None, escalation_level: int) -> list[_Due]:
    """The events of a schedule not fired yet by a clock in the given fired state, in
    the schedule's order (earliest first)."""
    return [item for item in events
            if (item.kind is ClockEventKind.WARNING and item.percent not in warnings_fired)
            or (item.kind is ClockEventKind.BREACH and breached_at is None)
            or (item.level is not None and item.level > escalation_level)]


def _scheduled(clock: ClockState, calendar: BusinessCalendar) -> ClockState:
    """``clock`` with ``next_check_at`` set to its earliest pending event.

    A paused or stopped clock has nothing that can fall due, so its next
    check is ``None``; resuming schedules it again.
    """
    if clock.status is not ClockStatus.RUNNING:
        return attrs.evolve(clock, next_check_at=None)
    pending = _unfired(_schedule(clock, calendar), clock.warnings_fired, clock.breached_at,
                       clock.escalation_level)
    return attrs.evolve(clock, next_check_at=pending[0].at if pending else None)


def start(goal: ClockGoal, *, complaint_id: str, policy: str, at: datetime,
          calendars: Calendars, cycle: int = 1) -> ClockState:
    """Start a clock for ``goal`` at ``at`` (usually the complaint's receipt)."""
    started = ensure_aware(at, "at")
    calendar = calendar_for(goal, calendars)
    clock = ClockState(
        complaint_id=complaint_id, name=goal.name, policy=policy, goal=goal,
        started_at=started, due_at=calendar.add_business_time(started, goal.duration),
        next_check_at=None, cycle=cycle, statutory=goal.statutory)
    return _scheduled(clock, calendar)


def check(clock: ClockState, now: datetime,
          calendars: Calendars) -> tuple[ClockState, list[ClockEvent]]:
    """Fire every warning, breach and escalation due by ``now``, each exactly once.

    Calling it again, or late, never repeats an event: the returned clock
    records what fired (``warnings_fired``, ``breached_at``,
    ``escalation_level``).  A paused clock only fires what fell due before
    the pause; a stopped one fires nothing.
    """
    current = ensure_aware(now, "now")
    if clock.status is ClockStatus.STOPPED:
        return attrs.evolve(clock, next_check_at=None), []
    if clock.paused_at is not None:
        current = min(current, clock.paused_at)
    calendar = calendar_for(clock.goal, calendars)
    schedule = _schedule(clock, calendar)
    fired = [item for item in _unfired(schedule, clock.warnings_fired, clock.breached_at,
                                       clock.escalation_level) if item.at <= current]
    if not fired:
        return _scheduled(clock, calendar), []
    warnings = tuple(sorted({*clock.warnings_fired,
                             *(item.percent for item in fired if item.percent is not None)}))
    breached_at = clock.breached_at or next(
        (item.at for item in fired if item.kind is ClockEventKind.BREACH), None)
    level = max([clock.escalation_level, *(item.level or 0 for item in fired)])
    # One pass over the same schedule gives what is left: the instants do not
    # depend on what fired, only on the start, deadline and paused span.
    left = (_unfired(schedule, warnings, breached_at, level)
            if clock.status is ClockStatus.RUNNING else [])
    return attrs.evolve(clock, warnings_fired=warnings, breached_at=breached_at,
                        escalation_level=level,
                        next_check_at=left[0].at if left else None), [
        ClockEvent(item.kind, clock.complaint_id, clock.name, clock.cycle, item.at,
                   percent=item.percent, level=item.level) for item in fired]


def _moved(clock: ClockState, calendar: BusinessCalendar, amount: timedelta) -> ClockState:
    """``clock`` with its deadline ``amount`` later (in the goal's measure), rescheduled."""
    due = calendar.add_business_time(clock.started_at,
                                     _offset(clock, calendar, clock.due_at) + amount)
    return _scheduled(attrs.evolve(clock, due_at=due), calendar)


def pause(clock: ClockState, at: datetime, calendars: Calendars) -> ClockUpdate:
    """Pause an internal clock (the bank is waiting for the customer).

    Statutory clocks ignore it: a regulator's time limit does not stop
    because of the bank's internal status; only the rule's own exclusions
    apply (:func:`exclude`).  Pausing a clock that is not running changes
    nothing.  The adjustment is reported by :func:`resume`, when the span
    is known.
    """
    instant = ensure_aware(at, "at")
    if clock.statutory or clock.status is not ClockStatus.RUNNING:
        return ClockUpdate(clock)
    calendar = calendar_for(clock.goal, calendars)
    return ClockUpdate(_scheduled(attrs.evolve(clock, status=ClockStatus.PAUSED,
                                               paused_at=instant), calendar))


def resume(clock: ClockState, at: datetime, calendars: Calendars, *,
           reason: str = "") -> ClockUpdate:
    """Resume a paused clock; the deadline moves by the paused span in the goal's measure.

    A clock paused from Friday 16:00 to Monday 10:00 on a 09:00-17:00
    calendar loses two working hours, not 66 hours.
    """
    instant = ensure_aware(at, "at")
    if clock.status is not ClockStatus.PAUSED or clock.paused_at is None:
        return ClockUpdate(clock)
    if instant < clock.paused_at:
        raise ValidationError("cannot resume a clock before it was paused",
                              {"at": f"{instant.isoformat()} is before the pause"})
    calendar = calendar_for(clock.goal, calendars)
    span = _offset(clock, calendar, instant) - _offset(clock, calendar, clock.paused_at)
    updated = _moved(attrs.evolve(clock, status=ClockStatus.RUNNING, paused_at=None,
                                  paused_seconds=clock.paused_seconds + span.total_seconds()),
                     calendar, span)
    return ClockUpdate(updated, ClockAdjustment(
        AdjustmentKind.PAUSE, clock.name, clock.cycle, clock.paused_at, instant, span,
        clock.due_at, updated.due_at, reason))


def exclude(clock: ClockState, start: datetime, end: datetime, calendars: Calendars, *,
            reason: str) -> ClockUpdate:
    """Leave ``start``..``end`` out of the clock, as a rule allows (external appraisal).

    Works on statutory clocks too: it is the rule's own exclusion, such as
    time an outside body spends on appraisal, testing or mediation under the
    Chinese complaint-handling measures.  ``reason`` is mandatory because an
    auditor will ask.
    """
    first, last = ensure_aware(start, "start"), ensure_aware(end, "end")
    problems = {}
    if last <= first:
        problems["end"] = "must be after start"
    if not reason.strip():
        problems["reason"] = "an exclusion needs a reason"
    if clock.status is ClockStatus.STOPPED:
        problems["clock"] = "is stopped"
    if problems:
        raise ValidationError(f"cannot exclude time from clock {clock.name!r}", problems)
    calendar = calendar_for(clock.goal, calendars)
    span = _offset(clock, calendar, last) - _offset(clock, calendar, max(first, clock.started_at))
    updated = _moved(attrs.evolve(clock, paused_seconds=clock.paused_seconds
                                  + span.total_seconds()), calendar, span)
    return ClockUpdate(updated, ClockAdjustment(
        AdjustmentKind.EXCLUSION, clock.name, clock.cycle, first, last, span,
        clock.due_at, updated.due_at, reason))


def latest_due(clock: ClockState, rule: ExtensionRule, calendars: Calendars) -> datetime:
    """The latest deadline ``rule`` allows for ``clock``, paused and excluded time added."""
    calendar = _named(rule.calendar, calendars, "extension rule") if rule.calendar \
        else _ELAPSED
    return calendar.add_business_time(clock.started_at, rule.max_total + _paused(clock))


def extend(clock: ClockState, by: timedelta | None = None, *, at: datetime,
           calendars: Calendars, rule: ExtensionRule | None, reason: str,
           until: datetime | None = None, approved_by: str | None = None) -> ClockUpdate:
    """Move the deadline later, within the policy's ``rule``.

    Give either ``by`` (in the goal's measure: business days on a
    business-day clock) or ``until``, the new deadline (for example
    :func:`latest_due`, "extend to the limit").  Refused with
    :class:`~greenchannel_sdk.errors.ValidationError` when the policy allows
    no extension of the goal, when the new deadline is not later or would
    pass :func:`latest_due`, when no reason is given, or when it goes past
    ``rule.approval_beyond`` without ``approved_by``.
    """
    instant = ensure_aware(at, "at")
    calendar = calendar_for(clock.goal, calendars)
    if by is not None and until is None:
        amount = by
    elif until is not None and by is None:
        amount = (_offset(clock, calendar, ensure_aware(until, "until"))
                  - _offset(clock, calendar, clock.due_at))
    else:
        raise ValidationError(f"cannot extend clock {clock.name!r}",
                              {"by": "give exactly one of 'by' and 'until'"})
    problems: dict[str, str] = {}
    if rule is None:
        problems["goal"] = f"the policy allows no extension of {clock.name!r}"
    if amount <= timedelta(0):
        problems["by"] = "the new deadline must be later than the current one"
    if not reason.strip():
        problems["reason"] = "an extension needs a reason"
    if clock.status is ClockStatus.STOPPED:
        problems["clock"] = "is stopped"
    if problems or rule is None:
        raise ValidationError(f"cannot extend clock {clock.name!r}", problems)
    updated = _moved(clock, calendar, amount)
    latest = latest_due(clock, rule, calendars)
    if updated.due_at > latest:
        raise ValidationError(f"cannot extend clock {clock.name!r}", {
            "by": f"the deadline may move to {latest.isoformat()} at the latest"})
    if rule.approval_beyond is not None and approved_by is None:
        threshold = attrs.evolve(rule, max_total=rule.approval_beyond)
        if updated.due_at > latest_due(clock, threshold, calendars):
            raise ValidationError(f"cannot extend clock {clock.name!r}", {
                "approved_by": "an extension this long needs a named approver"})
    return ClockUpdate(updated, ClockAdjustment(
        AdjustmentKind.EXTENSION, clock.name, clock.cycle, instant, instant, amount,
        clock.due_at, updated.due_at, reason, approved_by))


def stop(clock: ClockState, at: datetime) -> ClockState:
    """Stop the clock: the goal was met (or missed) at ``at``.  Stopping twice keeps the first."""
    instant = ensure_aware(at, "at")
    if clock.status is ClockStatus.STOPPED:
        return clock
    return attrs.evolve(clock, status=ClockStatus.STOPPED, stopped_at=instant,
                        paused_at=None, next_check_at=None)


def restart(clock: ClockState, at: datetime,
            calendars: Calendars) -> tuple[ClockState, ClockState]:
    """Start the next cycle of ``clock`` (a reopened complaint).

    Returns the old clock, stopped at ``at`` if it was still running and
    otherwise unchanged, to keep as history; and a fresh clock with the same
    goal snapshot and ``cycle + 1``.
    """
    old = stop(clock, at)
    new = start(clock.goal, complaint_id=clock.complaint_id, policy=clock.policy, at=at,
                calendars=calendars, cycle=clock.cycle + 1)
    return old, new
