"""The customer's own view of where the case stands (S23), on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenchannel_sdk import (
    Actor,
    CaseStatus,
    CustomerIdentity,
    GreenChannel,
    NotFound,
    ValidationError,
)
from greenchannel_sdk.testing import make_draft

PHONE = "13800138000"
NOTE = "客户情绪激动，提到要找媒体"
ADMIN = Actor("admin-1", roles={"administrator"})


def _registered(sdk: GreenChannel, language: str = "en") -> tuple[str, Actor]:
    complaint = sdk.intake(make_draft(
        "my card was charged twice for one purchase", language=language,
        customer=CustomerIdentity(customer_ref="C-self-1", phone=PHONE,
                                  email="Wang.Fang@Example.com"))).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    handler = Actor(complaint.assignment.assignee or "", roles={"handler"},
                    team=complaint.assignment.team)
    return complaint.number, handler


def test_the_customer_sees_states_dates_and_the_answer_deadline(any_sdk: GreenChannel) -> None:
    number, handler = _registered(any_sdk)
    any_sdk.record_contact(number, handler, method="phone", outcome="confirmed the charges")
    any_sdk.add_note(number, handler, text=NOTE)

    status = any_sdk.customer_status(number, CustomerIdentity(phone="+86 138-0013-8000"))
    assert isinstance(status, CaseStatus)
    assert (status.number, status.status, status.label, status.language) == (
        number, "contacted", "in contact with you", "en")
    assert [step.status for step in status.steps] == ["registered", "assigned", "contacted"]
    assert [step.label for step in status.steps][:2] == ["registered",
                                                         "assigned to a case handler"]
    [resolution] = [c for c in any_sdk.clock_states(number) if c.name == "resolution"]
    assert status.answer_due_by == resolution.due_at
    assert status.updated_at == status.steps[-1].at
    assert not status.waiting_for_you
    shown = repr(status)
    for internal in (handler.id, NOTE, "confirmed the charges", "risk", "green-channel"):
        assert internal not in shown

    chinese = any_sdk.customer_status(number, CustomerIdentity(email="wang.fang@example.com"),
                                      language="zh-CN")
    assert (chinese.label, chinese.language) == ("已与您联系", "zh-Hans")


def test_a_wrong_number_and_a_wrong_identifier_look_the_same(sdk: GreenChannel) -> None:
    number, _handler = _registered(sdk)
    with pytest.raises(NotFound) as wrong_phone:
        sdk.customer_status(number, CustomerIdentity(phone="13900139000"))
    unknown = number[:-3] + "999"
    with pytest.raises(NotFound) as wrong_number:
        sdk.customer_status(unknown, CustomerIdentity(phone=PHONE))
    assert str(wrong_phone.value).replace(number, "N") == \
        str(wrong_number.value).replace(unknown, "N")
    with pytest.raises(NotFound):
        sdk.customer_status(number, CustomerIdentity(phone="not a phone"))
    assert sdk.customer_status(number, CustomerIdentity(customer_ref="C-self-1")).number == number
    for asking in (number, unknown):  # no identifier at all: refused before any lookup
        with pytest.raises(ValidationError, match="say who is asking"):
            sdk.customer_status(asking, CustomerIdentity(name="王芳"))


def test_waiting_for_the_customer_and_after_the_answer(sdk: GreenChannel) -> None:
    number, handler = _registered(sdk)
    proof = CustomerIdentity(phone=PHONE)
    sdk.record_contact(number, handler, method="phone", outcome="asked for the statement")
    sdk.request_customer_info(number, handler, what="the card statement")
    waiting = sdk.customer_status(number, proof)
    assert waiting.waiting_for_you
    assert waiting.label == "waiting for information from you"
    [resolution] = [c for c in sdk.clock_states(number) if c.name == "resolution"]
    assert waiting.answer_due_by == (resolution.due_at if resolution.status.value == "running"
                                     else None)
    sdk.customer_replied(number, handler)
    sdk.propose_resolution(number, handler, remedy="refund the second charge",
                           redress=Decimal("120"))
    sdk.accept_resolution(number, handler)
    done = sdk.customer_status(number, proof)
    assert (done.status, done.answer_due_by, done.waiting_for_you) == ("resolved", None, False)
    assert done.steps[-1].status == "resolved"


def test_an_erased_complaint_is_not_found(sdk: GreenChannel) -> None:
    number, handler = _registered(sdk)
    sdk.record_contact(number, handler, method="phone", outcome="confirmed")
    sdk.propose_resolution(number, handler, remedy="refund", redress=Decimal("1"))
    sdk.accept_resolution(number, handler)
    sdk.retention.erase(number, ADMIN, reason="customer asked")
    with pytest.raises(NotFound):
        sdk.customer_status(number, CustomerIdentity(phone=PHONE))
