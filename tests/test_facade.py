"""The facade end to end on SQLite.

Intake, triage, dispatch, handling, closure and follow-up (S1-S16, S21-S23).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from greenchannel_sdk import (
    Actor,
    ChannelDraft,
    ClockStatus,
    Command,
    ConcurrentModification,
    CustomerIdentity,
    GreenChannel,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    Priority,
    Status,
    ValidationError,
    hookimpl,
    parse_number,
    signals,
)
from greenchannel_sdk.domain import OutboxStatus
from greenchannel_sdk.testing import FrozenClock, make_draft, using_plugin

HANDLER = Actor("chen", roles={"handler"}, team="risk")
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")
SUPERVISOR = Actor("sup-zhou", roles={"supervisor"})


def register(sdk: GreenChannel, text: str = "我的銀行卡被盜刷了五千元,請盡快處理。",
             **kw: Any) -> str:
    result = sdk.intake(make_draft(text, **kw))
    assert result.outcome == "registered"
    assert result.complaint is not None
    return result.complaint.number


def test_registration_numbers_classifies_prioritises_and_assigns(sdk: GreenChannel) -> None:
    number = register(sdk)
    complaint = sdk.get(number)
    parse_number(number)  # S3: valid, self-checking number
    assert complaint.status is Status.ASSIGNED
    assert complaint.priority.priority is Priority.HIGH  # S4: funds at risk
    assert complaint.green_channel  # S5
    assert complaint.priority.signals
    assert all(s.reason for s in complaint.priority.signals)
    assert complaint.assignment is not None
    assert complaint.assignment.team == "risk"
    assert "rule" in complaint.assignment.reason  # explains why this person
    commands = {c.value for c in Command}
    actions = [(e.action, e.from_status, e.to_status) for e in sdk.history(number)
               if e.action in commands]
    assert actions == [("register", None, "registered"), ("assign", "registered", "assigned")]


def test_numbers_are_sequential_per_day(sdk: GreenChannel) -> None:
    numbers = [parse_number(register(sdk, "ATM吞卡")) for _ in range(3)]
    assert [n.sequence for n in numbers] == [1, 2, 3]


def test_redelivery_creates_nothing_new(sdk: GreenChannel) -> None:
    draft = make_draft(external_id="wx-msg-1")
    first = sdk.intake(draft)
    again = sdk.intake(draft)
    assert again.outcome == "duplicate"
    assert again.complaint is not None
    assert first.complaint is not None
    assert again.complaint.number == first.complaint.number
    assert len(sdk.list_complaints().items) == 1


def test_reply_links_to_the_open_complaint(sdk: GreenChannel) -> None:
    number = register(sdk)
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed")
    sdk.request_customer_info(number, HANDLER, what="card statement")
    reply = make_draft("附件是我的對賬單", external_id="mail-2", in_reply_to=number,
                       channel="email")
    linked = sdk.intake(reply)
    assert linked.outcome == "linked"
    assert linked.complaint is not None
    assert linked.complaint.number == number
    assert sdk.get(number).status is Status.INVESTIGATING  # the customer replied
    texts = [c.text for c in sdk.communications(number)]
    assert "附件是我的對賬單" in texts
    assert sdk.intake(reply).outcome == "duplicate"  # redelivered reply
    assert len(sdk.list_complaints().items) == 1


@pytest.mark.parametrize(("field", "draft_change"), [
    ("text", {"text": "   "}),
    ("received_at", {"received_at": datetime(2026, 3, 2, 9, 0)}),
    ("currency", {"currency": "yuan"}),
    ("amount", {"amount": Decimal("-1")}),
    ("external_id", {"external_id": ""}),
])
def test_invalid_drafts_name_the_field(sdk: GreenChannel, field: str,
                                       draft_change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        sdk.intake(make_draft(**draft_change))
    assert field in info.value.problems
    assert sdk.list_complaints().items == ()


def test_unparseable_payloads_are_quarantined_not_lost(sdk: GreenChannel) -> None:
    class Strict:
        name = "strict"

        def parse(self, payload: bytes, metadata: object) -> list[ChannelDraft]:
            raise ValidationError("not a complaint form", {"body": "expected JSON"})

    class Plugin:
        @hookimpl
        def greenchannel_register_channels(self, register: Any) -> None:
            register(Strict())

    with using_plugin(sdk, Plugin()):
        results = sdk.receive("strict", b"\x00garbage", {"source": "test"})
    assert [r.outcome for r in results] == ["quarantined"]
    kept = sdk.quarantined()[0]
    assert kept.raw == b"\x00garbage"
    assert "expected JSON" in kept.reason
    assert kept.metadata == {"source": "test"}


def test_unknown_channel_is_a_clear_error(sdk: GreenChannel) -> None:
    with pytest.raises(ValidationError, match="not registered"):
        sdk.receive("fax", b"...")


def test_complaint_about_a_member_of_staff_never_goes_to_them(sdk: GreenChannel) -> None:
    """S21 / conflict of interest: the complaint about 'chen' goes to someone else."""
    number = register(sdk, about_staff="chen")
    assignment = sdk.get(number).assignment
    assert assignment is not None
    assert assignment.assignee not in {"chen", None}


def test_full_lifecycle_with_audit_trail(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = register(sdk)
    clock.advance(hours=1)
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed the dispute")
    sdk.start_investigation(number, HANDLER, note="card transactions checked")
    sdk.add_note(number, HANDLER, text="three card-not-present payments", evidence=("txn-1",))
    sdk.record_accountability(number, HANDLER, department="card_centre", upheld=True)
    sdk.propose_resolution(number, HANDLER, remedy="refund 5,000", redress=Decimal("5000"))
    sdk.accept_resolution(number, HANDLER)
    survey = sdk.record_survey(number, LEAD, score=5, solved=True, comments="fast")
    sdk.close_complaint(number, LEAD, root_cause="fraud rule missed", redress=Decimal("5000"),
                        approver=SUPERVISOR)
    sdk.archive(number, Actor.system("archive"))
    complaint = sdk.get(number)
    assert complaint.status is Status.ARCHIVED
    assert complaint.closed_at is not None
    assert survey.score == 5
    history = sdk.history(number)
    assert [e.to_status for e in history][-1] == "archived"
    for event in history:  # S21: every step has a responsible actor and a reason
        assert event.actor
        assert event.at.tzinfo is not None
    assert sdk.verify_audit() == []
    with pytest.raises(IllegalTransition):
        sdk.reopen(number, LEAD, reason="too late, archived")


def test_first_contact_stops_the_24_hour_clock(sdk: GreenChannel, clock: FrozenClock) -> None:
    """S9: the first contact stops the first-contact clock, met within the goal."""
    number = register(sdk, "my card statement shows a wrong fee", language="en")
    clock.advance(hours=3)
    sdk.record_contact(number, Actor("wang", roles={"handler"}, team="green-channel"),
                       method="phone", outcome="confirmed")
    first = next(c for c in sdk.clock_states(number) if c.name == "first_contact")
    assert first.status is ClockStatus.STOPPED
    assert first.met is True


def test_missed_first_contact_breaches_and_escalates_once(sdk: GreenChannel,
                                                          clock: FrozenClock) -> None:
    """S22: the breach and each escalation level fire once, however often the sweeper runs."""
    number = register(sdk, "my card statement shows a wrong fee", language="en")
    fired: list[str] = []
    with signals.sla_breached.connected_to(lambda s, complaint, clock: fired.append("breach"),
                                           sender=sdk):
        clock.advance(hours=30)
        first = sdk.tick()
        second = sdk.tick()
    assert first.breaches >= 1
    assert second.breaches == 0
    assert fired.count("breach") == first.breaches
    assert sdk.get(number).escalation_level >= 1
    actions = [e.action for e in sdk.history(number)]
    assert actions.count("sla.breach") == first.breaches


def test_waiting_for_the_customer_pauses_internal_targets(sdk: GreenChannel,
                                                         clock: FrozenClock) -> None:
    number = register(sdk)
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed")
    before = next(c for c in sdk.clock_states(number) if c.name == "resolution")
    sdk.request_customer_info(number, HANDLER, what="statement")
    clock.advance(days=3)
    sdk.customer_replied(number, HANDLER, note="statement received")
    after = next(c for c in sdk.clock_states(number) if c.name == "resolution")
    if before.statutory:
        assert after.due_at == before.due_at
    else:
        assert after.due_at > before.due_at


def test_reopen_starts_a_new_resolution_cycle(sdk: GreenChannel) -> None:
    number = register(sdk)
    sdk.record_contact(number, HANDLER, method="phone", outcome="ok")
    sdk.propose_resolution(number, HANDLER, remedy="refund")
    sdk.accept_resolution(number, HANDLER)
    sdk.reopen(number, LEAD, reason="refund never arrived")
    cycles = sorted(c.cycle for c in sdk.clock_states(number) if c.name == "resolution")
    assert cycles == [1, 2]
    assert sdk.get(number).number == number  # same case, same number


def test_handlers_only_touch_their_own_complaints(sdk: GreenChannel) -> None:
    number = register(sdk)  # goes to the risk team
    stranger = Actor("smith", roles={"handler"}, team="cards")
    with pytest.raises(PermissionDenied, match="smith"):
        sdk.record_contact(number, stranger, method="phone", outcome="x")
    intake_agent = Actor("desk-1", roles={"intake_agent"})
    with pytest.raises(PermissionDenied, match=r"complaint\.close"):
        sdk.close_complaint(number, intake_agent, root_cause="x")


def test_two_handlers_at_once_one_wins(sdk: GreenChannel) -> None:
    number = register(sdk)
    with sdk.store.unit_of_work() as uow:
        stale = uow.get_by_number(number)
    sdk.record_contact(number, HANDLER, method="phone", outcome="first")
    with pytest.raises(ConcurrentModification, match=number), sdk.store.unit_of_work() as uow:
        uow.update_complaint(stale, stale.version)


def test_outbox_delivers_acknowledgements_and_retries_a_failing_notifier(
        sdk: GreenChannel, clock: FrozenClock) -> None:
    sent: list[str] = []
    failures = {"left": 2}

    class Flaky:
        name = "log"

        def send(self, message: Any) -> None:
            if failures["left"]:
                failures["left"] -= 1
                raise ConnectionError("SMS gateway down")
            sent.append(message.topic)

    class Plugin:
        @hookimpl
        def greenchannel_register_notifiers(self, register: Any) -> None:
            register(Flaky())

    with using_plugin(sdk, Plugin()):
        register(sdk)
        assert sdk.relay_outbox().retried == 1
        clock.advance(minutes=1)
        assert sdk.relay_outbox().retried == 1
        clock.advance(minutes=5)
        report = sdk.relay_outbox()
    assert report.sent == 1
    assert sent == ["customer.acknowledgement"]
    assert sdk.outbox_counts() == {OutboxStatus.SENT.value: 1}


def test_merge_and_unmerge_keep_everything(sdk: GreenChannel) -> None:
    first = register(sdk, "ATM吞卡", customer=CustomerIdentity(customer_ref="C-9"))
    second = register(sdk, "ATM吞卡了,第二次投訴", customer=CustomerIdentity(customer_ref="C-9"))
    merged = sdk.merge(second, first, LEAD, reason="same matter")
    assert merged.status is Status.MERGED
    assert merged.merged_into == sdk.get(first).id
    restored = sdk.unmerge(second, LEAD, reason="different cards after all")
    assert restored.status is Status.REGISTERED
    assert restored.merged_into is None
    assert [e.action for e in sdk.history(second)][-2:] == ["merge", "unmerge"]


def test_unknown_number_is_not_found(sdk: GreenChannel) -> None:
    with pytest.raises(NotFound):
        sdk.get("GC-20260302-W-HQ-999999-0")


def test_withdrawal_ends_the_case_that_day(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = register(sdk)
    clock.advance(hours=5)
    withdrawn = sdk.withdraw(number, HANDLER, reason="customer withdrew by phone")
    assert withdrawn.status is Status.WITHDRAWN
    assert withdrawn.closed_at == clock.now()
    assert all(c.status is ClockStatus.STOPPED for c in sdk.clock_states(number))


def test_received_time_is_kept_in_utc(sdk: GreenChannel) -> None:
    shanghai = timezone(timedelta(hours=8))
    number = register(sdk, received_at=datetime(2026, 3, 2, 8, 30, tzinfo=shanghai))
    assert sdk.get(number).received_at == datetime(2026, 3, 2, 0, 30, tzinfo=timezone.utc)


def _resolved(sdk: GreenChannel, text: str = "我的銀行卡被盜刷了五千元,請盡快處理。") -> str:
    number = register(sdk, text)
    handler = _handler_of(sdk, number)
    sdk.record_contact(number, handler, method="phone", outcome="ok")
    sdk.record_accountability(number, handler, department="card_centre", upheld=True)
    sdk.propose_resolution(number, handler, remedy="refund")
    sdk.accept_resolution(number, handler)
    return number


def _handler_of(sdk: GreenChannel, number: str) -> Actor:
    assignment = sdk.get(number).assignment
    assert assignment is not None
    assert assignment.assignee is not None
    return Actor(assignment.assignee, roles={"handler"}, team=assignment.team)


def test_closure_needs_root_cause_accountability_and_a_second_approver(
        sdk: GreenChannel) -> None:
    """S14 + green channel: missing pieces are all named at once; the approver is someone else."""
    number = register(sdk)
    handler = _handler_of(sdk, number)
    sdk.record_contact(number, handler, method="phone", outcome="ok")
    sdk.propose_resolution(number, handler, remedy="refund")
    sdk.accept_resolution(number, handler)
    with pytest.raises(ValidationError) as info:
        sdk.close_complaint(number, LEAD, root_cause=" ")
    assert set(info.value.problems) == {"root_cause", "accountability", "approver"}
    sdk.record_accountability(number, handler, department="card_centre", upheld=True)
    with pytest.raises(ValidationError, match="someone other"):
        sdk.close_complaint(number, LEAD, root_cause="x", approver=LEAD)
    with pytest.raises(PermissionDenied):
        sdk.close_complaint(number, LEAD, root_cause="x", approver=HANDLER)
    closed = sdk.close_complaint(number, LEAD, root_cause="fraud rule missed",
                                 approver=SUPERVISOR)
    assert closed.status is Status.CLOSED
    close_event = sdk.history(number)[-1]
    assert close_event.data["approver"] == "sup-zhou"
    assert close_event.data["root_cause"] == "fraud rule missed"


def test_normal_priority_closes_without_a_second_approver(sdk: GreenChannel) -> None:
    number = _resolved(sdk, "the app shows the wrong branch opening hours")
    assert not sdk.get(number).green_channel
    assert sdk.close_complaint(number, LEAD, root_cause="stale data").status is Status.CLOSED


def test_follow_up_goes_to_someone_other_than_the_handler(sdk: GreenChannel) -> None:
    """S15."""
    number = _resolved(sdk)
    complaint = sdk.get(number)
    assert complaint.follow_up is not None
    assert complaint.assignment is not None
    assert complaint.follow_up.assignee not in {None, complaint.assignment.assignee}


def test_dissatisfied_survey_reopens_the_case(sdk: GreenChannel) -> None:
    number = _resolved(sdk)
    sdk.record_survey(number, LEAD, score=1, solved=False, reopen_if_dissatisfied=True)
    assert sdk.get(number).status is Status.REOPENED


def test_deemed_acceptance_after_the_window(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = register(sdk)
    handler = _handler_of(sdk, number)
    sdk.record_contact(number, handler, method="phone", outcome="ok")
    sdk.propose_resolution(number, handler, remedy="refund")
    clock.advance(days=13)
    assert sdk.apply_deemed_acceptance() == []
    clock.advance(days=2)
    assert sdk.apply_deemed_acceptance() == [number]
    event = sdk.history(number)[-1]
    assert (event.action, event.data["deemed"], event.actor) == (
        "accept_resolution", True, "system:deemed-acceptance")


def test_reopen_only_within_the_window(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = _resolved(sdk)
    sdk.close_complaint(number, LEAD, root_cause="x", approver=SUPERVISOR)
    clock.advance(days=91)
    with pytest.raises(ValidationError, match="new complaint"):
        sdk.reopen(number, LEAD, reason="late")
    assert sdk.get(number).status is Status.CLOSED


def test_archived_complaints_are_read_only(sdk: GreenChannel) -> None:
    number = register(sdk)
    sdk.dismiss(number, LEAD, reason="a product suggestion, not a complaint")
    sdk.archive(number, Actor.system("archive"))
    with pytest.raises(IllegalTransition, match="read-only"):
        sdk.add_note(number, LEAD, text="late note")


def test_a_quarantined_payload_is_replayed_after_the_fix(sdk: GreenChannel) -> None:
    """S1: nothing lost: a payload refused by a broken channel goes through once it is fixed."""
    class Form:
        name = "form"
        fixed = False

        def parse(self, payload: bytes, metadata: Any) -> list[ChannelDraft]:
            if not self.fixed:
                raise ValidationError("unknown layout", {"body": "version 2 forms unsupported"})
            return [make_draft(payload.decode(), channel="form", external_id="form-1")]

    channel = Form()

    class Plugin:
        @hookimpl
        def greenchannel_register_channels(self, register: Any) -> None:
            register(channel)

    with using_plugin(sdk, Plugin()):
        [result] = sdk.receive("form", "柜台多收了手续费".encode())
        assert result.quarantined is not None
        payload_id = result.quarantined.id
        with pytest.raises(PermissionDenied):
            sdk.replay_quarantined(payload_id, HANDLER)
        with pytest.raises(ValidationError, match="unknown layout"):
            sdk.replay_quarantined(payload_id, LEAD)  # still broken: it stays
        assert [q.id for q in sdk.quarantined()] == [payload_id]
        channel.fixed = True
        [replayed] = sdk.replay_quarantined(payload_id, LEAD)
    assert replayed.outcome == "registered"
    assert sdk.quarantined() == []
    kept = sdk.store.quarantined(include_resolved=True)
    assert kept[0].resolution is not None
    assert replayed.complaint is not None
    assert replayed.complaint.number in kept[0].resolution


def test_a_quarantined_payload_can_be_discarded_with_a_reason(sdk: GreenChannel) -> None:
    item = sdk._quarantine("web", b"spam", {}, "not json")  # what receive() does
    assert item.quarantined is not None
    with pytest.raises(ValidationError, match="reason"):
        sdk.discard_quarantined(item.quarantined.id, LEAD, reason=" ")
    sdk.discard_quarantined(item.quarantined.id, LEAD, reason="advertising")
    assert sdk.quarantined() == []


def test_dead_letters_are_listed_and_replayed(sdk: GreenChannel, clock: FrozenClock) -> None:
    """A notifier down for good parks the message; a person replays it once it is back."""
    class Down:
        name = "log"

        def __init__(self) -> None:
            self.up = False
            self.sent: list[str] = []

        def send(self, message: Any) -> None:
            if not self.up:
                raise ConnectionError("gateway unreachable")
            self.sent.append(message.topic)

    notifier = Down()

    class Plugin:
        @hookimpl
        def greenchannel_register_notifiers(self, register: Any) -> None:
            register(notifier)

    with using_plugin(sdk, Plugin()):
        register(sdk)
        for _ in range(sdk.settings.outbox_max_attempts):
            sdk.relay_outbox()
            clock.advance(hours=7)
        [dead] = sdk.dead_letters()
        assert "gateway unreachable" in (dead.last_error or "")
        notifier.up = True
        assert sdk.replay_dead_letters() == 1
        assert sdk.relay_outbox().sent == 1
    assert notifier.sent == ["customer.acknowledgement"]
    assert sdk.dead_letters() == []
