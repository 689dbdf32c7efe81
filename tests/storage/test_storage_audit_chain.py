"""The audit log is hash-chained per complaint; raw-SQL tampering is found and named (S16, S21).

Each test edits the database directly, as an insider with database access
would, then checks that ``GreenChannel.verify_audit()`` and ``greenchannel
audit verify`` name the complaint and the event, and leave other
complaints alone.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import attrs
import pytest
from sqlalchemy import Engine, text

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.cli import main
from greenchannel_sdk.domain import Actor, AuditEvent, ChainBreak, unstructure
from greenchannel_sdk.testing import make_draft


def _two_complaints(sdk: GreenChannel) -> tuple[str, str]:
    """Two complaints with at least three audit events each; returns their ids."""
    ids = []
    for _ in range(2):
        complaint = sdk.intake(make_draft()).complaint
        assert complaint is not None
        sdk.escalate(complaint.number, Actor("lead-li", frozenset({"green_channel_lead"})),
                     reason="customer called twice")
        ids.append(complaint.id)
    return ids[0], ids[1]


def _breaks_of(sdk: GreenChannel) -> dict[str, list[ChainBreak]]:
    found: dict[str, list[ChainBreak]] = {}
    for item in sdk.verify_audit():
        found.setdefault(item.complaint_id, []).append(item)
    return found


def test_untouched_chains_verify(any_sdk: GreenChannel, database_url: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _two_complaints(any_sdk)
    assert any_sdk.verify_audit() == []
    assert main(["audit", "verify", "--database-url", database_url]) == 0
    assert "2 audit chain(s) intact" in capsys.readouterr().out


def test_edited_reason_is_named(any_sdk: GreenChannel, raw: Engine) -> None:
    tampered, _untouched = _two_complaints(any_sdk)
    with raw.begin() as conn:
        conn.execute(text("update audit_events set reason = 'nothing happened' "
                          "where complaint_id = :id and seq = 2"), {"id": tampered})
    breaks = _breaks_of(any_sdk)
    assert set(breaks) == {tampered}
    assert [(b.seq, "edited" in b.problem) for b in breaks[tampered]] == [(2, True)]


def test_deleted_event_is_named(any_sdk: GreenChannel, raw: Engine) -> None:
    tampered, _ = _two_complaints(any_sdk)
    with raw.begin() as conn:
        conn.execute(text("delete from audit_events where complaint_id = :id and seq = 2"),
                     {"id": tampered})
    breaks = _breaks_of(any_sdk)
    assert set(breaks) == {tampered}
    assert breaks[tampered][0].seq == 3
    assert "deleted or reordered" in breaks[tampered][0].problem


def test_swapped_events_are_named(any_sdk: GreenChannel, raw: Engine) -> None:
    tampered, _ = _two_complaints(any_sdk)
    with raw.begin() as conn:  # swap seq 1 and 2 through a free value (seq is unique)
        for old, new in ((1, -1), (2, 1), (-1, 2)):
            conn.execute(text("update audit_events set seq = :new "
                              "where complaint_id = :id and seq = :old"),
                         {"id": tampered, "old": old, "new": new})
    breaks = _breaks_of(any_sdk)
    assert set(breaks) == {tampered}
    assert {b.seq for b in breaks[tampered]} >= {1, 2}


def test_cli_names_complaint_and_event_and_exits_1(any_sdk: GreenChannel, raw: Engine,
                                                   database_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The command reads the audit log alone: it needs no encryption key (``any_sdk`` has one)."""
    tampered, untouched = _two_complaints(any_sdk)
    with raw.begin() as conn:
        conn.execute(text("update audit_events set actor = 'someone-else' "
                          "where complaint_id = :id and seq = 1"), {"id": tampered})
    assert main(["audit", "verify", "--database-url", database_url]) == 1
    out = capsys.readouterr().out
    assert f"complaint {tampered} event 1:" in out
    assert untouched not in out
    assert "1 break(s) found in 2 chain(s)" in out


def test_chain_of_a_deleted_complaint_is_still_checked(any_sdk: GreenChannel, raw: Engine,
                                                       database_url: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    tampered, _ = _two_complaints(any_sdk)
    with raw.begin() as conn:
        conn.execute(text("delete from audit_events where complaint_id = :id and seq = 1"),
                     {"id": tampered})
        conn.execute(text("delete from sla_clocks where complaint_id = :id"), {"id": tampered})
        conn.execute(text("delete from outbox where complaint_id = :id"), {"id": tampered})
        conn.execute(text("delete from complaints where id = :id"), {"id": tampered})
    assert main(["audit", "verify", "--database-url", database_url]) == 1
    assert f"complaint {tampered} event 2:" in capsys.readouterr().out


def test_appended_event_is_stored_as_sealed_with_its_data_in_plain_form(
        any_sdk: GreenChannel) -> None:
    complaint = any_sdk.intake(make_draft()).complaint
    assert complaint is not None
    data = {"redress": Decimal("12.50"), "steps": [{"by": "王", "done": True}, None]}
    with any_sdk.store.unit_of_work() as uow:
        sealed = uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=complaint.registered_at, actor="tester",
            action="note", from_status=None, to_status=None, reason="a note", data=data))
    with any_sdk.store.unit_of_work() as uow:
        stored = uow.audit_events(complaint.id)[-1]
    assert stored == attrs.evolve(sealed, data=unstructure(data))
    assert stored.data == {"redress": "12.50", "steps": [{"by": "王", "done": True}, None]}
    assert any_sdk.verify_audit() == []


def test_data_json_has_no_form_for_is_hashed_as_it_is_stored(any_sdk: GreenChannel) -> None:
    """A datetime, a duration or a set in audit data is stored in the converter's form
    (ISO text, seconds, a sorted list); the hash must be over that form, or the event
    would fail verification as soon as it was written."""
    complaint = any_sdk.intake(make_draft()).complaint
    assert complaint is not None
    data = {"promised_at": complaint.registered_at, "waited": timedelta(hours=2),
            "channels": frozenset({"sms", "email"}), "redress": Decimal("3.10")}
    with any_sdk.store.unit_of_work() as uow:
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=complaint.registered_at, actor="plugin",
            action="note", from_status=None, to_status=None, reason="", data=data))
    with any_sdk.store.unit_of_work() as uow:
        stored = uow.audit_events(complaint.id)[-1]
    assert stored.data == {"promised_at": complaint.registered_at.isoformat(),
                           "waited": 7200.0, "channels": ["email", "sms"], "redress": "3.10"}
    assert any_sdk.verify_audit() == []


def test_data_with_no_json_form_at_all_is_refused_before_anything_is_written(
        any_sdk: GreenChannel) -> None:
    complaint = any_sdk.intake(make_draft()).complaint
    assert complaint is not None
    with any_sdk.store.unit_of_work() as uow:
        before = len(uow.audit_events(complaint.id))
    refused = pytest.raises(TypeError, match="audit data holds a object, which has no JSON form")
    with refused, any_sdk.store.unit_of_work() as uow:
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=complaint.registered_at, actor="plugin",
            action="note", from_status=None, to_status=None, data={"x": object()}))
    with any_sdk.store.unit_of_work() as uow:
        assert len(uow.audit_events(complaint.id)) == before
