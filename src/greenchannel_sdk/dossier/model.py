"""What a complaint's archive dossier holds (S16): the whole file, in one value.

A :class:`Dossier` is plain data built from the store by :mod:`.build` and
rendered by :mod:`.json_io` (the archive's machine-readable form, which
reads back into an equal ``Dossier``) and :mod:`.html` (the page a person
reads or prints).  The derived sections (assignments, clocks with their
history, links, accountability, closures) are views of the audit events,
kept beside them so a reader need not replay the log; ``events`` itself is
complete, so nothing a derived section leaves out is lost.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ..domain import AuditEvent, ClockState, Communication, Complaint, SatisfactionSurvey

__all__ = [
    "DOSSIER_SCHEMA",
    "AccountabilityRecord",
    "AssignmentRecord",
    "ClockRecord",
    "ClosureRecord",
    "Dossier",
    "LinkRecord",
]

#: The schema identifier written into every dossier; bumped on any incompatible change.
DOSSIER_SCHEMA = "greenchannel.dossier/1"


@attrs.frozen
class AssignmentRecord:
    """One (re)assignment: who got the complaint, from whom, by which strategy, why (S7, S21)."""

    at: datetime
    actor: str
    command: str
    team: str | None
    assignee: str | None
    strategy: str | None
    reason: str


@attrs.frozen
class ClockRecord:
    """One SLA clock cycle as stored now, with the audit events that concern it.

    ``history`` holds the warnings, breaches, escalations and deadline
    adjustments (extensions, exclusions, pauses) recorded for the clock.
    """

    state: ClockState
    history: tuple[AuditEvent, ...] = ()


@attrs.frozen
class LinkRecord:
    """A relation to something else: a merge or un-merge, or a message linked by intake.

    ``kind`` is ``"merged_into"`` (this complaint was merged into ``other``),
    ``"merged_from"`` (``other`` was merged into this one), ``"unmerged"`` or
    ``"linked_message"``; ``other`` is the other complaint's number or the
    linked message's ``channel:message-id``.
    """

    kind: str
    at: datetime
    actor: str
    other: str | None
    reason: str


@attrs.frozen
class AccountabilityRecord:
    """The accountability finding (S12): responsible department and person, internal action."""

    at: datetime
    actor: str
    department: str
    person: str | None
    upheld: bool | None
    internal_action: str | None


@attrs.frozen
class ClosureRecord:
    """How a cycle of the case ended (S14): closed, withdrawn, dismissed; reopenings too.

    ``outcome`` is the command's name (``close``, ``withdraw``, ``dismiss``,
    ``reopen``, ``archive``); ``root_cause``, ``redress`` and ``approver``
    are filled for a closure.
    """

    at: datetime
    actor: str
    outcome: str
    reason: str
    root_cause: str | None = None
    redress: str | None = None
    approver: str | None = None


@attrs.frozen
class Dossier:
    """A complaint's complete file as one actor was allowed to see it.

    ``personal_data`` is ``"decrypted"`` when the actor holds the
    personal-data permission (the export was then logged as a personal
    read, and that log entry is among ``events``) and ``"masked"``
    otherwise.  ``chain_intact`` says whether the audit hash chain verified
    when the dossier was made.
    """

    number: str
    generated_at: datetime
    generated_by: str
    personal_data: str
    complaint: Complaint
    events: tuple[AuditEvent, ...]
    chain_intact: bool
    communications: tuple[Communication, ...] = ()
    surveys: tuple[SatisfactionSurvey, ...] = ()
    assignments: tuple[AssignmentRecord, ...] = ()
    clocks: tuple[ClockRecord, ...] = ()
    links: tuple[LinkRecord, ...] = ()
    accountability: tuple[AccountabilityRecord, ...] = ()
    closures: tuple[ClosureRecord, ...] = ()
    schema: str = DOSSIER_SCHEMA
