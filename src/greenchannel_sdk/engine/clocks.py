"""SLA clocks bound to lifecycle events, and the sweeper that fires what is due (S9, S22).

Which command starts, pauses, resumes or stops which clock is data
(:data:`CLOCK_BINDINGS`), keyed by the goal's name, so a policy pack only
has to name its goals.  The arithmetic lives in :mod:`greenchannel_sdk.sla`;
this module persists its results, writes the audit events and queues the
notifications, inside the command's own transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import attrs

from .. import signals
from ..domain import AuditEvent, ClockState, ClockStatus, Command, Complaint, OutboxMessage
from ..errors import ConfigurationError
from ..interfaces import SlaPolicy
from ..settings import Settings
from ..sla import clocks as arithmetic
from ..sla.clocks import ClockEvent, ClockEventKind
from ..store import Store, UnitOfWork
from .effects import Effects
from .registry import Registry

__all__ = ["CLOCK_BINDINGS", "ClockBinding", "ClockKeeper", "TickReport"]


@attrs.frozen
class ClockBinding:
    """When a clock of a given goal name starts and what stops it."""

    starts_on: Command
    stops_on: frozenset[Command]


_RESPONSE_GIVEN = frozenset({Command.PROPOSE_RESOLUTION})

#: Goal name -> binding.  A goal whose name is not listed starts at
#: registration and stops when a resolution is proposed (the bank's answer).
CLOCK_BINDINGS: dict[str, ClockBinding] = {
    "first_contact": ClockBinding(Command.REGISTER, frozenset({Command.RECORD_CONTACT})),
    "summary_resolution": ClockBinding(Command.REGISTER, _RESPONSE_GIVEN),
    "resolution": ClockBinding(Command.REGISTER, _RESPONSE_GIVEN),
    "follow_up": ClockBinding(Command.ACCEPT_RESOLUTION, frozenset({Command.CLOSE})),
    "review": ClockBinding(Command.DECLINE_RESOLUTION, _RESPONSE_GIVEN),
}
_DEFAULT_BINDING = ClockBinding(Command.REGISTER, _RESPONSE_GIVEN)

#: Commands after which no clock of the complaint may keep running.
_ENDING = frozenset({Command.WITHDRAW, Command.MERGE, Command.DISMISS, Command.ARCHIVE})
#: Commands that start a fresh cycle of every clock started at registration.
_RESTARTING = frozenset({Command.REOPEN, Command.UNMERGE})


def binding(goal_name: str) -> ClockBinding:
    return CLOCK_BINDINGS.get(goal_name, _DEFAULT_BINDING)


@attrs.frozen
class TickReport:
    """What one sweep found and fired."""

    checked: int = 0
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0


class ClockKeeper:
    def __init__(self, registry: Registry, settings: Settings) -> None:
        self._registry = registry
        self._settings = settings

    @property
    def policy(self) -> SlaPolicy:
        try:
            return self._registry.sla_policies[self._settings.sla_policy]
        except KeyError:
            raise ConfigurationError(
                f"SLA policy {self._settings.sla_policy!r} is not registered; known: "
                f"{', '.join(sorted(self._registry.sla_policies)) or 'none'}") from None

    # lifecycle ----------------------------------------------------------------

    def on_register(self, uow: UnitOfWork, complaint: Complaint, now: datetime,
                    effects: Effects) -> None:
        self._start(uow, complaint, Command.REGISTER, complaint.received_at)

    def on_transition(self, uow: UnitOfWork, before: Complaint, after: Complaint,
                      command: Command, now: datetime, effects: Effects) -> None:
        calendars = self._registry.calendars
        latest = _latest_cycles(uow.clocks(after.id))
        for clock in latest.values():
            updated = clock
            if command in _ENDING or command in binding(clock.name).stops_on:
                updated = arithmetic.stop(clock, now)
            elif command is Command.REQUEST_CUSTOMER_INFO:
                updated = arithmetic.pause(clock, now, calendars).clock
            elif command is Command.CUSTOMER_REPLIED:
                updated = arithmetic.resume(clock, now, calendars,
                                            reason="the bank waited for the customer").clock
            elif command in _RESTARTING and binding(clock.name).starts_on is Command.REGISTER:
                old, updated = arithmetic.restart(clock, now, calendars)
                uow.put_clock(old)
            if updated != clock:
                uow.put_clock(updated)
        self._start(uow, after, command, now, skip=set(latest) if command in _RESTARTING
                    else None)

    def _start(self, uow: UnitOfWork, complaint: Complaint, command: Command, at: datetime,
               skip: set[str] | None = None) -> None:
        policy = self.policy
        existing = _latest_cycles(uow.clocks(complaint.id)) if command is not Command.REGISTER \
            else {}
        for goal in policy.goals(complaint):
            if binding(goal.name).starts_on is not command or goal.name in (skip or set()):
                continue
            previous = existing.get(goal.name)
            if previous is not None and previous.status is not ClockStatus.STOPPED:
                continue
            cycle = 1 if previous is None else previous.cycle + 1
            uow.put_clock(arithmetic.start(goal, complaint_id=complaint.id, policy=policy.name,
                                           at=at, calendars=self._registry.calendars,
                                           cycle=cycle))

    # the sweeper --------------------------------------------------------------

    def tick(self, store: Store, now: datetime, effects: Effects,
             batch: int = 500) -> TickReport:
        """Check every clock whose next check time has come, in batches, each fired once.

        Due clocks are found through the indexed ``next_check_at``; on
        PostgreSQL they are claimed with SKIP LOCKED, so several sweepers can
        run at once without double escalation.
        """
        report = TickReport()
        seen: set[tuple[str, str, int]] = set()
        while True:
            with store.unit_of_work() as uow:
                due = uow.clocks_due(now, batch)
                keys = {(c.complaint_id, c.name, c.cycle) for c in due}
                if keys <= seen:  # nothing new: whatever is left cannot advance before `now`
                    return report
                seen |= keys
                for clock in due:
                    updated, events = arithmetic.check(clock, now, self._registry.calendars)
                    uow.put_clock(updated)
                    for event in events:
                        self._record(uow, updated, event, now, effects)
                    report = _count(report, events)
            report = attrs.evolve(report, checked=report.checked + len(due))
            if len(due) < batch:
                return report

    def _record(self, uow: UnitOfWork, clock: ClockState, event: ClockEvent, now: datetime,
                effects: Effects) -> None:
        complaint = uow.get_complaint(clock.complaint_id)
        data = {"clock": clock.name, "cycle": clock.cycle, "due_at": clock.due_at.isoformat(),
                "percent": event.percent, "level": event.level, "became_due": event.at.isoformat()}
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor="system:sla", action=event.kind.value,
            from_status=complaint.status.value, to_status=complaint.status.value,
            reason=_describe(event), data=data))
        uow.add_outbox(OutboxMessage(
            id=str(uuid.uuid4()), complaint_id=complaint.id, topic=event.kind.value,
            notifier=self._settings.staff_notifier,
            payload={"number": complaint.number, **data}, created_at=now))
        if event.kind is ClockEventKind.WARNING:
            effects.signal(signals.sla_warning, complaint=complaint, clock=clock,
                           percent=event.percent)
        elif event.kind is ClockEventKind.BREACH:
            effects.signal(signals.sla_breached, complaint=complaint, clock=clock)
        elif event.level is not None and event.level > complaint.escalation_level:
            uow.raise_escalation(complaint.id, event.level)
            effects.signal(signals.escalated, complaint=complaint, clock=clock,
                           level=event.level)


def _latest_cycles(clocks: list[ClockState]) -> dict[str, ClockState]:
    latest: dict[str, ClockState] = {}
    for clock in clocks:
        if clock.name not in latest or clock.cycle > latest[clock.name].cycle:
            latest[clock.name] = clock
    return latest


def _describe(event: ClockEvent) -> str:
    if event.kind is ClockEventKind.WARNING:
        return f"{event.clock} clock passed {event.percent}% of its goal"
    if event.kind is ClockEventKind.BREACH:
        return f"{event.clock} clock breached its deadline"
    return f"{event.clock} clock escalated to level {event.level}"


def _count(report: TickReport, events: list[ClockEvent]) -> TickReport:
    kinds = [event.kind for event in events]
    return attrs.evolve(
        report,
        warnings=report.warnings + kinds.count(ClockEventKind.WARNING),
        breaches=report.breaches + kinds.count(ClockEventKind.BREACH),
        escalations=report.escalations + kinds.count(ClockEventKind.ESCALATION),
    )
