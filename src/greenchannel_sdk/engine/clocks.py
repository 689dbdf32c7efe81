"""SLA clocks bound to lifecycle events, and the sweeper that fires what is due (S9, S22).

Which command starts, pauses, resumes or stops which clock is data
(:data:`CLOCK_BINDINGS`), keyed by the goal's name, so a policy pack only
has to name its goals.  The arithmetic lives in :mod:`greenchannel_sdk.sla`.

:class:`ClockBook` applies those rules to one complaint's clocks in memory.
It is the single place the rules live: the live engine (:class:`ClockKeeper`)
loads the clocks, moves them with a book and writes what changed, inside the
command's own transaction; a rebuild (:mod:`.sla_service`) moves an empty
book through the complaint's audit log.  Because both go through the same
code, a rebuild gives the same due times as live operation did.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from .. import signals
from ..clock import ensure_aware
from ..domain import (
    AuditEvent,
    ClockGoal,
    ClockState,
    ClockStatus,
    Command,
    Complaint,
    OutboxMessage,
    unstructure,
)
from ..errors import ConcurrentModification, ConfigurationError, StorageError, ValidationError
from ..interfaces import SlaPolicy
from ..settings import Settings
from ..sla import clocks as arithmetic
from ..sla.clocks import Calendars, ClockAdjustment, ClockEvent, ClockEventKind, ClockUpdate
from ..store import ClaimedComplaint, DueWork, Store, UnitOfWork
from .effects import Effects
from .registry import Registry

__all__ = [
    "ADJUSTMENT_ACTION",
    "CLOCK_BINDINGS",
    "ESCALATION_ROLES",
    "GOALS_ACTION",
    "SLA_ACTOR",
    "ClockBinding",
    "ClockBook",
    "ClockKeeper",
    "ClockStep",
    "TickReport",
    "adjustment_event",
    "escalation_role",
]

log = logging.getLogger(__name__)

#: Audit action of the goal snapshot taken at registration; a rebuild starts from it.
GOALS_ACTION = "sla.goals"
#: Audit action of every move of a deadline (pause span, exclusion, extension).
ADJUSTMENT_ACTION = "sla.adjustment"
#: The actor id the sweeper and automatic clock changes are recorded under.
SLA_ACTOR = "system:sla"

#: Who an escalation level notifies (S22): the green-channel lead, then a
#: supervisor, then compliance.  Levels past the last go to the last role.
ESCALATION_ROLES: Mapping[int, str] = {1: "green_channel_lead", 2: "supervisor",
                                       3: "compliance"}


def escalation_role(level: int) -> str:
    """The role escalation ``level`` is addressed to."""
    return ESCALATION_ROLES.get(level, ESCALATION_ROLES[max(ESCALATION_ROLES)])


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
_WAITING_REASON = "the bank waited for the customer"


def binding(goal_name: str) -> ClockBinding:
    return CLOCK_BINDINGS.get(goal_name, _DEFAULT_BINDING)


def _starts_clocks(command: Command) -> bool:
    """Whether ``command`` starts the clock of any goal (read from the bindings each time,
    so an added binding counts).  Most commands start none, and then a complaint's goals
    need not be built for them."""
    return command is _DEFAULT_BINDING.starts_on or any(
        rule.starts_on is command for rule in CLOCK_BINDINGS.values())


@attrs.frozen
class ClockStep:
    """What one step did to a complaint's clocks: what to write, audit and signal."""

    clocks: tuple[ClockState, ...] = ()
    adjustments: tuple[ClockAdjustment, ...] = ()
    events: tuple[ClockEvent, ...] = ()


class ClockBook:
    """One complaint's clocks (every cycle), moved by the binding rules.

    Pure bookkeeping: no storage, no wall clock.  Every method returns the
    :class:`ClockStep` it took and keeps the book up to date, so steps can
    be chained (a rebuild runs a whole history through one book).
    """

    def __init__(self, complaint_id: str, clocks: Iterable[ClockState],
                 calendars: Calendars) -> None:
        self.complaint_id = complaint_id
        self._calendars = calendars
        self._clocks = {(c.name, c.cycle): c for c in clocks}

    def states(self) -> list[ClockState]:
        """Every clock, in start order."""
        return sorted(self._clocks.values(), key=lambda c: (c.started_at, c.name, c.cycle))

    def latest(self) -> dict[str, ClockState]:
        """The current cycle of each clock, by name."""
        latest: dict[str, ClockState] = {}
        for clock in self._clocks.values():
            if clock.name not in latest or clock.cycle > latest[clock.name].cycle:
                latest[clock.name] = clock
        return latest

    def current(self, name: str) -> ClockState:
        """The current cycle of clock ``name``; ``ValidationError`` if there is none."""
        latest = self.latest()
        if name not in latest:
            raise ValidationError("no such clock", {
                "clock": f"{name!r} has not started on this complaint; started: "
                         f"{', '.join(sorted(latest)) or 'none'}"})
        return latest[name]

    def _keep(self, clocks: Sequence[ClockState]) -> None:
        for clock in clocks:
            self._clocks[clock.name, clock.cycle] = clock

    def transition(self, command: Command, at: datetime, goals: Sequence[ClockGoal],
                   policy: str) -> ClockStep:
        """Apply ``command`` at ``at``: stop, pause, resume or restart clocks, start new ones.

        ``goals`` are the policy's goals for the complaint; those bound to
        start on ``command`` start at ``at`` (for registration, pass the
        receipt time) unless their clock is already running.
        """
        changed: list[ClockState] = []
        adjustments: list[ClockAdjustment] = []
        latest = self.latest()
        restarted: set[str] = set()
        for clock in latest.values():
            update = ClockUpdate(clock)
            if command in _ENDING or command in binding(clock.name).stops_on:
                update = ClockUpdate(arithmetic.stop(clock, at))
            elif command is Command.REQUEST_CUSTOMER_INFO:
                update = arithmetic.pause(clock, at, self._calendars)
            elif command is Command.CUSTOMER_REPLIED:
                update = arithmetic.resume(clock, at, self._calendars, reason=_WAITING_REASON)
            elif command in _RESTARTING and binding(clock.name).starts_on is Command.REGISTER:
                old, new = arithmetic.restart(clock, at, self._calendars)
                changed.extend(item for item in (old, new) if item != clock)
                restarted.add(clock.name)
                continue
            if update.clock != clock:
                changed.append(update.clock)
            if update.adjustment is not None:
                adjustments.append(update.adjustment)
        for goal in goals:
            previous = latest.get(goal.name)
            if (binding(goal.name).starts_on is not command or goal.name in restarted
                    or (previous is not None and previous.status is not ClockStatus.STOPPED)):
                continue
            changed.append(arithmetic.start(
                goal, complaint_id=self.complaint_id, policy=policy, at=at,
                calendars=self._calendars, cycle=1 if previous is None else previous.cycle + 1))
        self._keep(changed)
        return ClockStep(tuple(changed), tuple(adjustments))

    def adjust(self, name: str,
               change: Callable[[ClockState, Calendars], ClockUpdate]) -> ClockStep:
        """Apply an exclusion or extension (``change``) to the current cycle of ``name``."""
        update = change(self.current(name), self._calendars)
        self._keep([update.clock])
        return ClockStep((update.clock,), () if update.adjustment is None
                         else (update.adjustment,))

    def check(self, name: str, cycle: int, at: datetime) -> ClockStep:
        """Fire what is due on clock ``name`` cycle ``cycle`` by ``at`` (the sweeper's step)."""
        clock = self._clocks.get((name, cycle))
        if clock is None:
            return ClockStep()
        updated, events = arithmetic.check(clock, at, self._calendars)
        self._keep([updated])
        return ClockStep((updated,), (), tuple(events))


def adjustment_event(complaint: Complaint, adjustment: ClockAdjustment, actor: str,
                     at: datetime) -> AuditEvent:
    """The audit record of one deadline move; :func:`adjustment_from` reads it back."""
    return AuditEvent(
        complaint_id=complaint.id, seq=0, at=at, actor=actor, action=ADJUSTMENT_ACTION,
        from_status=complaint.status.value, to_status=complaint.status.value,
        reason=adjustment.reason or f"{adjustment.kind.value} of clock {adjustment.clock}",
        data=unstructure(adjustment))


@attrs.frozen
class TickReport:
    """What one sweep found and fired."""

    checked: int = 0
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0


#: How often a sweep batch is retried after losing a race with another writer.
_TICK_ATTEMPTS = 5


class ClockKeeper:
    """Keeps the stored clocks in step with the lifecycle, and runs the sweeper."""

    def __init__(self, registry: Registry, settings: Settings, *,
                 batch_size: int = 500) -> None:
        self._registry = registry
        self._settings = settings
        #: Clocks claimed per sweep transaction: bigger batches mean fewer
        #: round trips, smaller ones shorter locks and fairer sharing between
        #: concurrent sweepers.
        self.batch_size = batch_size

    @property
    def calendars(self) -> Calendars:
        return self._registry.calendars

    @property
    def policy(self) -> SlaPolicy:
        return self.policy_named(self._settings.sla_policy)

    def policy_named(self, name: str) -> SlaPolicy:
        try:
            return self._registry.sla_policies[name]
        except KeyError:
            raise ConfigurationError(
                f"SLA policy {name!r} is not registered; known: "
                f"{', '.join(sorted(self._registry.sla_policies)) or 'none'}") from None

    def book(self, complaint_id: str, clocks: Iterable[ClockState] = ()) -> ClockBook:
        """A book of ``complaint_id``'s clocks on the registered calendars."""
        return ClockBook(complaint_id, clocks, self.calendars)

    # lifecycle ----------------------------------------------------------------

    def on_register(self, uow: UnitOfWork, complaint: Complaint, now: datetime,
                    effects: Effects) -> None:
        """Start the registration clocks at receipt and record the goals they follow.

        The goal snapshot goes into the audit log so the clocks can be
        rebuilt from the log alone, with the goals as they were promised.
        """
        policy = self.policy
        goals = list(policy.goals(complaint))
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor=SLA_ACTOR, action=GOALS_ACTION,
            from_status=complaint.status.value, to_status=complaint.status.value,
            reason=f"SLA goals of policy {policy.name}",
            data={"policy": policy.name, "received_at": complaint.received_at.isoformat(),
                  "goals": [unstructure(goal) for goal in goals]}))
        step = self.book(complaint.id).transition(Command.REGISTER, complaint.received_at,
                                                  goals, policy.name)
        self.write(uow, complaint, step, SLA_ACTOR, now)

    def on_transition(self, uow: UnitOfWork, before: Complaint, after: Complaint,
                      command: Command, now: datetime, effects: Effects) -> None:
        """Move the complaint's clocks for ``command``.

        Clocks started now follow the policy the complaint's clocks were
        started under, so changing ``Settings.sla_policy`` does not switch
        the rules of complaints already running.
        """
        clocks = uow.clocks(after.id)
        policy = self.policy_named(clocks[0].policy) if clocks else self.policy
        goals = policy.goals(after) if _starts_clocks(command) else ()
        step = self.book(after.id, clocks).transition(command, now, goals, policy.name)
        self.write(uow, after, step, SLA_ACTOR, now)

    def write(self, uow: UnitOfWork, complaint: Complaint, step: ClockStep, actor: str,
              now: datetime) -> None:
        """Store the step's clocks and audit each deadline move, in the caller's transaction."""
        for clock in step.clocks:
            uow.put_clock(clock)
        for adjustment in step.adjustments:
            uow.append_audit(adjustment_event(complaint, adjustment, actor, now))

    # the sweeper --------------------------------------------------------------

    def tick(self, store: Store, now: datetime, effects: Effects) -> TickReport:
        """Check every clock whose next check time has come, in batches, each fired once.

        Due clocks are found only through the indexed ``next_check_at``.  A
        batch claims complaints, not clocks: on PostgreSQL their rows are
        locked with SKIP LOCKED, so several sweepers share the work and each
        complaint's due clocks and audit chain are handled by one of them,
        while a complaint a command holds is left for the next sweep.  A
        batch that fails on a write (a race with a writer that did not lock
        the complaint) is rolled back and retried; the retry re-reads, so
        nothing fires twice.
        """
        # Stored instants come back in UTC; the audit hash covers the instant's text,
        # so it is sealed in UTC too (a sweep at 09:00+08:00 must verify later).
        now = ensure_aware(now, "now")
        report = TickReport()
        skipped: set[str] = set()
        seen: set[tuple[str, str, int]] = set()
        while True:
            for attempt in range(1, _TICK_ATTEMPTS + 1):
                pending: list[tuple[Any, dict[str, Any]]] = []
                try:
                    work, fired = self._sweep(store, now, skipped, pending)
                    break
                except (StorageError, ConcurrentModification) as exc:
                    if attempt == _TICK_ATTEMPTS:
                        raise
                    log.info("SLA sweep batch lost a race with another writer (%s); "
                             "retrying (attempt %d)", exc.__class__.__name__, attempt + 1)
            for signal, kwargs in pending:
                effects.signal(signal, **kwargs)
            report = _count(attrs.evolve(report, checked=report.checked + len(work.clocks)),
                            fired)
            skipped |= work.candidates - set(work.complaints)
            keys = {(c.complaint_id, c.name, c.cycle) for c in work.clocks}
            # A clock checked twice in one sweep did not move past ``now``: stop rather
            # than spin (check always moves it, so this guards against a broken store).
            if not work.full or (keys and keys <= seen):
                return report
            seen |= keys

    def _sweep(self, store: Store, now: datetime, skipped: set[str],
               pending: list[tuple[Any, dict[str, Any]]],
               ) -> tuple[DueWork, list[ClockEvent]]:
        """One batch in one transaction: claim, check in memory, then write set-wise."""
        sweep = _Sweep(self._settings.staff_notifier, now)
        with store.unit_of_work() as uow:
            work = uow.claim_due(now, self.batch_size, skipped)
            for clock in work.clocks:
                updated, events = arithmetic.check(clock, now, self.calendars)
                sweep.add(work.complaints[clock.complaint_id], updated, events)
            if sweep.events and _listened():
                sweep.signal(uow.complaints_for_update(sorted(sweep.signalled)), pending)
            uow.record_sweep(sweep.clocks, sweep.audit, sweep.outbox, sweep.escalations)
        return work, sweep.events


def _listened() -> bool:
    """Whether anyone listens to the sweeper's signals (else whole complaints are not read)."""
    return any(signal.receivers for signal in (signals.sla_warning, signals.sla_breached,
                                               signals.escalated))


class _Sweep:
    """What one sweep batch writes and signals, gathered in memory, then written set-wise."""

    def __init__(self, notifier: str, now: datetime) -> None:
        self._notifier = notifier
        self._now = now
        self.clocks: list[ClockState] = []
        self.events: list[ClockEvent] = []
        self.audit: list[AuditEvent] = []
        self.outbox: list[OutboxMessage] = []
        #: complaint id -> the escalation level it is raised to.
        self.escalations: dict[str, int] = {}
        #: complaint id -> (clock, event) in firing order, for the signals.
        self.signalled: dict[str, list[tuple[ClockState, ClockEvent]]] = {}

    def add(self, complaint: ClaimedComplaint, clock: ClockState,
            events: Sequence[ClockEvent]) -> None:
        self.clocks.append(clock)
        for event in events:
            data: dict[str, Any] = {
                "clock": clock.name, "cycle": clock.cycle, "due_at": clock.due_at.isoformat(),
                "percent": event.percent, "level": event.level,
                "became_due": event.at.isoformat()}
            if event.level is not None:
                data["role"] = escalation_role(event.level)
            self.audit.append(AuditEvent(
                complaint_id=complaint.id, seq=0, at=self._now, actor=SLA_ACTOR,
                action=event.kind.value, from_status=complaint.status.value,
                to_status=complaint.status.value, reason=_describe(event), data=data))
            self.outbox.append(OutboxMessage(
                id=str(uuid.uuid4()), complaint_id=complaint.id, topic=event.kind.value,
                notifier=self._notifier, payload={"number": complaint.number, **data},
                created_at=self._now))
            if event.level is not None and event.level > max(
                    complaint.escalation_level, self.escalations.get(complaint.id, 0)):
                self.escalations[complaint.id] = event.level
            self.events.append(event)
            self.signalled.setdefault(complaint.id, []).append((clock, event))

    def signal(self, complaints: Mapping[str, Complaint],
               pending: list[tuple[Any, dict[str, Any]]]) -> None:
        """Queue the signals, with the complaints as they will be after the batch's writes."""
        for complaint_id, fired in self.signalled.items():
            complaint = before = complaints[complaint_id]
            for clock, event in fired:
                if event.kind is ClockEventKind.WARNING:
                    pending.append((signals.sla_warning, {
                        "complaint": complaint, "clock": clock, "percent": event.percent}))
                elif event.kind is ClockEventKind.BREACH:
                    pending.append((signals.sla_breached,
                                    {"complaint": complaint, "clock": clock}))
                elif event.level is not None and event.level > complaint.escalation_level:
                    # The batch raises the level once (one version bump) to its highest.
                    complaint = attrs.evolve(complaint, escalation_level=event.level,
                                             version=before.version + 1)
                    pending.append((signals.escalated, {"complaint": complaint,
                                                        "clock": clock, "level": event.level}))


def _describe(event: ClockEvent) -> str:
    if event.kind is ClockEventKind.WARNING:
        return f"{event.clock} clock passed {event.percent}% of its goal"
    if event.kind is ClockEventKind.BREACH:
        return f"{event.clock} clock breached its deadline"
    return (f"{event.clock} clock escalated to level {event.level} "
            f"({escalation_role(event.level or 1)})")


def _count(report: TickReport, events: list[ClockEvent]) -> TickReport:
    kinds = [event.kind for event in events]
    return attrs.evolve(
        report,
        warnings=report.warnings + kinds.count(ClockEventKind.WARNING),
        breaches=report.breaches + kinds.count(ClockEventKind.BREACH),
        escalations=report.escalations + kinds.count(ClockEventKind.ESCALATION),
    )

