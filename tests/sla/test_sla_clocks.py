"""SLA clock arithmetic (S9, S22): warnings, breach and escalation fire once each,
pauses move deadlines by business time, statutory clocks only move by the
rule's exclusions and extensions, reopened complaints start a new cycle."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_sdk.domain import ClockGoal, ClockState, ClockStatus, Complaint
from greenchannel_sdk.errors import ConfigurationError, ValidationError
from greenchannel_sdk.interfaces import BusinessCalendar
from greenchannel_sdk.sla import (
    AdjustmentKind,
    ClockEvent,
    CnNfra2020Policy,
    UsRegEPolicy,
    check,
    exclude,
    extend,
    latest_due,
    pause,
    restart,
    resume,
    start,
    stop,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
Calendars = Mapping[str, BusinessCalendar]
MakeComplaint = Callable[..., Complaint]
T0 = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def ten_hour_clock(calendars: Calendars) -> ClockState:
    """Elapsed 10 h goal; warnings at 50 % and 80 %; escalations 0 h, 24 h, 72 h after breach."""
    goal = ClockGoal("first_contact", 10 * HOUR)
    return start(goal, complaint_id="c-1", policy="test", at=T0, calendars=calendars)


def kinds(events: list[ClockEvent]) -> list[tuple[str, int | None]]:
    return [(e.kind.value, e.percent or e.level) for e in events]


def nfra_resolution(calendars: Calendars, complaint: Complaint) -> ClockState:
    """Received Mon 2 Mar 2026 10:00; 15 calendar days end at midnight ending 17 Mar."""
    goal = next(g for g in CnNfra2020Policy().goals(complaint) if g.name == "resolution")
    return start(goal, complaint_id="c-1", policy="cn-nfra-2020", at=T0, calendars=calendars)


def test_start_schedules_the_first_warning(calendars: Calendars) -> None:
    clock = ten_hour_clock(calendars)
    assert clock.due_at == T0 + 10 * HOUR
    assert clock.next_check_at == T0 + 5 * HOUR
    assert clock.status is ClockStatus.RUNNING


def test_warnings_breach_and_escalations_fire_once_each(calendars: Calendars) -> None:
    clock = ten_hour_clock(calendars)
    timeline = [
        (4 * HOUR, [], T0 + 5 * HOUR),
        (5 * HOUR, [("sla.warning", 50)], T0 + 8 * HOUR),
        (5 * HOUR, [], T0 + 8 * HOUR),                       # repeated check: nothing new
        (8 * HOUR, [("sla.warning", 80)], T0 + 10 * HOUR),
        (10 * HOUR, [("sla.breach", None), ("sla.escalation", 1)], T0 + 34 * HOUR),
        (34 * HOUR, [("sla.escalation", 2)], T0 + 82 * HOUR),
        (82 * HOUR, [("sla.escalation", 3)], None),
        (200 * HOUR, [], None),
    ]
    for offset, expected, next_check in timeline:
        clock, events = check(clock, T0 + offset, calendars)
        assert kinds(events) == expected, offset
        assert clock.next_check_at == next_check, offset
    assert clock.breached_at == T0 + 10 * HOUR
    assert clock.escalation_level == 3
    assert clock.warnings_fired == (50, 80)


def test_a_late_check_fires_everything_due_once_with_true_times(calendars: Calendars) -> None:
    clock, events = check(ten_hour_clock(calendars), T0 + 100 * HOUR, calendars)
    assert kinds(events) == [("sla.warning", 50), ("sla.warning", 80), ("sla.breach", None),
                             ("sla.escalation", 1), ("sla.escalation", 2),
                             ("sla.escalation", 3)]
    assert [e.at - T0 for e in events] == [5 * HOUR, 8 * HOUR, 10 * HOUR, 10 * HOUR,
                                          34 * HOUR, 82 * HOUR]
    assert check(clock, T0 + 101 * HOUR, calendars)[1] == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100 * 60), max_size=12))
def test_any_sequence_of_checks_fires_what_one_late_check_fires(
        calendars: Calendars, minutes: list[int]) -> None:
    clock = ten_hour_clock(calendars)
    fired = []
    for offset in [*sorted(minutes), 100 * 60]:
        clock, events = check(clock, T0 + timedelta(minutes=offset), calendars)
        fired.extend(events)
    _, at_once = check(ten_hour_clock(calendars), T0 + 100 * HOUR, calendars)
    assert fired == at_once


def test_pause_over_a_weekend_moves_the_deadline_by_working_time(
        calendars: Calendars) -> None:
    """14 working hours from Fri 6 Mar 2026 10:00 end Tue 10 Mar 10:00.

    Paused Fri 16:00 to Mon 10:00: one working hour on Friday, one on Monday,
    so the deadline moves two working hours to Tue 12:00, not 66 hours.
    """
    friday = datetime(2026, 3, 6, 10, tzinfo=SHANGHAI)
    goal = ClockGoal("resolution", 14 * HOUR, business_time=True, calendar="cn-mainland")
    clock = start(goal, complaint_id="c-1", policy="test", at=friday, calendars=calendars)
    assert clock.due_at == datetime(2026, 3, 10, 10, tzinfo=SHANGHAI)

    paused = pause(clock, datetime(2026, 3, 6, 16, tzinfo=SHANGHAI), calendars).clock
    assert paused.status is ClockStatus.PAUSED
    assert paused.next_check_at is None
    # The 50 % warning (Mon 10:00 unpaused) does not fire while paused.
    assert check(paused, datetime(2026, 3, 9, 11, tzinfo=SHANGHAI), calendars)[1] == []

    update = resume(paused, datetime(2026, 3, 9, 10, tzinfo=SHANGHAI), calendars,
                    reason="customer sent the statement")
    assert update.clock.due_at == datetime(2026, 3, 10, 12, tzinfo=SHANGHAI)
    assert update.clock.paused_seconds == 2 * 3600
    # 50 % = 7 h + 2 h paused from Friday 10:00: Fri 6 h, Mon 9-12 3 h.
    assert update.clock.next_check_at == datetime(2026, 3, 9, 12, tzinfo=SHANGHAI)
    assert update.adjustment is not None
    assert update.adjustment.kind is AdjustmentKind.PAUSE
    assert update.adjustment.amount == 2 * HOUR


def test_resume_before_the_pause_is_refused(calendars: Calendars) -> None:
    paused = pause(ten_hour_clock(calendars), T0 + HOUR, calendars).clock
    with pytest.raises(ValidationError, match="before it was paused"):
        resume(paused, T0, calendars)


def test_statutory_clocks_ignore_internal_pauses(calendars: Calendars,
        make_complaint: MakeComplaint) -> None:
    clock = nfra_resolution(calendars, make_complaint())
    update = pause(clock, T0 + DAY, calendars)
    assert update.clock == clock
    assert update.adjustment is None


def test_rule_exclusions_move_a_statutory_deadline(calendars: Calendars,
        make_complaint: MakeComplaint) -> None:
    """External appraisal 5-10 Mar (five days) moves 18 Mar 00:00 to 23 Mar 00:00."""
    clock = nfra_resolution(calendars, make_complaint())
    assert clock.due_at == datetime(2026, 3, 18, tzinfo=SHANGHAI)
    update = exclude(clock, datetime(2026, 3, 5, tzinfo=SHANGHAI),
                     datetime(2026, 3, 10, tzinfo=SHANGHAI), calendars,
                     reason="external appraisal")
    assert update.clock.due_at == datetime(2026, 3, 23, tzinfo=SHANGHAI)
    assert update.clock.paused_seconds == 5 * 86400
    with pytest.raises(ValidationError, match="reason"):
        exclude(clock, T0, T0 + DAY, calendars, reason=" ")


def test_nfra_extensions_stop_at_sixty_days_and_need_approval_past_thirty(
        calendars: Calendars, make_complaint: MakeComplaint) -> None:
    rule = CnNfra2020Policy().extension_rule("resolution")
    clock = nfra_resolution(calendars, make_complaint())
    first = extend(clock, 15 * DAY, at=T0 + 5 * DAY, calendars=calendars, rule=rule,
                   reason="complex case").clock
    assert first.due_at == datetime(2026, 4, 2, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError, match="approver"):
        extend(first, 30 * DAY, at=T0 + 20 * DAY, calendars=calendars, rule=rule,
               reason="particularly complex")
    second = extend(first, 30 * DAY, at=T0 + 20 * DAY, calendars=calendars, rule=rule,
                    reason="particularly complex", approved_by="head-office-svp")
    assert second.clock.due_at == datetime(2026, 5, 2, tzinfo=SHANGHAI)
    assert second.adjustment is not None
    assert second.adjustment.approved_by == "head-office-svp"
    with pytest.raises(ValidationError, match="at the latest"):
        extend(second.clock, DAY, at=T0 + 40 * DAY, calendars=calendars, rule=rule,
               reason="more", approved_by="head-office-svp")


def test_a_goal_without_an_extension_rule_cannot_be_extended(calendars: Calendars) -> None:
    with pytest.raises(ValidationError, match="allows no extension"):
        extend(ten_hour_clock(calendars), HOUR, at=T0, calendars=calendars, rule=None,
               reason="busy")


def test_reg_e_extends_ten_business_days_to_forty_five_calendar_days(
        calendars: Calendars, make_complaint: MakeComplaint) -> None:
    """Notice Mon 1 Jun 2026: 10 business days end midnight ending Mon 15 Jun;
    with provisional credit the limit is 45 days, midnight ending Thu 16 Jul."""
    received = datetime(2026, 6, 1, 10, tzinfo=NEW_YORK)
    policy = UsRegEPolicy()
    goal = next(g for g in policy.goals(make_complaint()) if g.name == "resolution")
    clock = start(goal, complaint_id="c-1", policy=policy.name, at=received,
                  calendars=calendars)
    assert clock.due_at == datetime(2026, 6, 16, tzinfo=NEW_YORK)
    rule = policy.extension_rule("resolution")
    assert rule is not None
    limit = latest_due(clock, rule, calendars)
    assert limit == datetime(2026, 7, 17, tzinfo=NEW_YORK)
    extended = extend(clock, until=limit, at=received + 2 * DAY, calendars=calendars,
                      rule=rule, reason="provisional credit given 3 Jun").clock
    assert extended.due_at == limit
    with pytest.raises(ValidationError, match="at the latest"):
        extend(clock, 30 * DAY, at=received, calendars=calendars, rule=rule, reason="x")


def test_stop_records_whether_the_goal_was_met(calendars: Calendars) -> None:
    on_time = stop(ten_hour_clock(calendars), T0 + 3 * HOUR)
    assert on_time.met is True
    assert on_time.next_check_at is None
    assert check(on_time, T0 + 50 * HOUR, calendars)[1] == []
    late, _ = check(ten_hour_clock(calendars), T0 + 11 * HOUR, calendars)
    assert stop(late, T0 + 12 * HOUR).met is False


def test_reopening_starts_a_new_cycle_and_keeps_the_old_clock(calendars: Calendars) -> None:
    resolved = stop(ten_hour_clock(calendars), T0 + 3 * HOUR)
    reopened_at = T0 + 10 * DAY
    old, new = restart(resolved, reopened_at, calendars)
    assert old == resolved
    assert (new.cycle, new.started_at, new.due_at) == (2, reopened_at,
                                                       reopened_at + 10 * HOUR)
    assert new.goal == resolved.goal
    assert (new.warnings_fired, new.breached_at, new.paused_seconds) == ((), None, 0.0)

    running_old, _ = restart(ten_hour_clock(calendars), T0 + HOUR, calendars)
    assert running_old.stopped_at == T0 + HOUR


def test_an_unregistered_calendar_is_named(calendars: Calendars) -> None:
    goal = ClockGoal("resolution", DAY, business_time=True, calendar="atlantis")
    with pytest.raises(ConfigurationError, match=r"'atlantis'.*registered: 24x7"):
        start(goal, complaint_id="c-1", policy="x", at=T0, calendars=calendars)


def test_clock_times_are_stored_in_utc(calendars: Calendars) -> None:
    clock = ten_hour_clock(calendars)
    assert clock.started_at.tzinfo is timezone.utc
    assert attrs.evolve(clock).due_at.utcoffset() == timedelta(0)
