"""Embedding greenchannel-sdk in a bank's own application.

Shows what a bank developer writes on day one: the team and routing rules
(S6, S7), a bank-specific classifier and a notifier as plugins (P2), intake
from the bank's own code (S1), a green-channel complaint handled end to end
(S5, S9-S16), the SLA sweeper catching a missed first contact (S22), and the
audit trail (S21).  Runs on an SQLite file in a temporary folder.

    python examples/embed_in_a_bank_app.py
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from greenchannel_sdk import (
    Actor,
    Category,
    ChannelDraft,
    ClassificationVote,
    CustomerIdentity,
    Directory,
    GreenChannel,
    OutboxMessage,
    Priority,
    RoutingRule,
    RoutingTable,
    Settings,
    StaffMember,
    Team,
    hookimpl,
)
from greenchannel_sdk.security import generate_key
from greenchannel_sdk.testing import FrozenClock


class WealthProductRules:
    """The bank's own classifier: its wealth-product names are product complaints."""

    @hookimpl
    def greenchannel_classify(self, draft: ChannelDraft) -> ClassificationVote | None:
        if "穩盈" in draft.text or "稳盈" in draft.text:
            return ClassificationVote(category=Category.PRODUCT_SERVICE, confidence=0.9,
                                      source="bank-wealth-rules", subcategory="wealth_management",
                                      reasons=("names the 穩盈 wealth product",))
        return None


class PrintingSms:
    """Stands in for the bank's SMS gateway."""

    name = "sms"

    def send(self, message: OutboxMessage) -> None:
        print(f"  [sms] {message.topic} for {message.payload['number']}")


class SmsPlugin:
    @hookimpl
    def greenchannel_register_notifiers(self, register):  # type: ignore[no-untyped-def]
        register(PrintingSms())


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="gc-example-"))
    clock = FrozenClock(datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc))  # Monday 09:00 Shanghai
    team = Directory(
        teams=[Team(id="green-channel", department="customer_relationship", lead="li"),
               Team(id="risk", department="risk_control", lead="li")],
        staff=[StaffMember(id="li", team="green-channel", roles={"green_channel_lead", "handler"}),
               StaffMember(id="wang", team="green-channel"),
               StaffMember(id="chen", team="risk")],
    )
    routing = RoutingTable(
        rules=(RoutingRule(team="risk", strategy="least_loaded", priority=Priority.HIGH),),
        fallback=RoutingRule(team="green-channel", strategy="round_robin"),
    )
    settings = Settings(database_url=f"sqlite:///{folder / 'bank.db'}", load_entry_points=False,
                        keys={"k1": generate_key()}, customer_notifier="sms",
                        plugins=(WealthProductRules(), SmsPlugin()))
    with GreenChannel(settings, clock=clock, directory=team, routing=routing) as sdk:
        print("1. a customer calls the hotline: money left her account without consent")
        urgent = sdk.intake(ChannelDraft(
            channel="hotline", external_id="call-0001", received_at=clock.now(),
            text="我的卡昨晚被盜刷了三筆,一共兩萬元,我人在家卡也在身上。",
            customer=CustomerIdentity(customer_ref="C-100", phone="13800138000"),
        )).complaint
        assert urgent is not None
        assert urgent.assignment is not None
        print(f"   {urgent.number}: {urgent.priority.priority.value} priority, green channel: "
              f"{urgent.green_channel}, assigned to {urgent.assignment.assignee} "
              f"({urgent.assignment.team})")
        for signal in urgent.priority.signals:
            print(f"   signal: {signal.reason}")

        print("2. another arrives by the website about a wealth product")
        normal = sdk.intake(ChannelDraft(
            channel="web", external_id="form-7781", received_at=clock.now(),
            text="購買的穩盈理財到期後收益和宣傳的不一樣",
            customer=CustomerIdentity(customer_ref="C-200"),
        )).complaint
        assert normal is not None
        print(f"   {normal.number}: {normal.classification.category.value} "
              f"({normal.classification.subcategory}), because {normal.classification.reasons[0]}")

        print("3. the risk specialist works the urgent case the same morning")
        chen = Actor("chen", roles={"handler"}, team="risk")
        clock.advance(minutes=40)
        sdk.record_contact(urgent.number, chen, method="phone",
                           outcome="card frozen, dispute filed")
        sdk.start_investigation(urgent.number, chen, note="three card-not-present transactions")
        sdk.record_accountability(urgent.number, chen, department="card_centre", upheld=True,
                                  internal_action="fraud rule for night-time CNP payments reviewed")
        clock.advance(hours=20)
        sdk.propose_resolution(urgent.number, chen, remedy="provisional credit of 20,000",
                               redress=Decimal("20000"))
        sdk.accept_resolution(urgent.number, chen)
        lead = Actor("li", roles={"green_channel_lead"}, team="green-channel")
        sdk.record_survey(urgent.number, lead, score=5, solved=True)
        supervisor = Actor("zhou", roles={"supervisor"})
        sdk.close_complaint(urgent.number, lead, root_cause="fraud rule missed night-time CNP",
                            redress=Decimal("20000"), approver=supervisor)
        print(f"   {urgent.number} is {sdk.get(urgent.number).status.value}")

        print("4. nobody called the web customer back within 24 hours: the sweeper escalates (S22)")
        clock.advance(hours=4)
        report = sdk.tick()
        print(f"   warnings {report.warnings}, breaches {report.breaches}, "
              f"escalations {report.escalations}")

        print("   the web customer looks up her case on the bank's app (S23)")
        status = sdk.customer_status(normal.number, CustomerIdentity(customer_ref="C-200"),
                                     language="en")
        print(f"   {status.number}: {status.label}; answer due by "
              f"{status.answer_due_by:%Y-%m-%d %H:%M} UTC")

        print("5. notifications go out through the outbox")
        sdk.relay_outbox()

        print("6. the audit trail of the urgent case (who, when, from, to, why)")
        for event in sdk.history(urgent.number):
            print(f"   {event.seq:>2} {event.at:%m-%d %H:%M} {event.actor:<16} {event.action:<20} "
                  f"{event.from_status or '':<20} -> {event.to_status or ''}")
        print(f"   audit chain intact: {not sdk.verify_audit()}")


if __name__ == "__main__":
    main()
