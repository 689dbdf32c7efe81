"""The lifecycle table (S14, S27): every (state, command) pair, and the committed diagram."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenchannel_sdk.domain import (
    OPEN_STATUSES,
    TRANSITIONS,
    Command,
    Status,
    check_transition,
    commands_allowed,
    mermaid_diagram,
)
from greenchannel_sdk.errors import IllegalTransition

DOCS = Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md"

#: The expected lifecycle, written out by hand from DESIGN.md independently
#: of the table: (state, command) -> resulting state.  Anything not listed
#: must be refused.
_WORKING = {Status.CONTACTED, Status.INVESTIGATING, Status.AWAITING_CUSTOMER,
            Status.RESOLUTION_PROPOSED}
EXPECTED: dict[tuple[Status | None, Command], Status] = {
    (None, Command.REGISTER): Status.REGISTERED,
    (Status.REGISTERED, Command.ASSIGN): Status.ASSIGNED,
    (Status.REOPENED, Command.ASSIGN): Status.ASSIGNED,
    (Status.ASSIGNED, Command.RECORD_CONTACT): Status.CONTACTED,
    (Status.CONTACTED, Command.START_INVESTIGATION): Status.INVESTIGATING,
    (Status.REOPENED, Command.START_INVESTIGATION): Status.INVESTIGATING,
    (Status.CONTACTED, Command.REQUEST_CUSTOMER_INFO): Status.AWAITING_CUSTOMER,
    (Status.INVESTIGATING, Command.REQUEST_CUSTOMER_INFO): Status.AWAITING_CUSTOMER,
    (Status.AWAITING_CUSTOMER, Command.CUSTOMER_REPLIED): Status.INVESTIGATING,
    (Status.CONTACTED, Command.PROPOSE_RESOLUTION): Status.RESOLUTION_PROPOSED,
    (Status.INVESTIGATING, Command.PROPOSE_RESOLUTION): Status.RESOLUTION_PROPOSED,
    (Status.RESOLUTION_PROPOSED, Command.ACCEPT_RESOLUTION): Status.RESOLVED,
    (Status.RESOLUTION_PROPOSED, Command.DECLINE_RESOLUTION): Status.INVESTIGATING,
    (Status.RESOLVED, Command.CLOSE): Status.CLOSED,
    (Status.RESOLVED, Command.REOPEN): Status.REOPENED,
    (Status.CLOSED, Command.REOPEN): Status.REOPENED,
    (Status.CLOSED, Command.ARCHIVE): Status.ARCHIVED,
    (Status.WITHDRAWN, Command.ARCHIVE): Status.ARCHIVED,
    (Status.MERGED, Command.ARCHIVE): Status.ARCHIVED,
    (Status.REJECTED, Command.ARCHIVE): Status.ARCHIVED,
    (Status.MERGED, Command.UNMERGE): Status.REGISTERED,
    (Status.REGISTERED, Command.DISMISS): Status.REJECTED,
    (Status.ASSIGNED, Command.DISMISS): Status.REJECTED,
}
for _state in OPEN_STATUSES:
    EXPECTED[(_state, Command.WITHDRAW)] = Status.WITHDRAWN
    EXPECTED[(_state, Command.ESCALATE)] = _state
    if _state is not Status.RESOLUTION_PROPOSED:
        EXPECTED[(_state, Command.MERGE)] = Status.MERGED
for _state in _WORKING | {Status.ASSIGNED}:
    EXPECTED[(_state, Command.REASSIGN)] = _state
for _state in _WORKING:
    EXPECTED[(_state, Command.RECORD_CONTACT)] = _state

ALL_PAIRS = [(state, command) for state in [None, *Status] for command in Command]


@pytest.mark.parametrize(("state", "command"), ALL_PAIRS,
                         ids=[f"{s.value if s else 'new'}-{c.value}" for s, c in ALL_PAIRS])
def test_every_state_command_pair(state: Status | None, command: Command) -> None:
    expected = EXPECTED.get((state, command))
    if expected is not None:
        assert check_transition(state, command) is expected
        return
    with pytest.raises(IllegalTransition) as info:
        check_transition(state, command)
    message = str(info.value)
    assert command.value in message
    assert (state.value if state else "(new)") in message
    assert info.value.rule  # names the rule it broke
    assert info.value.command == command.value


def test_closing_requires_customer_acceptance() -> None:
    """S14: a complaint closes only once the customer accepted the outcome."""
    for state in Status:
        if state is not Status.RESOLVED:
            with pytest.raises(IllegalTransition, match="accepted"):
                check_transition(state, Command.CLOSE)


def test_archived_is_final() -> None:
    assert commands_allowed(Status.ARCHIVED) == []


def test_every_state_is_reachable_from_registration() -> None:
    reached = {Status.REGISTERED}
    frontier = [Status.REGISTERED]
    while frontier:
        state = frontier.pop()
        for row in TRANSITIONS:
            if state in row.sources and row.target is not None and row.target not in reached:
                reached.add(row.target)
                frontier.append(row.target)
    assert reached == set(Status)


def test_committed_diagram_matches_the_table() -> None:
    """S27: docs/lifecycle.md carries the diagram generated from the table, unchanged."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/lifecycle.md has no mermaid block"
    assert blocks[0] == mermaid_diagram(), (
        "the diagram in docs/lifecycle.md is out of date: run `greenchannel diagram`")
