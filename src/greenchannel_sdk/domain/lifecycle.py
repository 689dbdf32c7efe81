"""The complaint lifecycle as data.

:data:`TRANSITIONS` is the single source of truth for which command may run
in which state and where it leads.  :func:`check_transition` is the only
function that reads it for decisions, and the process diagram in
``docs/lifecycle.md`` (S27) is generated from it by :func:`mermaid_diagram`,
so code, checks and picture cannot drift apart.
"""

from __future__ import annotations

import enum

import attrs

from ..errors import IllegalTransition
from .values import OPEN_STATUSES, Status

__all__ = [
    "TRANSITIONS",
    "Command",
    "Transition",
    "check_transition",
    "commands_allowed",
    "mermaid_diagram",
]


class Command(str, enum.Enum):
    """Every command that moves (or keeps) a complaint through its lifecycle."""

    REGISTER = "register"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    RECORD_CONTACT = "record_contact"
    START_INVESTIGATION = "start_investigation"
    REQUEST_CUSTOMER_INFO = "request_customer_info"
    CUSTOMER_REPLIED = "customer_replied"
    PROPOSE_RESOLUTION = "propose_resolution"
    ACCEPT_RESOLUTION = "accept_resolution"
    DECLINE_RESOLUTION = "decline_resolution"
    CLOSE = "close"
    REOPEN = "reopen"
    ARCHIVE = "archive"
    WITHDRAW = "withdraw"
    MERGE = "merge"
    UNMERGE = "unmerge"
    DISMISS = "dismiss"
    ESCALATE = "escalate"


@attrs.frozen
class Transition:
    """``command`` is allowed from any of ``sources`` and leads to ``target``.

    ``target`` of ``None`` means the command keeps the state (a later contact,
    a reassignment, an escalation).  ``rule`` is the sentence an
    :class:`~greenchannel_sdk.errors.IllegalTransition` quotes.
    """

    command: Command
    sources: frozenset[Status | None]
    target: Status | None
    rule: str


_WORKING = frozenset({Status.CONTACTED, Status.INVESTIGATING, Status.AWAITING_CUSTOMER,
                      Status.RESOLUTION_PROPOSED})
_OPEN: frozenset[Status | None] = frozenset(OPEN_STATUSES)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Command.REGISTER, frozenset({None}), Status.REGISTERED,
               "a complaint is registered once, when it arrives"),
    Transition(Command.ASSIGN, frozenset({Status.REGISTERED, Status.REOPENED}), Status.ASSIGNED,
               "only a new or reopened complaint is assigned; use 'reassign' to change owner"),
    Transition(Command.REASSIGN, frozenset({Status.ASSIGNED, *_WORKING}), None,
               "only an assigned complaint that is still being worked can be reassigned"),
    Transition(Command.RECORD_CONTACT, frozenset({Status.ASSIGNED}), Status.CONTACTED,
               "the handler contacts the customer once the complaint is assigned"),
    Transition(Command.RECORD_CONTACT, frozenset(_WORKING), None,
               "later contacts are recorded while the complaint is worked"),
    Transition(Command.START_INVESTIGATION,
               frozenset({Status.CONTACTED, Status.REOPENED}), Status.INVESTIGATING,
               "fact finding starts after first contact, or when a complaint is reopened"),
    Transition(Command.REQUEST_CUSTOMER_INFO,
               frozenset({Status.CONTACTED, Status.INVESTIGATING}), Status.AWAITING_CUSTOMER,
               "the bank waits for the customer only while it is working the case"),
    Transition(Command.CUSTOMER_REPLIED, frozenset({Status.AWAITING_CUSTOMER}),
               Status.INVESTIGATING,
               "a customer reply resumes a case that was waiting for the customer"),
    Transition(Command.PROPOSE_RESOLUTION,
               frozenset({Status.CONTACTED, Status.INVESTIGATING}), Status.RESOLUTION_PROPOSED,
               "a resolution is proposed after contact and fact finding"),
    Transition(Command.ACCEPT_RESOLUTION, frozenset({Status.RESOLUTION_PROPOSED}),
               Status.RESOLVED,
               "the customer can only accept a resolution that was proposed"),
    Transition(Command.DECLINE_RESOLUTION, frozenset({Status.RESOLUTION_PROPOSED}),
               Status.INVESTIGATING,
               "the customer can only decline a resolution that was proposed"),
    Transition(Command.CLOSE, frozenset({Status.RESOLVED}), Status.CLOSED,
               "a complaint closes only after the customer accepted the outcome (S14)"),
    Transition(Command.REOPEN, frozenset({Status.RESOLVED, Status.CLOSED}), Status.REOPENED,
               "only a resolved or closed complaint can be reopened"),
    Transition(Command.ARCHIVE,
               frozenset({Status.CLOSED, Status.WITHDRAWN, Status.MERGED, Status.REJECTED}),
               Status.ARCHIVED,
               "only a finished complaint (closed, withdrawn, merged, rejected) is archived"),
    Transition(Command.WITHDRAW, _OPEN, Status.WITHDRAWN,
               "the customer can withdraw a complaint while it is open"),
    Transition(Command.MERGE, _OPEN - {Status.RESOLUTION_PROPOSED}, Status.MERGED,
               "an open complaint without a pending proposal can be merged into another"),
    Transition(Command.UNMERGE, frozenset({Status.MERGED}), Status.REGISTERED,
               "only a merged complaint can be un-merged; it returns to intake"),
    Transition(Command.DISMISS, frozenset({Status.REGISTERED, Status.ASSIGNED}), Status.REJECTED,
               "a complaint is dismissed as not a complaint before work starts"),
    Transition(Command.ESCALATE, _OPEN, None,
               "only an open complaint can be escalated; escalation is a level, not a state"),
)


def check_transition(state: Status | None, command: Command) -> Status:
    """Return the state ``command`` leads to from ``state``, or raise.

    ``state`` is ``None`` for a complaint that does not exist yet.  The error
    names the state, the command and the rule that forbids it.
    """
    rows = [t for t in TRANSITIONS if t.command is command]
    for row in rows:
        if state in row.sources:
            target = row.target if row.target is not None else state
            assert target is not None  # only REGISTER starts from None, and it has a target
            return target
    allowed = sorted(s.value for row in rows for s in row.sources if s is not None)
    hint = f"'{command.value}' is allowed in: {', '.join(allowed)}" if allowed else ""
    if state is Status.ARCHIVED:
        hint = ("the complaint is archived and read-only (S16); read it with "
                "export_dossier or 'greenchannel export'")
    raise IllegalTransition(
        state="(new)" if state is None else state.value,
        command=command.value,
        rule=rows[0].rule if rows else "unknown command",
        hint=hint,
    )


def commands_allowed(state: Status) -> list[Command]:
    """The commands that may run in ``state``, in table order (for UIs and docs)."""
    seen: list[Command] = []
    for row in TRANSITIONS:
        if state in row.sources and row.command not in seen:
            seen.append(row.command)
    return seen


def mermaid_diagram() -> str:
    """The lifecycle as a Mermaid state diagram (S27), generated from :data:`TRANSITIONS`.

    State-keeping commands are drawn as notes rather than self-loops so the
    picture stays readable.
    """
    lines = ["stateDiagram-v2"]
    for row in TRANSITIONS:
        if row.target is None:
            continue
        for source in sorted(row.sources, key=lambda s: "" if s is None else s.value):
            start = "[*]" if source is None else source.value
            lines.append(f"    {start} --> {row.target.value}: {row.command.value}")
    lines.append(f"    {Status.ARCHIVED.value} --> [*]")
    keeping: dict[str, list[str]] = {}
    for row in TRANSITIONS:
        if row.target is None:
            for source in row.sources:
                if source is not None:
                    keeping.setdefault(source.value, []).append(row.command.value)
    for state in sorted(keeping):
        cmds = ", ".join(sorted(set(keeping[state])))
        lines.append(f"    note right of {state}: also {cmds}")
    return "\n".join(lines) + "\n"
