"""``sdk.sla``: the SLA commands and queries of the facade (S9, S22).

Extensions and exclusions are commands like any other: one transaction
holding the moved clock, its ``sla.adjustment`` audit event and the notice
to the customer.  Explanations are built from what is stored (the clocks
and the adjustments read back from the audit log), and :meth:`rebuild`
recomputes a complaint's clocks from its audit log alone, through the same
:class:`~.clocks.ClockBook` rules the live engine uses.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain import (
    Actor,
    AuditEvent,
    ClockGoal,
    ClockState,
    Command,
    OutboxMessage,
    Status,
    structure,
)
from ..errors import IllegalTransition
from ..security.permissions import Permission
from ..sla import clocks as arithmetic
from ..sla.clocks import AdjustmentKind, Calendars, ClockAdjustment, ClockEventKind, ClockUpdate
from ..sla.explain import DeadlineExplanation, explain
from ..sla.policies import extension_rule
from .clocks import ADJUSTMENT_ACTION, GOALS_ACTION, ClockKeeper, TickReport

if TYPE_CHECKING:
    from ..sdk import GreenChannel

__all__ = ["ADJUST_PERMISSION", "SlaOperations", "replay"]

#: Moving a deadline is the kind of step a handler takes on their own case
#: and a lead or supervisor on any (S22); it is the escalation permission.
ADJUST_PERMISSION = Permission.COMPLAINT_ESCALATE

Change = Callable[[ClockState, Calendars], ClockUpdate]

_CHECK_ACTIONS = frozenset(kind.value for kind in ClockEventKind)
#: Registration is replayed from the goal snapshot, which carries the receipt time.
_TRANSITIONS = {command.value: command for command in Command if command is not Command.REGISTER}


def _extension(keeper: ClockKeeper, by: timedelta | None, until: datetime | None,
               at: datetime, reason: str, approved_by: str | None) -> Change:
    """An extension within the rule of the policy the clock was started under."""
    def change(clock: ClockState, calendars: Calendars) -> ClockUpdate:
        rule = extension_rule(keeper.policy_named(clock.policy), clock.name)
        return arithmetic.extend(clock, by, until=until, at=at, calendars=calendars, rule=rule,
                                 reason=reason, approved_by=approved_by)
    return change


def _exclusion(start: datetime, end: datetime, reason: str) -> Change:
    def change(clock: ClockState, calendars: Calendars) -> ClockUpdate:
        return arithmetic.exclude(clock, start, end, calendars, reason=reason)
    return change


def _replayed(keeper: ClockKeeper, adjustment: ClockAdjustment) -> Change | None:
    """The change that made a recorded adjustment; pauses come back from the transitions."""
    if adjustment.kind is AdjustmentKind.EXTENSION:
        return _extension(keeper, adjustment.amount, None, adjustment.start, adjustment.reason,
                          adjustment.approved_by)
    if adjustment.kind is AdjustmentKind.EXCLUSION:
        return _exclusion(adjustment.start, adjustment.end, adjustment.reason)
    return None


def replay(keeper: ClockKeeper, complaint_id: str,
           events: Sequence[AuditEvent]) -> list[ClockState]:
    """A complaint's clocks recomputed from its audit events alone, oldest event first.

    Registration starts from the recorded goal snapshot and receipt time;
    each lifecycle command, adjustment and sweeper event is applied at its
    recorded instant through the same :class:`~.clocks.ClockBook` as live.
    """
    book = keeper.book(complaint_id)
    goals: list[ClockGoal] = []
    policy = ""
    for event in events:
        if event.action == GOALS_ACTION:
            policy = str(event.data["policy"])
            goals = [structure(goal, ClockGoal) for goal in event.data["goals"]]
            book.transition(Command.REGISTER, datetime.fromisoformat(event.data["received_at"]),
                            goals, policy)
        elif event.action in _TRANSITIONS:
            book.transition(_TRANSITIONS[event.action], event.at, goals, policy)
        elif event.action == ADJUSTMENT_ACTION:
            change = _replayed(keeper, structure(event.data, ClockAdjustment))
            if change is not None:
                book.adjust(str(event.data["clock"]), change)
        elif event.action in _CHECK_ACTIONS:
            book.check(str(event.data["clock"]), int(event.data["cycle"]), event.at)
    return book.states()


class SlaOperations:
    """The SLA part of the facade, reached as ``sdk.sla``."""

    def __init__(self, sdk: GreenChannel) -> None:
        self._sdk = sdk

    @property
    def _keeper(self) -> ClockKeeper:
        return self._sdk.clocks

    def tick(self, now: datetime | None = None) -> TickReport:
        """Fire due warnings, breaches and escalations (S22); see :meth:`GreenChannel.tick`."""
        return self._sdk.tick(now)

    def explain(self, number: str) -> list[DeadlineExplanation]:
        """Every clock of the complaint, every cycle, explained from what is stored.

        Elapsed-time goals are shown in the bank's zone (``Settings.timezone``),
        business-time goals in their calendar's zone.
        """
        with self._sdk.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            clocks = uow.clocks(complaint.id)
            adjustments = [structure(event.data, ClockAdjustment)
                           for event in uow.audit_events(complaint.id)
                           if event.action == ADJUSTMENT_ACTION]
        return [explain(clock, self._keeper.calendars, adjustments,
                        timezone=None if clock.goal.business_time
                        else self._sdk.settings.timezone)
                for clock in clocks]

    def extend(self, number: str, clock_name: str, actor: Actor, *,
               by: timedelta | None = None, until: datetime | None = None, reason: str,
               approved_by: str | None = None) -> ClockState:
        """Extend the current cycle of a clock, within its policy's rule; the customer is told.

        Give ``by`` (in the goal's measure) or ``until`` (the new deadline).
        Refused with :class:`~greenchannel_sdk.errors.ValidationError` beyond
        the rule's maximum, without a reason, or without ``approved_by``
        where the rule needs an approver.
        """
        now = self._sdk.clock.now()
        return self._adjust(number, clock_name, actor, now,
                            _extension(self._keeper, by, until, now, reason, approved_by),
                            "customer.deadline_extended")

    def exclude(self, number: str, clock_name: str, actor: Actor, *, start: datetime,
                end: datetime, reason: str) -> ClockState:
        """Leave ``start``..``end`` out of a clock (external appraisal, testing, mediation).

        Works on statutory clocks: it is the rule's own exclusion.  The
        customer is told.
        """
        return self._adjust(number, clock_name, actor, self._sdk.clock.now(),
                            _exclusion(start, end, reason), "customer.time_excluded")

    def _adjust(self, number: str, clock_name: str, actor: Actor, now: datetime,
                change: Change, notice: str) -> ClockState:
        with self._sdk.store.unit_of_work() as uow:
            found = uow.get_by_number(number)
            # Hold the complaint before reading its clocks, as commands and the sweeper
            # do, so a sweep committing in between cannot be overwritten with stale clocks.
            complaint = uow.complaints_for_update([found.id])[found.id]
            self._sdk.authorizer.require(actor, ADJUST_PERMISSION, complaint)
            if complaint.status is Status.ARCHIVED:
                raise IllegalTransition(state=complaint.status.value,
                                        command=f"adjust clock {clock_name}",
                                        rule="an archived complaint is read-only (S16)")
            step = self._keeper.book(complaint.id, uow.clocks(complaint.id)).adjust(
                clock_name, change)
            self._keeper.write(uow, complaint, step, actor.id, now)
            for adjustment in step.adjustments:
                uow.add_outbox(OutboxMessage(
                    id=str(uuid.uuid4()), complaint_id=complaint.id, topic=notice,
                    notifier=self._sdk.settings.customer_notifier,
                    payload={"number": complaint.number, "status": complaint.status.value,
                             "channel": complaint.channel, "language": complaint.language,
                             "clock": adjustment.clock,
                             "due_before": adjustment.due_before.isoformat(),
                             "due_after": adjustment.due_after.isoformat(),
                             "reason": adjustment.reason},
                    created_at=now))
        return step.clocks[0]

    def rebuild(self, number: str) -> list[ClockState]:
        """The complaint's clocks recomputed from its audit log alone (nothing is written).

        Compare with :meth:`GreenChannel.clock_states` to check the stored
        clocks, or store the result to repair them.
        """
        with self._sdk.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            events = uow.audit_events(complaint.id)
        return replay(self._keeper, complaint.id, events)
