"""Deadline explanations for supervisors and auditors (S22): the arithmetic in words and data."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from greenchannel_sdk.domain import ClockGoal, Complaint
from greenchannel_sdk.interfaces import BusinessCalendar
from greenchannel_sdk.sla import CnNfra2020Policy, explain, extend, pause, resume, start

SHANGHAI = ZoneInfo("Asia/Shanghai")
Calendars = Mapping[str, BusinessCalendar]
HOUR = timedelta(hours=1)


def test_explains_holidays_skipped_and_make_up_days_counted(calendars: Calendars) -> None:
    """Five business days from Thu 12 Feb 2026 end 26 Feb 24:00 (see the calendar tests)."""
    goal = ClockGoal("resolution", timedelta(days=5), business_time=True,
                     calendar="cn-mainland-days", source="bank target")
    clock = start(goal, complaint_id="c-1", policy="scheme-default",
                  at=datetime(2026, 2, 12, 15, tzinfo=SHANGHAI), calendars=calendars)
    explanation = explain(clock, calendars)

    assert explanation.due_at == datetime(2026, 2, 27, tzinfo=SHANGHAI)
    assert explanation.timezone == "Asia/Shanghai"
    assert [note.day for note in explanation.days_off] == [
        date(2026, 2, 15) + timedelta(days=n) for n in range(9)]
    assert [note.day for note in explanation.days_worked] == [date(2026, 2, 14)]
    assert "start day is not counted" in explanation.text
    assert "2026-02-14 (make-up working day" in explanation.text
    assert explanation.text.splitlines()[-1].endswith("= 2026-02-27T00:00:00+08:00.")

    data = json.loads(json.dumps(explanation.as_data()))
    assert data["due_at"] == clock.due_at.astimezone(SHANGHAI).isoformat()
    assert data["days_worked"] == [{"date": "2026-02-14",
                                    "reason": explanation.days_worked[0].reason}]


def test_explains_pauses_and_extensions(calendars: Calendars,
                                        make_complaint: Callable[..., Complaint]) -> None:
    friday = datetime(2026, 3, 6, 10, tzinfo=SHANGHAI)
    goal = ClockGoal("resolution", 14 * HOUR, business_time=True, calendar="cn-mainland")
    clock = start(goal, complaint_id="c-1", policy="test", at=friday, calendars=calendars)
    clock = pause(clock, friday + 6 * HOUR, calendars).clock
    resumed = resume(clock, datetime(2026, 3, 9, 10, tzinfo=SHANGHAI), calendars,
                     reason="waiting for the customer's statement")
    explanation = explain(resumed.clock, calendars, [resumed.adjustment] if
                          resumed.adjustment else [])
    assert explanation.paused == 2 * HOUR
    assert explanation.extended == timedelta(0)
    assert "waiting for the customer's statement" in explanation.text

    nfra = CnNfra2020Policy()
    statutory = start(next(g for g in nfra.goals(make_complaint()) if g.name == "resolution"),
                      complaint_id="c-1", policy=nfra.name, at=friday, calendars=calendars)
    extended = extend(statutory, timedelta(days=15), at=friday, calendars=calendars,
                      rule=nfra.extension_rule("resolution"), reason="complex case")
    # The extension is derived from the clock even without the adjustment records.
    assert explain(extended.clock, calendars).extended == timedelta(days=15)
    assert extended.adjustment is not None
    elsewhere = attrs.evolve(extended.adjustment, clock="first_contact", reason="elsewhere")
    explanation = explain(extended.clock, calendars, [extended.adjustment, elsewhere])
    assert explanation.adjustments == (extended.adjustment,)
    assert "complex case" in explanation.text


def test_elapsed_time_goals_are_shown_in_the_requested_zone(calendars: Calendars) -> None:
    clock = start(ClockGoal("first_contact", timedelta(hours=24)), complaint_id="c-1",
                  policy="scheme-default", at=datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
                  calendars=calendars)
    explanation = explain(clock, calendars, timezone="Asia/Shanghai")
    assert explanation.measure == "elapsed time"
    assert explanation.due_at.isoformat() == "2026-03-03T10:00:00+08:00"
