"""Policy packs (S5, S9, S11, S15, S22): which clocks a complaint gets, under which rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from greenchannel_sdk.domain import ClockGoal, Complaint, Priority
from greenchannel_sdk.interfaces import BusinessCalendar, SlaPolicy
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.sla import (
    ClockTrigger,
    CnNfra2020Policy,
    DefaultSlaPlugin,
    SchemeDefaultPolicy,
    UkFcaDispPolicy,
    extension_rule,
    goals_starting,
    start,
)

MakeComplaint = Callable[..., Complaint]
Calendars = Mapping[str, BusinessCalendar]
DAY = timedelta(days=1)
SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")


def by_name(policy: SlaPolicy, complaint: Complaint) -> dict[str, ClockGoal]:
    return {goal.name: goal for goal in policy.goals(complaint)}


def test_every_default_pack_is_an_sla_policy_with_sourced_goals(
        make_complaint: MakeComplaint) -> None:
    for policy in DefaultSlaPlugin(Settings(load_entry_points=False)).policies():
        assert isinstance(policy, SlaPolicy)
        goals = policy.goals(make_complaint())
        assert "first_contact" in {goal.name for goal in goals}
        assert "resolution" in {goal.name for goal in goals}
        assert all(goal.source for goal in goals), policy.name


def test_first_contact_within_24_hours_for_every_complaint(
        make_complaint: MakeComplaint) -> None:
    """S9: the handler contacts the customer within 24 hours of receipt."""
    goal = by_name(SchemeDefaultPolicy(), make_complaint())["first_contact"]
    assert (goal.duration, goal.business_time) == (timedelta(hours=24), False)


def test_green_channel_gets_tighter_configurable_targets(make_complaint: MakeComplaint) -> None:
    """S5: high-priority complaints take the green channel, with tighter targets."""
    policy = SchemeDefaultPolicy()
    normal = by_name(policy, make_complaint())
    green = by_name(policy, make_complaint(priority=Priority.HIGH))
    assert green["first_contact"].duration == timedelta(hours=2)
    assert (green["resolution"].duration, normal["resolution"].duration) == (5 * DAY, 15 * DAY)
    custom = SchemeDefaultPolicy(green_first_contact=timedelta(hours=1))
    assert by_name(custom, make_complaint(priority=Priority.HIGH))["first_contact"].duration \
        == timedelta(hours=1)


def test_goals_start_at_their_own_moment(make_complaint: MakeComplaint) -> None:
    policy, complaint = SchemeDefaultPolicy(), make_complaint()
    names = {trigger: [goal.name for goal in goals_starting(policy, complaint, trigger)]
             for trigger in ClockTrigger}
    assert names == {ClockTrigger.RECEIVED: ["first_contact", "resolution"],
                     ClockTrigger.OUTCOME_ACCEPTED: ["follow_up"],
                     ClockTrigger.REVIEW_REQUESTED: ["review"]}


def test_nfra_deadline_counts_calendar_days_through_spring_festival(
        calendars: Calendars, make_complaint: MakeComplaint) -> None:
    """Received Thu 12 Feb 2026: 15 calendar days, holidays included, end 27 Feb 24:00."""
    received = datetime(2026, 2, 12, 15, tzinfo=SHANGHAI)
    goals = by_name(CnNfra2020Policy(), make_complaint(received_at=received))
    assert goals["resolution"].statutory
    assert goals["review"].statutory
    assert goals["review"].duration == 30 * DAY
    assert not goals["first_contact"].statutory
    clock = start(goals["resolution"], complaint_id="c-1", policy="cn-nfra-2020",
                  at=received, calendars=calendars)
    assert clock.due_at == datetime(2026, 2, 28, tzinfo=SHANGHAI)


def test_scheme_follow_up_skips_the_national_day_holiday(
        calendars: Calendars, make_complaint: MakeComplaint) -> None:
    """Outcome accepted Wed 30 Sep 2026: three working days are Thu 8, Fri 9, Sat 10 Oct."""
    goal = by_name(SchemeDefaultPolicy(), make_complaint())["follow_up"]
    clock = start(goal, complaint_id="c-1", policy="scheme-default",
                  at=datetime(2026, 9, 30, 11, tzinfo=SHANGHAI), calendars=calendars)
    assert clock.due_at == datetime(2026, 10, 11, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("scope", "duration", "calendar"), [
    (None, 56 * DAY, "uk-calendar-days"),        # eight weeks (DISP 1.6.2R)
    ("psd", 15 * DAY, "uk-england-days"),        # payment services (DISP 1.6.2AR)
    ("EMD", 15 * DAY, "uk-england-days"),
])
def test_uk_final_response_depends_on_the_service(
        make_complaint: MakeComplaint, scope: str | None, duration: timedelta,
        calendar: str) -> None:
    metadata = {"regulatory_scope": scope} if scope else {}
    goal = by_name(UkFcaDispPolicy(), make_complaint(metadata=metadata))["resolution"]
    assert (goal.duration, goal.calendar, goal.statutory) == (duration, calendar, True)


def test_uk_summary_resolution_follows_the_nations_bank_holidays(
        calendars: Calendars, make_complaint: MakeComplaint) -> None:
    received = datetime(2025, 12, 31, 11, tzinfo=LONDON)
    due = {}
    for nation in ("england", "scotland"):
        goal = by_name(UkFcaDispPolicy(nation=nation), make_complaint())["summary_resolution"]
        due[nation] = start(goal, complaint_id="c-1", policy="uk", at=received,
                            calendars=calendars).due_at
    assert due == {"england": datetime(2026, 1, 7, tzinfo=LONDON),
                   "scotland": datetime(2026, 1, 8, tzinfo=LONDON)}


def test_extension_rules_come_from_the_pack() -> None:
    nfra = extension_rule(CnNfra2020Policy(), "resolution")
    assert nfra is not None
    assert (nfra.max_total, nfra.approval_beyond) == (60 * DAY, 30 * DAY)
    assert extension_rule(CnNfra2020Policy(), "review") is None
    assert extension_rule(SchemeDefaultPolicy(), "resolution") is None

    class PlainPolicy:
        name = "plain"

        def goals(self, complaint: Complaint) -> list[ClockGoal]:
            return []

    assert extension_rule(PlainPolicy(), "resolution") is None
