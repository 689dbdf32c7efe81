"""Assemble a complaint's :class:`~.model.Dossier` from the store, in one read transaction.

The facade checks the actor's permissions and logs a decrypting export
before calling :func:`build_dossier`, so the dossier's own access-log
entry is part of the events it lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from ..domain import AuditEvent, ClockState, Command, Complaint, verify_chain
from ..security.masking import masked_identity
from ..store import ComplaintQuery, UnitOfWork
from .model import (
    AccountabilityRecord,
    AssignmentRecord,
    ClockRecord,
    ClosureRecord,
    Dossier,
    LinkRecord,
)

__all__ = ["build_dossier"]

_ASSIGNING = frozenset({Command.ASSIGN.value, Command.REASSIGN.value})
_ENDINGS = frozenset({Command.CLOSE.value, Command.WITHDRAW.value, Command.DISMISS.value,
                      Command.REOPEN.value, Command.ARCHIVE.value})


def build_dossier(uow: UnitOfWork, complaint: Complaint, *, actor: str, decrypted: bool,
                  at: datetime) -> Dossier:
    """The dossier of ``complaint``; its customer identity masked unless ``decrypted``."""
    events = uow.audit_events(complaint.id)
    shown = complaint if decrypted else attrs.evolve(
        complaint, customer=masked_identity(complaint.customer))
    return Dossier(
        number=complaint.number, generated_at=at, generated_by=actor,
        personal_data="decrypted" if decrypted else "masked", complaint=shown,
        events=tuple(events), chain_intact=not verify_chain(complaint.id, events),
        communications=tuple(uow.communications(complaint.id)),
        surveys=tuple(uow.surveys(complaint.id)),
        assignments=_assignments(complaint, events),
        clocks=tuple(_clock(state, events) for state in uow.clocks(complaint.id)),
        links=_links(events) + _merged_here(uow, complaint),
        accountability=tuple(_accountability(e) for e in events if e.action == "accountability"),
        closures=tuple(_closure(e) for e in events if e.action in _ENDINGS))


def _assignments(complaint: Complaint, events: Sequence[AuditEvent]
                 ) -> tuple[AssignmentRecord, ...]:
    records = [AssignmentRecord(at=e.at, actor=e.actor, command=e.action,
                                team=e.data.get("team"), assignee=e.data.get("assignee"),
                                strategy=e.data.get("strategy"), reason=e.reason)
               for e in events if e.action in _ASSIGNING]
    follow_up = complaint.follow_up
    if follow_up is not None:
        records.append(AssignmentRecord(
            at=follow_up.assigned_at, actor=follow_up.assigned_by, command="follow_up",
            team=follow_up.team, assignee=follow_up.assignee, strategy=follow_up.strategy,
            reason=follow_up.reason))
    return tuple(sorted(records, key=lambda r: r.at))


def _clock(state: ClockState, events: Sequence[AuditEvent]) -> ClockRecord:
    """The clock with the events naming it (and its cycle, where the event records one)."""
    history = tuple(e for e in events if e.data.get("clock") == state.name
                    and e.data.get("cycle", state.cycle) == state.cycle)
    return ClockRecord(state=state, history=history)


def _links(events: Sequence[AuditEvent]) -> tuple[LinkRecord, ...]:
    links = []
    for e in events:
        if e.action == Command.MERGE.value:
            links.append(LinkRecord("merged_into", e.at, e.actor, e.data.get("into"), e.reason))
        elif e.action == Command.UNMERGE.value:
            links.append(LinkRecord("unmerged", e.at, e.actor, None, e.reason))
        elif e.action == "customer_message" and e.data.get("external_id"):
            links.append(LinkRecord("linked_message", e.at, e.actor,
                                    f"{e.data.get('channel')}:{e.data['external_id']}",
                                    e.reason))
    return tuple(links)


def _merged_here(uow: UnitOfWork, complaint: Complaint) -> tuple[LinkRecord, ...]:
    """The complaints merged into this one: their merge events live in their own logs."""
    links = []
    after: str | None = None
    while True:
        page = uow.list_complaints(ComplaintQuery(merged_into=complaint.id), after, 200)
        for other in page.items:
            merge = [e for e in uow.audit_events(other.id) if e.action == Command.MERGE.value]
            last = merge[-1] if merge else None
            links.append(LinkRecord("merged_from", last.at if last else other.registered_at,
                                    last.actor if last else "", other.number,
                                    last.reason if last else ""))
        if page.next_after is None:
            return tuple(links)
        after = page.next_after


def _accountability(e: AuditEvent) -> AccountabilityRecord:
    return AccountabilityRecord(at=e.at, actor=e.actor, department=str(e.data["department"]),
                                person=e.data.get("person"), upheld=e.data.get("upheld"),
                                internal_action=e.data.get("internal_action"))


def _closure(e: AuditEvent) -> ClosureRecord:
    return ClosureRecord(at=e.at, actor=e.actor, outcome=e.action, reason=e.reason,
                         root_cause=e.data.get("root_cause"), redress=e.data.get("redress"),
                         approver=e.data.get("approver"))
