"""A small known data set for the report tests, built through the facade (S17, S19, S25).

Nine complaints in the first quarter of 2026 and one in April, with
scripted triage so the category, subcategory and priority of each are
known without depending on the shipped rules.  Accountability findings
(S12) and closing records (root cause, redress) go through the handling
commands, which write the audit shapes the reports read
(``docs/reports.md``).

Timeline (hours after each complaint's receipt), March 2026 unless noted;
every expected figure in the tests is worked out from this table by hand:

====  ===========  =======  =====================  ========  ====  ==========================
name  received     channel  subcategory            priority  who   steps
====  ===========  =======  =====================  ========  ====  ==========================
A     02 01:00Z    web      bank_cards/funds_sec.  high      chen  contact 1, investigate 2,
                                                                   answer 26, accept 50,
                                                                   survey 5/solved 60, close 74
B     03 01:00Z    phone    bank_cards/fees        normal    wang  contact 4, investigate 5,
                                                                   answer 192, accept 216,
                                                                   survey 3/unsolved 220,
                                                                   close 240
C     04 01:00Z    web      bank_cards/fees        normal    wang  contact 30
D     05 01:00Z    wechat   deposits/service_att.  normal    zhao  withdrawn 10
E     06 01:00Z    web      bank_cards/fees        normal    zhao  contact 2, ask info 3,
                                                                   reply 27, answer 51,
                                                                   accept 75, survey 4/solved 80
F     07 01:00Z    phone    loans/process          high      chen  (nothing)
P1    Feb 02       web      bank_cards/fees        normal    wang  contact 1, answer Mar 31 01:00Z
P2    Feb 10       web      deposits/service_att.  normal    wang  (nothing)
P3    Feb 12       phone    deposits/service_att.  normal    wang  (nothing)
X     Apr 02       web      bank_cards/fees        normal    wang  (nothing)
====  ===========  =======  =====================  ========  ====  ==========================

Customers: A, C, F and X are C1; the others each their own.  Findings:
A first branch_network/not upheld at 30, revised to cards_ops/upheld at 40;
B cards_ops/not upheld; E branch_network/upheld.  Closing records: A
redress 5000.00, B 150.50 (A, a green-channel case, with a second approver).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import (
    Actor,
    Category,
    ChannelDraft,
    ClassificationVote,
    Complaint,
    CustomerIdentity,
    PrioritySignal,
)
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.reports import Period
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk

UTC = timezone.utc
MARCH = Period(datetime(2026, 2, 28, 16, tzinfo=UTC), datetime(2026, 3, 31, 16, tzinfo=UTC))
#: The moment the tests' reports speak for: the end of March in Shanghai.
AS_OF = MARCH.end
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")


class ScriptedTriage:
    """Category, subcategory and priority taken from the draft's metadata."""

    @hookimpl
    def greenchannel_classify(self, draft: ChannelDraft) -> ClassificationVote:
        return ClassificationVote(category=Category(draft.metadata["category"]), confidence=1.0,
                                  source="scripted", subcategory=draft.metadata["subcategory"])

    @hookimpl
    def greenchannel_priority_signals(self, draft: ChannelDraft,
                                      history: Sequence[Complaint]) -> list[PrioritySignal]:
        if draft.metadata["priority"] != "high":
            return []
        return [PrioritySignal("scripted", 10.0, "scripted high priority", "scripted")]


def scripted_sdk(tmp_path: Path, database_url: str, clock: FrozenClock) -> GreenChannel:
    sdk = make_sdk(tmp_path, clock=clock, database_url=database_url,
                   blocked_plugins=frozenset({"greenchannel.classifier",
                                              "greenchannel.priority"}))
    sdk.plugins.register(ScriptedTriage(), name="scripted-triage")
    sdk.plugins.check_pending()
    return sdk


class DataSet:
    """Drives the facade through the timeline above."""

    def __init__(self, sdk: GreenChannel, clock: FrozenClock) -> None:
        self.sdk, self.clock = sdk, clock
        self.numbers: dict[str, str] = {}

    def complaint(self, name: str, received: datetime, channel: str, category: str,
                  subcategory: str, priority: str, handler: str, customer: str,
                  steps: Sequence[tuple[float, Callable[[str, Actor], Any]]] = ()) -> None:
        self.clock.set(received)
        draft = make_draft(f"complaint {name}", channel=channel, received_at=received,
                           language="en", customer=CustomerIdentity(customer_ref=customer),
                           metadata={"category": category, "subcategory": subcategory,
                                     "priority": priority})
        result = self.sdk.intake(draft)
        assert result.complaint is not None
        number = self.numbers[name] = result.complaint.number
        self.sdk.assign(number, LEAD, assignee=handler, reason="test data set")
        team = self.sdk.directory.staff[handler].team
        actor = Actor(handler, roles={"handler"}, team=team)
        for hours, step in steps:
            self.clock.set(received + timedelta(hours=hours))
            step(number, actor)



def build(sdk: GreenChannel, clock: FrozenClock) -> DataSet:
    s, d = sdk, DataSet(sdk, clock)

    def contact(n: str, a: Actor) -> Any:
        return s.record_contact(n, a, method="phone", outcome="confirmed")

    def investigate(n: str, a: Actor) -> Any:
        return s.start_investigation(n, a, note="records checked")

    def answer(redress: str) -> Callable[[str, Actor], Any]:
        return lambda n, a: s.propose_resolution(n, a, remedy="refund",
                                                 redress=Decimal(redress))

    def accept(n: str, a: Actor) -> Any:
        return s.accept_resolution(n, a)

    def survey(score: int, solved: bool) -> Callable[[str, Actor], Any]:
        return lambda n, _a: s.record_survey(n, LEAD, score=score, solved=solved)

    def finding(department: str, upheld: bool) -> Callable[[str, Actor], Any]:
        return lambda n, a: s.record_accountability(n, a, department=department,
                                                    upheld=upheld)

    def close(redress: str) -> Callable[[str, Actor], Any]:
        return lambda n, a: s.close_complaint(n, a, root_cause="process gap",
                                              redress=Decimal(redress), approver=LEAD)

    march = datetime(2026, 3, 2, 1, tzinfo=UTC)
    d.complaint("A", march, "web", "transaction_dispute", "bank_cards/funds_security", "high",
                "chen", "C1", [(1, contact), (2, investigate), (26, answer("5000")),
                               (30, finding("branch_network", False)),
                               (40, finding("cards_ops", True)), (50, accept),
                               (60, survey(5, True)), (74, close("5000.00"))])
    d.complaint("B", march + timedelta(days=1), "phone", "product_service", "bank_cards/fees",
                "normal", "wang", "C2",
                [(4, contact), (5, investigate), (100, finding("cards_ops", False)),
                 (192, answer("150.50")), (216, accept), (220, survey(3, False)),
                 (240, close("150.50"))])
    d.complaint("C", march + timedelta(days=2), "web", "product_service", "bank_cards/fees",
                "normal", "wang", "C1", [(30, contact)])
    d.complaint("D", march + timedelta(days=3), "wechat", "staff_service",
                "deposits/service_attitude", "normal", "zhao", "C3",
                [(10, lambda n, a: s.withdraw(n, a, reason="customer withdrew"))])
    d.complaint("E", march + timedelta(days=4), "web", "product_service", "bank_cards/fees",
                "normal", "zhao", "C4",
                [(2, contact), (3, lambda n, a: s.request_customer_info(n, a, what="statement")),
                 (27, s.customer_replied), (51, answer("0")),
                 (60, finding("branch_network", True)), (75, accept),
                 (80, survey(4, True))])
    d.complaint("F", march + timedelta(days=5), "phone", "business_operation", "loans/process",
                "high", "chen", "C1")
    february = datetime(2026, 2, 2, 1, tzinfo=UTC)
    d.complaint("P1", february, "web", "product_service", "bank_cards/fees", "normal", "wang",
                "C5", [(1, contact), ((datetime(2026, 3, 31, 1, tzinfo=UTC) - february)
                                      / timedelta(hours=1), answer("0"))])
    d.complaint("P2", february + timedelta(days=8), "web", "staff_service",
                "deposits/service_attitude", "normal", "wang", "C6")
    d.complaint("P3", february + timedelta(days=10), "phone", "staff_service",
                "deposits/service_attitude", "normal", "wang", "C7")
    d.complaint("X", datetime(2026, 4, 2, 1, tzinfo=UTC), "web", "product_service",
                "bank_cards/fees", "normal", "wang", "C1")
    return d
