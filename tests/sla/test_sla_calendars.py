"""Business-time arithmetic on real calendars, with dates worked out by hand (S9, S22).

Working hours are the defaults: 09:00-12:00 and 13:00-17:00 local time (seven
hours).  "-days" calendars count whole days after the day of receipt, each
ending at midnight.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_sdk.errors import ConfigurationError, ValidationError
from greenchannel_sdk.interfaces import BusinessCalendar
from greenchannel_sdk.sla import (
    DayCountCalendar,
    EveryDay,
    WorkingHours,
    WorkingHoursCalendar,
)

UTC = timezone.utc
SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
Calendars = Mapping[str, BusinessCalendar]


# --- mainland China ------------------------------------------------------------


def test_working_hours_run_into_the_make_up_saturday_before_spring_festival(
        calendars: Calendars) -> None:
    """Friday 13 Feb 2026 15:00 + 10 working hours.

    Friday 15-17 (2 h); Saturday 14 Feb is a make-up working day: 9-12, 13-17
    (7 h, 9 in all); 15-23 Feb are the holiday; Tuesday 24 Feb 9-10 (1 h).
    """
    cn = calendars["cn-mainland"]
    start = datetime(2026, 2, 13, 15, tzinfo=SHANGHAI)
    assert cn.add_business_time(start, timedelta(hours=9)) == datetime(
        2026, 2, 14, 17, tzinfo=SHANGHAI)
    assert cn.add_business_time(start, timedelta(hours=10)) == datetime(
        2026, 2, 24, 10, tzinfo=SHANGHAI)
    assert cn.business_time_between(start, datetime(2026, 2, 24, 10, tzinfo=SHANGHAI)) \
        == timedelta(hours=10)


def test_business_days_across_spring_festival(calendars: Calendars) -> None:
    """Received Thursday 12 Feb 2026; five business days.

    Fri 13 (1), Sat 14 make-up (2), 15-23 holiday, Tue 24 (3), Wed 25 (4),
    Thu 26 (5): due at midnight ending 26 Feb.
    """
    due = calendars["cn-mainland-days"].add_business_time(
        datetime(2026, 2, 12, 15, tzinfo=SHANGHAI), timedelta(days=5))
    assert due == datetime(2026, 2, 27, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("days", "due"), [
    (3, datetime(2026, 10, 10, 0, tzinfo=SHANGHAI)),   # Wed 30 Sep, Thu 8, Fri 9 Oct
    (4, datetime(2026, 10, 11, 0, tzinfo=SHANGHAI)),   # ... and the make-up Sat 10 Oct
])
def test_business_days_across_national_day(calendars: Calendars, days: int,
                                           due: datetime) -> None:
    """Received Tuesday 29 Sep 2026: 1-7 October are the holiday, 10 October is worked."""
    start = datetime(2026, 9, 29, 10, tzinfo=SHANGHAI)
    assert calendars["cn-mainland-days"].add_business_time(start, timedelta(days=days)) == due


def test_make_up_sunday_before_national_day_counts(calendars: Calendars) -> None:
    """Received Friday 18 Sep 2026: Sat 19 is off, Sun 20 is a make-up day (day 1)."""
    start = datetime(2026, 9, 18, 10, tzinfo=SHANGHAI)
    assert calendars["cn-mainland-days"].add_business_time(start, timedelta(days=1)) \
        == datetime(2026, 9, 21, 0, tzinfo=SHANGHAI)


def test_calendar_days_ignore_holidays_but_not_the_day_of_receipt(
        calendars: Calendars) -> None:
    """15 calendar days from 12 Feb 2026 end at midnight ending 27 Feb."""
    start = datetime(2026, 2, 12, 23, 59, tzinfo=SHANGHAI)
    assert calendars["calendar-days"].add_business_time(start, timedelta(days=15)) \
        == datetime(2026, 2, 28, 0, tzinfo=SHANGHAI)


# --- United Kingdom ------------------------------------------------------------


@pytest.mark.parametrize(("received", "england", "scotland"), [
    # Wed 31 Dec 2025. England: Fri 2, Mon 5, Tue 6 Jan. Scotland: 2 Jan is a
    # bank holiday, so Mon 5, Tue 6, Wed 7.
    (datetime(2025, 12, 31, 11, tzinfo=LONDON),
     datetime(2026, 1, 7, tzinfo=LONDON), datetime(2026, 1, 8, tzinfo=LONDON)),
    # Fri 27 Nov 2026. St Andrew's Day (Mon 30 Nov) is Scottish only.
    (datetime(2026, 11, 27, 11, tzinfo=LONDON),
     datetime(2026, 12, 3, tzinfo=LONDON), datetime(2026, 12, 4, tzinfo=LONDON)),
])
def test_third_business_day_differs_between_england_and_scotland(
        calendars: Calendars, received: datetime, england: datetime,
        scotland: datetime) -> None:
    three = timedelta(days=3)
    assert calendars["uk-england-days"].add_business_time(received, three) == england
    assert calendars["uk-scotland-days"].add_business_time(received, three) == scotland


def test_working_hours_across_the_spring_clock_change(calendars: Calendars) -> None:
    """Fri 27 Mar 2026 16:00 GMT + 4 working hours = Mon 30 Mar 12:00 BST (11:00 UTC).

    Friday 16-17 gives one hour, Monday 9-12 three.  UK clocks went forward
    on Sunday 29 March; elapsed-time arithmetic would say 12:00 UTC.
    """
    uk = calendars["uk-england"]
    start = datetime(2026, 3, 27, 16, tzinfo=UTC)
    due = uk.add_business_time(start, timedelta(hours=4))
    assert due == datetime(2026, 3, 30, 11, tzinfo=UTC)
    assert due.astimezone(LONDON).time() == time(12)
    assert uk.business_time_between(start, due) == timedelta(hours=4)


def test_working_hours_across_the_autumn_clock_change(calendars: Calendars) -> None:
    """Fri 23 Oct 2026 16:00 BST + 2 working hours = Mon 26 Oct 10:00 GMT."""
    due = calendars["uk-england"].add_business_time(
        datetime(2026, 10, 23, 16, tzinfo=LONDON), timedelta(hours=2))
    assert due == datetime(2026, 10, 26, 10, tzinfo=UTC)


def test_a_day_on_the_clock_change_is_a_local_day(calendars: Calendars) -> None:
    """One calendar day from Sat 28 Mar 2026 ends at local midnight: only 23 hours of Sunday."""
    due = calendars["uk-calendar-days"].add_business_time(
        datetime(2026, 3, 28, 10, tzinfo=LONDON), timedelta(days=1))
    assert due == datetime(2026, 3, 29, 23, tzinfo=UTC)


# --- the 24x7 calendar and configuration -------------------------------------


def test_elapsed_calendar_counts_every_hour(calendars: Calendars) -> None:
    start = datetime(2026, 2, 14, 22, tzinfo=SHANGHAI)
    assert calendars["24x7"].add_business_time(start, timedelta(hours=24)) \
        == start + timedelta(hours=24)


def test_naive_datetimes_and_negative_durations_are_refused(calendars: Calendars) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendars["cn-mainland"].add_business_time(datetime(2026, 3, 2, 10), timedelta(hours=1))
    with pytest.raises(ValidationError, match="negative"):
        calendars["cn-mainland-days"].add_business_time(
            datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), timedelta(hours=-1))


def test_overlapping_working_hours_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="non-overlapping"):
        WorkingHours(weekly={0: ((time(9), time(13)), (time(12), time(17)))})


def test_a_calendar_without_working_days_says_so() -> None:
    never = WorkingHoursCalendar("closed", EveryDay(), WorkingHours(weekly={}, makeup_day=()))
    with pytest.raises(ConfigurationError, match="no working hours"):
        never.add_business_time(datetime(2026, 3, 2, tzinfo=UTC), timedelta(hours=1))


@pytest.mark.parametrize(("name", "duration"), [
    ("cn-mainland", timedelta(days=260)),        # 6240 h at 7 h a day: about 890 days
    ("cn-mainland-days", timedelta(days=900)),
    ("uk-england", timedelta(days=260)),
])
def test_spans_of_several_years_are_measured(calendars: Calendars, name: str,
                                             duration: timedelta) -> None:
    """Well past chinesecalendar's data (2026) and any one-off search limit."""
    calendar = calendars[name]
    start = datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)
    due = calendar.add_business_time(start, duration)
    assert due.year == 2029
    assert calendar.business_time_between(start, due) == duration


def test_unknown_time_zone_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="Mars/Olympus"):
        DayCountCalendar("x", timezone="Mars/Olympus")


# --- properties ---------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 10, 31),
                        timezones=st.just(UTC))
durations = st.integers(min_value=0, max_value=60 * 24 * 40).map(
    lambda minutes: timedelta(minutes=minutes))


@settings(max_examples=150, deadline=None)
@given(start=instants, duration=durations,
       name=st.sampled_from(["cn-mainland", "cn-mainland-days", "uk-england",
                             "uk-scotland-days", "calendar-days", "24x7"]))
def test_adding_then_measuring_gives_the_duration_back(
        calendars: Calendars, start: datetime, duration: timedelta, name: str) -> None:
    calendar = calendars[name]
    due = calendar.add_business_time(start, duration)
    assert calendar.business_time_between(start, due) == duration


@settings(max_examples=150, deadline=None)
@given(start=instants, first=durations, second=durations,
       name=st.sampled_from(["cn-mainland", "cn-mainland-days", "uk-england"]))
def test_more_time_never_ends_earlier(calendars: Calendars, start: datetime,
                                      first: timedelta, second: timedelta, name: str) -> None:
    calendar = calendars[name]
    shorter, longer = sorted([first, second])
    assert calendar.add_business_time(start, shorter) <= calendar.add_business_time(start, longer)


@settings(max_examples=100, deadline=None)
@given(start=instants, end=instants)
def test_working_time_never_exceeds_elapsed_time(calendars: Calendars, start: datetime,
                                                 end: datetime) -> None:
    measured = calendars["cn-mainland"].business_time_between(start, end)
    assert timedelta(0) <= measured <= max(end - start, timedelta(0))
