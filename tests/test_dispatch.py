"""Dispatch (S6, S7, S8, S21): routing, strategies, availability, conflicts, repeat contacts."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timezone
from pathlib import Path

from greenchannel_sdk import (
    Actor,
    Complaint,
    CustomerIdentity,
    Directory,
    GreenChannel,
    RoutingRule,
    RoutingTable,
    Settings,
    StaffMember,
    Status,
    Team,
    hookimpl,
)
from greenchannel_sdk.dispatch import LeastLoaded, RoundRobin
from greenchannel_sdk.domain import Leave, Shift
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk

MONDAY_10_SHANGHAI = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
LOW = "the branch queue number machine was broken this morning"


def _one_team(*staff: StaffMember, lead: str | None = None) -> Directory:
    return Directory([Team(id="t", department="customer_relationship", lead=lead)], staff)


def _routing(strategy: str = "round_robin") -> RoutingTable:
    return RoutingTable(fallback=RoutingRule(team="t", strategy=strategy))


_customers = iter(range(10**6))


def _assignee(sdk: GreenChannel, text: str = LOW, **kw: object) -> str | None:
    """Register a complaint from a new customer each time and return its assignee."""
    kw.setdefault("customer", CustomerIdentity(customer_ref=f"C-{next(_customers)}"))
    complaint = sdk.intake(make_draft(text, language="en", **kw)).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    return complaint.assignment.assignee


def test_round_robin_is_fair_over_10000_assignments() -> None:
    """S7: counts per person within 1% of each other."""
    staff = [StaffMember(id=f"h{i}", team="t") for i in range(7)]
    strategy = RoundRobin()
    complaint = object.__new__(Complaint)  # the strategy does not look at the complaint
    counts = Counter(strategy.choose(complaint, staff, {}).assignee  # type: ignore[union-attr]
                     for _ in range(10_000))
    assert set(counts) == {m.id for m in staff}
    assert max(counts.values()) - min(counts.values()) <= 0.01 * 10_000 / len(staff)


def test_least_loaded_picks_the_emptiest_desk() -> None:
    staff = [StaffMember(id="a", team="t"), StaffMember(id="b", team="t")]
    decision = LeastLoaded().choose(object.__new__(Complaint), staff, {"a": 5, "b": 2})
    assert decision is not None
    assert decision.assignee == "b"
    assert "2 open" in decision.reason


def test_nobody_on_shift_goes_to_people_on_duty_only(tmp_path: Path) -> None:
    """Availability-aware: never to someone off shift or on leave."""
    morning = tuple(Shift(weekday=d, start=time(9), end=time(13)) for d in range(5))
    evening = tuple(Shift(weekday=d, start=time(13), end=time(21)) for d in range(5))
    team = _one_team(
        StaffMember(id="early", team="t", shifts=morning),
        StaffMember(id="late", team="t", shifts=evening),
        StaffMember(id="away", team="t", leave=(Leave(date(2026, 3, 1), date(2026, 3, 6)),)),
    )
    clock = FrozenClock(MONDAY_10_SHANGHAI)
    with make_sdk(tmp_path, clock=clock, team=team, routing=_routing()) as sdk:
        assert {_assignee(sdk) for _ in range(3)} == {"early"}
        clock.advance(hours=5)  # 15:00 in Shanghai
        assert _assignee(sdk) == "late"


def test_at_capacity_and_nobody_left_falls_back_to_the_lead(tmp_path: Path) -> None:
    """S8: the green-channel lead takes what nobody else can."""
    team = _one_team(StaffMember(id="solo", team="t", capacity=1),
                     StaffMember(id="lead", team="t", roles={"green_channel_lead"}), lead="lead")
    with make_sdk(tmp_path, team=team, routing=_routing()) as sdk:
        assert _assignee(sdk) == "solo"
        complaint = sdk.intake(make_draft(LOW + " again", language="en",
                                          customer=CustomerIdentity(customer_ref="X"))).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "lead"
    assert "fell back to the green-channel lead" in complaint.assignment.reason


def test_conflict_of_interest_can_exclude_the_whole_team(tmp_path: Path) -> None:
    """The Chinese rule: handlers with no direct interest in the case."""
    team = Directory(
        [Team(id="branch", department="retail"), Team(id="gc", department="customer_relationship")],
        [StaffMember(id="teller", team="branch"), StaffMember(id="colleague", team="branch"),
         StaffMember(id="outsider", team="gc")])
    routing = RoutingTable(fallback=RoutingRule(team="branch", strategy="least_loaded"))
    with make_sdk(tmp_path / "a", team=team, routing=routing) as sdk:
        assert _assignee(sdk, "the teller was rude to me", about_staff="teller") == "colleague"
    with make_sdk(tmp_path / "b", team=team, routing=routing, exclude_subject_team=True) as sdk:
        complaint = sdk.intake(make_draft("the teller was rude to me", about_staff="teller",
                                          language="en")).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "outsider"
    assert "team of the member of staff" in complaint.assignment.reason


def test_manual_reassignment_records_the_reason(sdk: GreenChannel) -> None:
    number = sdk.intake(make_draft(LOW, language="en")).complaint.number  # type: ignore[union-attr]
    lead = Actor("lead-li", roles={"green_channel_lead"})
    sdk.assign(number, lead, assignee="zhao", reason="speaks English with the customer")
    event = sdk.history(number)[-1]
    assert (event.action, event.reason, event.data["assignee"]) == (
        "reassign", "speaks English with the customer", "zhao")  # it was auto-assigned first
    assert sdk.get(number).status is Status.ASSIGNED


def test_a_bank_supplies_its_directory_through_the_hook(tmp_path: Path) -> None:
    class HrSystem:
        @hookimpl
        def greenchannel_directory(self, settings: Settings) -> Directory:
            return _one_team(StaffMember(id="from-hr", team="t"))

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", load_entry_points=False,
                        plugins=(HrSystem(),))
    with GreenChannel(settings, clock=FrozenClock(), routing=_routing()) as sdk:
        assert _assignee(sdk) == "from-hr"


def test_repeat_contact_on_another_channel_joins_the_open_case(sdk: GreenChannel) -> None:
    customer = CustomerIdentity(customer_ref="C-42")
    first = sdk.intake(make_draft("ATM吞了我的銀行卡,到現在還沒有退還給我", customer=customer))
    again = sdk.intake(make_draft("ATM吞了我的银行卡,到现在还没有退还", customer=customer,
                                  channel="wechat"))
    other = sdk.intake(make_draft("理財經理誤導我買了高風險產品", customer=customer))
    assert first.complaint is not None
    assert again.outcome == "linked"
    assert again.complaint is not None
    assert again.complaint.number == first.complaint.number
    assert other.outcome == "registered"
    assert [c.channel for c in sdk.communications(first.complaint.number)] == ["wechat"]


class _Rogue:
    """A buggy vendor strategy: names someone outside the candidates, or raises."""

    def __init__(self, answer: str | None, fail: bool = False) -> None:
        self.name = "rogue"
        self.answer = answer
        self.fail = fail

    def choose(self, complaint: object, candidates: object, load: object) -> object:
        from greenchannel_sdk import AssignmentDecision

        if self.fail:
            raise RuntimeError("vendor bug")
        return AssignmentDecision(team="t", assignee=self.answer, reason="rogue")


def _with_strategy(tmp_path: Path, strategy: _Rogue) -> str:
    class Plugin:
        @hookimpl
        def greenchannel_register_assignment_strategies(self, register: object) -> None:
            register(strategy)  # type: ignore[operator]

    team = _one_team(StaffMember(id="on-leave", team="t", available=False),
                     StaffMember(id="ok", team="t"),
                     StaffMember(id="lead", team="t", roles={"green_channel_lead"}), lead="lead")
    with make_sdk(tmp_path, team=team, routing=_routing("rogue"), plugins=(Plugin(),)) as sdk:
        complaint = sdk.intake(make_draft(LOW, language="en")).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "lead"
    return complaint.assignment.reason


def test_a_strategy_cannot_bypass_availability(tmp_path: Path) -> None:
    assert "not an eligible candidate" in _with_strategy(tmp_path, _Rogue("on-leave"))


def test_a_failing_strategy_never_blocks_registration(tmp_path: Path) -> None:
    assert "failed" in _with_strategy(tmp_path, _Rogue(None, fail=True))


def test_simultaneous_registrations_never_overbook_the_last_slot(
        database_url: str, tmp_path: Path) -> None:
    """Two registrations at the same moment on two connections: one gets the last slot.

    Guarded twice on PostgreSQL: the team's assignment lock, and today also
    the day's number counter row, which both registrations update.  The
    test holds the behaviour whichever of the two a future change removes.
    """
    import threading

    team = _one_team(StaffMember(id="last-slot", team="t", capacity=1),
                     StaffMember(id="lead", team="t", roles={"green_channel_lead"}), lead="lead")
    sdks = [make_sdk(tmp_path / f"s{i}", team=team, routing=_routing(),
                     database_url=database_url, keys={"k": "A" * 43 + "="}) for i in range(2)]
    barrier = threading.Barrier(2)
    assignees: list[str | None] = []

    def register(sdk: GreenChannel, i: int) -> None:
        barrier.wait()
        assignees.append(_assignee(sdk, f"{LOW} #{i}"))

    threads = [threading.Thread(target=register, args=(sdk, i)) for i, sdk in enumerate(sdks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sdk in sdks:
        sdk.close()
    assert sorted(map(str, assignees)) == ["last-slot", "lead"]


def test_repeat_detection_by_blind_index_across_formats(sdk: GreenChannel) -> None:
    """S4 + S20: the same phone written two ways is the same customer; nothing in clear."""
    first = sdk.intake(make_draft("信用卡年費多扣了", customer=CustomerIdentity(
        phone="+86 138-0013-8000"))).complaint
    second = sdk.intake(make_draft("另外網銀轉賬手續費也收錯了", customer=CustomerIdentity(
        phone="13800138000"))).complaint
    assert first is not None
    assert second is not None
    assert second.number != first.number
    repeat = [s for s in second.priority.signals if "repeat" in s.name]
    assert repeat, "the second complaint should carry the repeat-complaint signal"
