"""Signals (DESIGN: blinker): sent after commit; a raising receiver never rolls back."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from greenchannel_sdk import Actor, ClassificationVote, GreenChannel, PluginError, hookimpl, signals
from greenchannel_sdk.testing import FrozenClock, make_draft, using_plugin


def test_registered_and_assigned_fire_after_commit(sdk: GreenChannel) -> None:
    seen: list[tuple[str, str]] = []

    def on_registered(sender: GreenChannel, complaint: Any) -> None:
        # After commit: the complaint is already readable through a new transaction.
        seen.append(("registered", sender.get(complaint.number).number))

    def on_assigned(sender: GreenChannel, complaint: Any) -> None:
        seen.append(("assigned", complaint.assignment.team))

    with signals.registered.connected_to(on_registered, sender=sdk), \
            signals.assigned.connected_to(on_assigned, sender=sdk):
        complaint = sdk.intake(make_draft()).complaint
    assert complaint is not None
    assert seen == [("registered", complaint.number), ("assigned", "risk")]


def test_a_raising_receiver_is_logged_and_the_command_stands(
        sdk: GreenChannel, caplog: pytest.LogCaptureFixture) -> None:
    def explode(sender: GreenChannel, **_kw: Any) -> None:
        raise RuntimeError("dashboard is down")

    with caplog.at_level(logging.ERROR), signals.registered.connected_to(explode, sender=sdk):
        result = sdk.intake(make_draft())
    assert result.outcome == "registered"
    assert result.complaint is not None
    assert sdk.get(result.complaint.number).number == result.complaint.number
    assert "dashboard is down" in caplog.text


def test_no_signal_when_the_command_rolled_back(sdk: GreenChannel) -> None:
    class Broken:
        @hookimpl
        def greenchannel_priority_signals(self, draft: object,
                                          history: object) -> list[ClassificationVote]:
            raise RuntimeError("boom")

    fired: list[object] = []
    with signals.registered.connected_to(lambda s, **kw: fired.append(kw), sender=sdk), \
            using_plugin(sdk, Broken()), pytest.raises(PluginError):
        sdk.intake(make_draft())
    assert fired == []


def test_status_changed_closed_and_reopened(sdk: GreenChannel, clock: FrozenClock) -> None:
    events: list[str] = []
    number = sdk.intake(make_draft()).complaint.number  # type: ignore[union-attr]
    handler = Actor("chen", roles={"handler"}, team="risk")
    lead = Actor("lead-li", roles={"green_channel_lead"})
    with signals.status_changed.connected_to(
            lambda s, complaint, from_status, to_status: events.append(to_status.value),
            sender=sdk), \
            signals.closed.connected_to(lambda s, complaint: events.append("CLOSED"), sender=sdk), \
            signals.reopened.connected_to(lambda s, complaint: events.append("REOPENED"),
                                          sender=sdk):
        sdk.record_contact(number, handler, method="phone", outcome="confirmed")
        sdk.record_accountability(number, handler, department="card_centre", upheld=True)
        sdk.propose_resolution(number, handler, remedy="refund")
        sdk.accept_resolution(number, handler)
        sdk.close_complaint(number, lead, root_cause="fraud rule missed",
                            approver=Actor("sup-zhou", roles={"supervisor"}))
        sdk.reopen(number, lead, reason="customer called again")
    assert events == ["contacted", "resolution_proposed", "resolved", "closed", "CLOSED",
                      "reopened", "REOPENED"]
