"""A complaint taken through every kind of step, for the dossier tests."""

from __future__ import annotations

from decimal import Decimal

from greenchannel_sdk import Actor, CustomerIdentity, GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_draft

HANDLER = Actor("chen", roles={"handler"}, team="risk")
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")
SUPERVISOR = Actor("sup-zhou", roles={"supervisor"})
AUDITOR = Actor("aud-wu", roles={"auditor"})
PHONE = "13912345678"


def whole_lifecycle(sdk: GreenChannel, clock: FrozenClock) -> str:
    """Register, work, wait, reply, decline, resolve, survey, close, reopen, close, archive."""
    draft = make_draft("我的銀行卡被盜刷了五千元 <script>alert('x')</script>",
                       customer=CustomerIdentity(customer_ref="C-77", name="王小明",
                                                 phone=PHONE))
    result = sdk.intake(draft)
    assert result.complaint is not None
    number = result.complaint.number
    sdk.merge(make_number(sdk), number, LEAD, reason="same card, same day")
    clock.advance(hours=20)
    sdk.tick()  # fires the first-contact warnings
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed the dispute")
    sdk.start_investigation(number, HANDLER, note="card transactions checked")
    sdk.add_note(number, HANDLER, text="three card-not-present payments",
                 evidence=("txn-1", "rec-9"))
    sdk.request_customer_info(number, HANDLER, what="card statement")
    sdk.intake(make_draft("附件是我的對賬單", channel="email", external_id="mail-7",
                          in_reply_to=number))
    sdk.propose_resolution(number, HANDLER, remedy="refund 4,000", redress=Decimal("4000"))
    sdk.decline_resolution(number, HANDLER, reason="customer wants the full amount")
    sdk.propose_resolution(number, HANDLER, remedy="refund 5,000", redress=Decimal("5000"))
    sdk.accept_resolution(number, HANDLER)
    sdk.record_accountability(number, HANDLER, department="card_centre", upheld=True,
                              person="staff-9", internal_action="rule retrained")
    sdk.record_survey(number, LEAD, score=2, solved=False, comments="slow",
                      reopen_if_dissatisfied=True)
    sdk.start_investigation(number, HANDLER, note="looked again")
    sdk.propose_resolution(number, HANDLER, remedy="refund 5,000 and fee", redress=Decimal("5050"))
    sdk.accept_resolution(number, HANDLER)
    sdk.record_survey(number, LEAD, score=5, solved=True, comments="fast")
    sdk.close_complaint(number, LEAD, root_cause="fraud rule missed", redress=Decimal("5050"),
                        approver=SUPERVISOR)
    sdk.archive(number, Actor.system("archive"))
    return number


def make_number(sdk: GreenChannel) -> str:
    """A second complaint (to merge into the first)."""
    result = sdk.intake(make_draft("ATM 吞卡"))
    assert result.complaint is not None
    return result.complaint.number
