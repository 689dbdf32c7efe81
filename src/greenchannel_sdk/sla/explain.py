"""Explain a deadline in words and as data, for a supervisor or an auditor (S22).

"Why is this complaint due on 26 February?" is answered by the arithmetic:
when the clock started, on which calendar in which zone, which holidays and
weekend working days lay in between, which pauses, exclusions and
extensions moved it, and the result.  :func:`explain` returns that as a
:class:`DeadlineExplanation` whose ``steps`` are sentences and whose fields
are the same facts as data (:meth:`DeadlineExplanation.as_data` gives plain
JSON types for an API or an export).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

import attrs

from ..domain import ClockState
from .calendars import DayCountCalendar
from .clocks import Calendars, ClockAdjustment, calendar_for
from .days import DayNote

__all__ = ["DeadlineExplanation", "explain"]


@runtime_checkable
class _NotedCalendar(Protocol):
    """A calendar that can say why dates are special (the SDK's own calendars can)."""

    def day_notes(self, first: date, last: date) -> list[DayNote]: ...


def _span(value: timedelta) -> str:
    """``value`` in words: '15 days', '2 days 3:30:00', '7:00:00'."""
    if value.days and not value.seconds and not value.microseconds:
        return f"{value.days} day{'s' if value.days != 1 else ''}"
    return str(value)


@attrs.frozen
class DeadlineExplanation:
    """The arithmetic behind one clock's deadline.

    Times are in the calendar's zone.  ``days_off`` are holidays and
    closures between the start and the deadline that were not counted;
    ``days_worked`` are weekend days that were (make-up days).
    ``adjustments`` are the pauses, exclusions and extensions that moved
    the deadline, in the goal's measure.
    """

    complaint_id: str
    clock: str
    cycle: int
    policy: str
    source: str
    statutory: bool
    measure: str
    calendar: str | None
    timezone: str
    started_at: datetime
    duration: timedelta
    days_off: tuple[DayNote, ...]
    days_worked: tuple[DayNote, ...]
    adjustments: tuple[ClockAdjustment, ...]
    paused: timedelta
    extended: timedelta
    due_at: datetime
    status: str
    breached_at: datetime | None
    steps: tuple[str, ...]

    @property
    def text(self) -> str:
        """The explanation as one paragraph per step."""
        return "\n".join(self.steps)

    def as_data(self) -> dict[str, Any]:
        """Plain JSON types: ISO 8601 times and dates, durations in seconds."""
        def note(item: DayNote) -> dict[str, Any]:
            return {"date": item.day.isoformat(), "reason": item.reason}

        def adjustment(item: ClockAdjustment) -> dict[str, Any]:
            return {"kind": item.kind.value, "start": item.start.isoformat(),
                    "end": item.end.isoformat(), "seconds": item.amount.total_seconds(),
                    "due_before": item.due_before.isoformat(),
                    "due_after": item.due_after.isoformat(), "reason": item.reason,
                    "approved_by": item.approved_by}

        return {
            "complaint_id": self.complaint_id, "clock": self.clock, "cycle": self.cycle,
            "policy": self.policy, "source": self.source, "statutory": self.statutory,
            "measure": self.measure, "calendar": self.calendar, "timezone": self.timezone,
            "started_at": self.started_at.isoformat(),
            "duration_seconds": self.duration.total_seconds(),
            "days_off": [note(item) for item in self.days_off],
            "days_worked": [note(item) for item in self.days_worked],
            "adjustments": [adjustment(item) for item in self.adjustments],
            "paused_seconds": self.paused.total_seconds(),
            "extended_seconds": self.extended.total_seconds(),
            "due_at": self.due_at.isoformat(), "status": self.status,
            "breached_at": self.breached_at.isoformat() if self.breached_at else None,
            "steps": list(self.steps),
        }


def explain(clock: ClockState, calendars: Calendars,
            adjustments: Sequence[ClockAdjustment] = (), *,
            timezone: str | None = None) -> DeadlineExplanation:
    """Explain ``clock``'s deadline.

    ``adjustments`` are the records :func:`~.clocks.resume`,
    :func:`~.clocks.exclude` and :func:`~.clocks.extend` returned for this
    clock (the engine keeps them in the audit log); records of other
    clocks or cycles are ignored.  Times are shown in ``timezone``, by
    default the calendar's own (elapsed-time goals have none: pass the
    bank's, ``Settings.timezone``).
    """
    goal = clock.goal
    calendar = calendar_for(goal, calendars)
    zone = ZoneInfo(timezone or str(getattr(calendar, "timezone", "UTC")))
    started = clock.started_at.astimezone(zone)
    due = clock.due_at.astimezone(zone)
    own = tuple(item for item in adjustments
                if item.clock == clock.name and item.cycle == clock.cycle)
    paused = timedelta(seconds=clock.paused_seconds)
    # Derived from the clock itself, so it is right even without the records.
    extended = (calendar.business_time_between(clock.started_at, clock.due_at)
                - goal.duration - paused)
    notes = (calendar.day_notes(started.date(), due.date())
             if isinstance(calendar, _NotedCalendar) else [])
    days_off = tuple(item for item in notes if not item.working)
    days_worked = tuple(item for item in notes if item.working)
    measure = (f"business time on calendar {goal.calendar!r} ({zone.key})"
               if goal.business_time else "elapsed time")

    steps = [
        f"Clock {clock.name!r} (cycle {clock.cycle}) of policy {clock.policy!r} started "
        f"{started.isoformat()}, {'statutory' if clock.statutory else 'internal'} goal: "
        f"{_span(goal.duration)} of {measure}.",
    ]
    if goal.source:
        steps.append(f"Rule: {goal.source}.")
    if isinstance(calendar, DayCountCalendar):
        steps.append(f"The start day is not counted: counting begins at midnight ending "
                     f"{started.date().isoformat()}, each counted day ending at midnight.")
    if days_off:
        steps.append("Not counted: " + "; ".join(
            f"{item.day.isoformat()} ({item.reason})" for item in days_off) + ".")
    if days_worked:
        steps.append("Counted although a weekend: " + "; ".join(
            f"{item.day.isoformat()} ({item.reason})" for item in days_worked) + ".")
    steps.extend(
        f"{item.kind.value.capitalize()} of {_span(item.amount)}"
        f" ({item.start.astimezone(zone).isoformat()} to {item.end.astimezone(zone).isoformat()})"
        f"{': ' + item.reason if item.reason else ''}"
        f"{', approved by ' + item.approved_by if item.approved_by else ''}"
        f" moved the deadline from {item.due_before.astimezone(zone).isoformat()}"
        f" to {item.due_after.astimezone(zone).isoformat()}."
        for item in own)
    total = goal.duration + paused + extended
    steps.append(
        f"Deadline: {started.isoformat()} + {_span(total)} of {measure}"
        f" ({_span(goal.duration)} goal + {_span(paused)} paused or excluded"
        f" + {_span(extended)} extended) = {due.isoformat()}.")
    if clock.breached_at is not None:
        steps.append(f"Breached at {clock.breached_at.astimezone(zone).isoformat()}.")
    if clock.stopped_at is not None:
        verdict = "met" if clock.met else "missed"
        steps.append(f"Stopped {clock.stopped_at.astimezone(zone).isoformat()}: goal {verdict}.")

    return DeadlineExplanation(
        complaint_id=clock.complaint_id, clock=clock.name, cycle=clock.cycle,
        policy=clock.policy, source=goal.source, statutory=clock.statutory, measure=measure,
        calendar=goal.calendar if goal.business_time else None, timezone=zone.key,
        started_at=started, duration=goal.duration, days_off=days_off,
        days_worked=days_worked, adjustments=own, paused=paused, extended=extended,
        due_at=due, status=clock.status.value, breached_at=clock.breached_at,
        steps=tuple(steps))
