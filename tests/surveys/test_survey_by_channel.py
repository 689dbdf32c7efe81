"""A customer's reply during follow-up is recorded as the survey (S15), on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenchannel_sdk import (
    Actor,
    CustomerIdentity,
    GreenChannel,
    IntakeResult,
    SatisfactionSurvey,
    Status,
)
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk

HANDLER = Actor("chen", roles={"handler"}, team="risk")
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")
SUPERVISOR = Actor("sup-zhou", roles={"supervisor"})


def resolved(sdk: GreenChannel, text: str = "我的銀行卡被盜刷了五千元", **draft: object) -> str:
    """A complaint worked to resolution by whoever it was assigned to."""
    result = sdk.intake(make_draft(text, **draft))
    assert result.complaint is not None
    assert result.complaint.assignment is not None
    number = result.complaint.number
    handler = Actor(result.complaint.assignment.assignee or "", roles={"handler"},
                    team=result.complaint.assignment.team)
    sdk.record_contact(number, handler, method="phone", outcome="confirmed")
    sdk.propose_resolution(number, handler, remedy="refund", redress=Decimal("5000"))
    sdk.accept_resolution(number, handler)
    return number


def reply(number: str, text: str, **kw: object) -> object:
    fields: dict[str, object] = {"channel": "sms", "external_id": f"sms-{text[:10]}",
                                 "in_reply_to": number}
    fields.update(kw)
    return make_draft(text, **fields)


def _the_survey(sdk: GreenChannel, result: IntakeResult, number: str) -> SatisfactionSurvey:
    """The one survey an intake recorded, on the complaint ``number``."""
    assert result.outcome == "survey"
    assert result.complaint is not None
    assert result.complaint.number == number
    with sdk.store.unit_of_work() as uow:
        [survey] = uow.surveys(result.complaint.id)
    return survey


def test_a_satisfied_answer_is_recorded_like_record_survey(any_sdk: GreenChannel) -> None:
    number = resolved(any_sdk)
    result = any_sdk.intake(reply(number, "5 solved thank you"))  # type: ignore[arg-type]
    survey = _the_survey(any_sdk, result, number)
    assert (survey.score, survey.solved, survey.comments, survey.channel) == (
        5, True, "thank you", "sms")
    assert survey.collected_by == "system:channel:sms"
    event = any_sdk.history(number)[-1]
    assert (event.action, event.data) == ("survey", {"score": 5, "solved": True,
                                                     "channel": "sms"})
    assert any_sdk.get(number).status is Status.RESOLVED
    [answer] = [c for c in any_sdk.communications(number) if c.kind == "survey_answer"]
    assert answer.text == "5 solved thank you"
    assert len(any_sdk.list_complaints().items) == 1  # no new complaint


def test_redelivery_records_nothing_twice(any_sdk: GreenChannel) -> None:
    number = resolved(any_sdk)
    draft = reply(number, "4 yes")
    assert any_sdk.intake(draft).outcome == "survey"  # type: ignore[arg-type]
    assert any_sdk.intake(draft).outcome == "duplicate"  # type: ignore[arg-type]
    assert [e.action for e in any_sdk.history(number)].count("survey") == 1


def test_a_dissatisfied_answer_reopens_the_case(any_sdk: GreenChannel) -> None:
    number = resolved(any_sdk)
    result = any_sdk.intake(reply(number, "2 no still charged"))  # type: ignore[arg-type]
    assert result.outcome == "survey"
    assert any_sdk.get(number).status is Status.REOPENED
    reopen = any_sdk.history(number)[-1]
    assert (reopen.action, reopen.reason) == ("reopen", "customer dissatisfied at follow-up")
    resolution = [c for c in any_sdk.clock_states(number) if c.name == "resolution"]
    assert max(c.cycle for c in resolution) == 2  # a new SLA cycle, as record_survey does


def test_the_reopen_rule_is_a_setting(tmp_path: object, clock: FrozenClock) -> None:
    with make_sdk(tmp_path, clock=clock, survey_reply_reopens=False) as sdk:  # type: ignore[arg-type]
        number = resolved(sdk)
        assert sdk.intake(reply(number, "1 no")).outcome == "survey"  # type: ignore[arg-type]
        assert sdk.get(number).status is Status.RESOLVED


def test_an_answer_to_a_closed_complaint_is_recorded(any_sdk: GreenChannel) -> None:
    number = resolved(any_sdk)
    any_sdk.record_accountability(number, HANDLER, department="card_centre", upheld=True)
    any_sdk.close_complaint(number, LEAD, root_cause="x", approver=SUPERVISOR)
    result = any_sdk.intake(reply(number, "4 solved"))  # type: ignore[arg-type]
    assert result.outcome == "survey"
    assert any_sdk.get(number).status is Status.CLOSED


@pytest.mark.parametrize(("days", "reopens"), [(90, True), (91, False)])
def test_a_dissatisfied_answer_reopens_only_within_the_reopen_window(
        any_sdk: GreenChannel, clock: FrozenClock, days: int, reopens: bool) -> None:
    """The window of ``reopen`` (Settings.reopen_window_days, 90) holds for surveys too."""
    number = resolved(any_sdk)
    any_sdk.record_accountability(number, HANDLER, department="card_centre", upheld=True)
    any_sdk.close_complaint(number, LEAD, root_cause="x", approver=SUPERVISOR)
    clock.advance(days=days)
    result = any_sdk.intake(reply(number, "1 no still charged"))  # type: ignore[arg-type]
    assert result.outcome == "survey"
    assert any_sdk.get(number).status is (Status.REOPENED if reopens else Status.CLOSED)
    last = any_sdk.history(number)[-1]
    if reopens:
        assert last.action == "reopen"
    else:
        assert last.action == "reopen_declined"
        assert "closed more than 90 days ago" in last.reason


@pytest.mark.parametrize("text", ["thanks, but what about my other card?", "6 solved"])
def test_an_unreadable_answer_is_kept_for_a_person(any_sdk: GreenChannel, text: str) -> None:
    number = resolved(any_sdk)
    result = any_sdk.intake(reply(number, text))  # type: ignore[arg-type]
    assert result.outcome == "linked"
    assert result.complaint is not None
    assert result.complaint.number == number
    [message] = [c for c in any_sdk.communications(number) if c.text == text]
    assert (message.kind, message.channel) == ("customer_message", "sms")
    event = any_sdk.history(number)[-1]
    assert event.action == "customer_message"
    assert "not read as a survey answer" in event.reason
    assert "for a person" in event.reason
    assert "survey" not in [e.action for e in any_sdk.history(number)]
    assert any_sdk.get(number).status is Status.RESOLVED


def test_a_reply_to_an_open_complaint_is_still_a_message(any_sdk: GreenChannel) -> None:
    result = any_sdk.intake(make_draft("我的銀行卡被盜刷了五千元"))
    assert result.complaint is not None
    linked = any_sdk.intake(reply(result.complaint.number, "5 solved"))  # type: ignore[arg-type]
    assert linked.outcome == "linked"
    assert "survey" not in [e.action for e in any_sdk.history(result.complaint.number)]


def _unreferenced(text: str, customer: object, tag: str) -> object:
    """A WeChat message: no ``in_reply_to``, the customer known by their OpenID."""
    return make_draft(text, channel="wechat", external_id=f"wx-{tag}", customer=customer)


def test_an_answer_without_a_reference_finds_the_complaint_awaiting_it(
        any_sdk: GreenChannel) -> None:
    """S15 through a channel that cannot say which complaint it answers (WeChat, calls)."""
    customer = CustomerIdentity(customer_ref="C-wx-1", wechat_openid="o-wx-0001")
    number = resolved(any_sdk, customer=customer)
    result = any_sdk.intake(_unreferenced("5分 已解决 谢谢", customer, "1"))  # type: ignore[arg-type]
    survey = _the_survey(any_sdk, result, number)
    assert (survey.score, survey.solved, survey.comments, survey.channel) == (
        5, True, "谢谢", "wechat")
    assert len(any_sdk.list_complaints().items) == 1

    # A second answer is kept for a person, not recorded twice nor registered.
    again = any_sdk.intake(_unreferenced("4 solved", customer, "2"))  # type: ignore[arg-type]
    assert again.outcome == "linked"
    assert "has its survey answer already" in any_sdk.history(number)[-1].reason
    assert [e.action for e in any_sdk.history(number)].count("survey") == 1
    assert len(any_sdk.list_complaints().items) == 1


def test_an_unreferenced_answer_with_two_complaints_waiting_is_for_a_person(
        any_sdk: GreenChannel) -> None:
    customer = CustomerIdentity(customer_ref="C-wx-2")
    first = resolved(any_sdk, customer=customer)
    second = resolved(any_sdk, "理财产品销售时说保本，结果亏损", customer=customer)
    result = any_sdk.intake(_unreferenced("1 no", customer, "3"))  # type: ignore[arg-type]
    assert result.outcome == "linked"
    assert result.complaint is not None
    assert result.complaint.number in {first, second}
    assert "2 complaints await a survey answer" in any_sdk.history(
        result.complaint.number)[-1].reason
    for number in (first, second):
        assert "survey" not in [e.action for e in any_sdk.history(number)]
        assert any_sdk.get(number).status is Status.RESOLVED
    assert len(any_sdk.list_complaints().items) == 2


def test_a_score_from_a_customer_with_nothing_in_follow_up_is_a_complaint(
        any_sdk: GreenChannel) -> None:
    customer = CustomerIdentity(customer_ref="C-wx-3")
    result = any_sdk.intake(_unreferenced("1 no one answers the hotline", customer, "4"))  # type: ignore[arg-type]
    assert result.outcome == "registered"
