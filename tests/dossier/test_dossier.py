"""The archive dossier (S16) on SQLite and PostgreSQL: complete, masked by role, logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dossier_helpers import AUDITOR, HANDLER, LEAD, PHONE, whole_lifecycle

from greenchannel_sdk import (
    Actor,
    GreenChannel,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    Status,
    ValidationError,
)
from greenchannel_sdk.dossier import dossier_from_json, dossier_to_json
from greenchannel_sdk.testing import FrozenClock


def test_the_dossier_holds_every_event_of_the_whole_lifecycle(any_sdk: GreenChannel,
                                                              clock: FrozenClock) -> None:
    number = whole_lifecycle(any_sdk, clock)
    dossier = any_sdk.export_dossier(number, LEAD)
    history = any_sdk.history(number)  # read after the export: includes its access-log entry
    assert dossier.events == tuple(history)
    actions = {e.action for e in dossier.events}
    for expected in ("register", "assign", "sla.goals", "sla.warning",
                     "record_contact", "start_investigation", "note", "request_customer_info",
                     "customer_message", "customer_replied", "propose_resolution",
                     "decline_resolution", "accept_resolution", "accountability", "survey",
                     "reopen", "close", "archive", "personal_data.read"):
        assert expected in actions, expected
    assert dossier.chain_intact
    assert dossier.complaint.status is Status.ARCHIVED
    assert dossier.communications == tuple(any_sdk.communications(number))
    notes = [m for m in dossier.communications if m.kind == "note"]
    assert sorted(m.text for m in notes) == ["card transactions checked", "looked again",
                                             "three card-not-present payments"]
    assert [m.evidence for m in notes if m.evidence] == [("txn-1", "rec-9")]
    assert [(s.score, s.solved) for s in dossier.surveys] == [(2, False), (5, True)]
    assert dossier.assignments[0].command == "assign"
    assert dossier.assignments[-1].command == "follow_up"
    assert dossier.assignments[-1].assignee != HANDLER.id
    assert {(k.state.name, k.state.cycle) for k in dossier.clocks} == {
        (c.name, c.cycle) for c in any_sdk.clock_states(number)}
    resolution = [k for k in dossier.clocks if k.state.name == "resolution"]
    assert len(resolution) >= 2  # the reopening started a second cycle, the first kept
    first_contact = next(k for k in dossier.clocks if k.state.name == "first_contact")
    assert any(e.action == "sla.warning" for e in first_contact.history)
    assert [a.department for a in dossier.accountability] == ["card_centre"]
    assert dossier.accountability[0].internal_action == "rule retrained"
    assert [x.outcome for x in dossier.closures] == ["reopen", "close", "archive"]
    closure = dossier.closures[1]
    assert (closure.root_cause, closure.redress, closure.approver) == (
        "fraud rule missed", "5050", "sup-zhou")
    assert [x.other for x in dossier.links if x.kind == "linked_message"] == ["email:mail-7"]
    merged = next(c for c in any_sdk.iter_complaints() if c.status is Status.MERGED)
    assert [(x.kind, x.other, x.reason) for x in dossier.links if x.kind == "merged_from"] == [
        ("merged_from", merged.number, "same card, same day")]


def test_the_merged_complaint_names_where_it_went(any_sdk: GreenChannel,
                                                   clock: FrozenClock) -> None:
    number = whole_lifecycle(any_sdk, clock)
    merged = next(c for c in any_sdk.iter_complaints() if c.status is Status.MERGED)
    links = any_sdk.export_dossier(merged.number, LEAD).links
    assert [(x.kind, x.other) for x in links] == [("merged_into", number)]


def test_personal_data_is_decrypted_only_for_a_permitted_actor(any_sdk: GreenChannel,
                                                               clock: FrozenClock) -> None:
    number = whole_lifecycle(any_sdk, clock)
    before = len(any_sdk.history(number))
    masked = any_sdk.export_dossier(number, AUDITOR)
    assert masked.personal_data == "masked"
    assert masked.complaint.customer.phone == "139****5678"
    assert masked.complaint.customer.name != "王小明"
    assert PHONE not in dossier_to_json(masked)
    assert len(any_sdk.history(number)) == before  # nothing decrypted, nothing logged

    plain = any_sdk.export_dossier(number, LEAD, purpose="regulator request 2026-17")
    assert plain.personal_data == "decrypted"
    assert (plain.complaint.customer.phone, plain.complaint.customer.name) == (PHONE, "王小明")
    logged = any_sdk.history(number)[-1]
    assert (logged.action, logged.actor, logged.reason) == (
        "personal_data.read", LEAD.id, "regulator request 2026-17")
    assert set(logged.data["fields"]) == {"name", "phone"}
    assert plain.events[-1] == logged  # the dossier shows its own access-log entry
    assert any_sdk.verify_audit() == []


def test_reading_needs_the_read_permission(any_sdk: GreenChannel, clock: FrozenClock) -> None:
    number = whole_lifecycle(any_sdk, clock)
    with pytest.raises(PermissionDenied, match=r"complaint\.read"):
        any_sdk.export_dossier(number, Actor("admin-1", roles={"administrator"}))


def test_json_round_trips(any_sdk: GreenChannel, clock: FrozenClock) -> None:
    number = whole_lifecycle(any_sdk, clock)
    dossier = any_sdk.export_dossier(number, LEAD)
    text = dossier_to_json(dossier)
    assert dossier_from_json(text) == dossier
    assert "王小明" in text  # Chinese stays readable, not \\u escaped


def test_a_foreign_or_damaged_document_is_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="schema"):
        dossier_from_json('{"schema": "something/else"}')
    with pytest.raises(ValidationError, match="invalid JSON"):
        dossier_from_json("{")
    with pytest.raises(ValidationError, match="damaged"):
        dossier_from_json('{"schema": "greenchannel.dossier/1", "number": "x"}')


def test_unknown_number_is_a_clear_error(any_sdk: GreenChannel) -> None:
    with pytest.raises(NotFound, match="no complaint numbered 'GC-NOPE'"):
        any_sdk.export_dossier("GC-NOPE", LEAD)


@pytest.mark.parametrize("command", [
    lambda sdk, n: sdk.add_note(n, LEAD, text="late note"),
    lambda sdk, n: sdk.record_contact(n, LEAD, method="phone", outcome="late"),
    lambda sdk, n: sdk.reopen(n, LEAD, reason="too late"),
    lambda sdk, n: sdk.escalate(n, LEAD, reason="too late"),
    lambda sdk, n: sdk.assign(n, LEAD, assignee="wang", reason="too late"),
    lambda sdk, n: sdk.record_survey(n, LEAD, score=1, solved=False),
    lambda sdk, n: sdk.record_accountability(n, LEAD, department="x", upheld=False),
    lambda sdk, n: sdk.withdraw(n, LEAD, reason="too late"),
    lambda sdk, n: sdk.archive(n, Actor.system("archive")),
    lambda sdk, n: sdk.sla.extend(n, "resolution", LEAD, by=timedelta(days=1), reason="late",
                                  approved_by="sup-zhou"),
    lambda sdk, n: sdk.sla.exclude(n, "resolution", LEAD, start=sdk.clock.now(),
                                   end=sdk.clock.now() + timedelta(days=1), reason="late"),
])
def test_an_archived_complaint_is_read_only(any_sdk: GreenChannel, clock: FrozenClock,
                                            command: object) -> None:
    number = whole_lifecycle(any_sdk, clock)
    events = len(any_sdk.history(number))
    with pytest.raises(IllegalTransition, match="read-only"):
        command(any_sdk, number)  # type: ignore[operator]
    assert len(any_sdk.history(number)) == events
    assert any_sdk.get(number).status is Status.ARCHIVED
