"""Business calendars: working time in a bank's own time zone (S9, S22).

Three kinds, all satisfying :class:`~greenchannel_sdk.interfaces.BusinessCalendar`:

* :class:`ElapsedCalendar` -- plain elapsed time, every hour counts ("24x7").
* :class:`WorkingHoursCalendar` -- opening hours per weekday with a lunch
  break, on the working days of a :class:`~.days.DayRules`.  Durations are
  working time: two hours from Friday 16:00 with a 17:00 close end on
  Monday at 10:00.
* :class:`DayCountCalendar` -- whole days as regulations count them: the
  day of receipt is not counted, then each working day counts as one full
  day ending at midnight.  Three days from Monday 10:00 end at the end of
  Thursday; 15 calendar days from 1 March end at the end of 16 March.

Arithmetic is done on the wall clock of the calendar's zone, so a working
day is 09:00 to 17:00 local time in winter and in summer alike and a
deadline crossing a daylight-saving change lands where a person would put
it.  Results are returned in UTC, the SDK's storage zone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ..clock import ensure_aware
from ..errors import ConfigurationError, ValidationError
from .days import DayNote, DayRules, EveryDay

__all__ = [
    "DayCountCalendar",
    "ElapsedCalendar",
    "WorkingHours",
    "WorkingHoursCalendar",
]

#: How many days in a row without working time a calculation accepts before
#: the rules are judged broken (a calendar with no working days would loop forever).
_SEARCH_LIMIT_DAYS = 366
_DAY = timedelta(days=1)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigurationError(f"unknown time zone {name!r}: use an IANA name "
                                 "such as 'Asia/Shanghai'") from exc


def _wall(value: datetime, zone: ZoneInfo, what: str) -> datetime:
    """The naive local wall-clock time of ``value`` in ``zone``."""
    return ensure_aware(value, what).astimezone(zone).replace(tzinfo=None)


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a local wall-clock time names (the earlier one when ambiguous)."""
    return wall.replace(tzinfo=zone).astimezone(timezone.utc)


def _non_negative(duration: timedelta) -> None:
    if duration < timedelta(0):
        raise ValidationError("cannot add a negative duration",
                              {"duration": f"{duration} is negative"})


def _notes(rules: DayRules, first: date, last: date) -> list[DayNote]:
    notes: list[DayNote] = []
    day = first
    while day <= last:
        note = rules.note(day)
        if note is not None:
            notes.append(note)
        day += _DAY
    return notes


# Calendars are ``attrs.define`` rather than frozen only because the
# BusinessCalendar protocol declares ``name`` as a plain (settable) attribute.


@attrs.define
class ElapsedCalendar:
    """Every instant counts: for targets in hours around the clock and statutory calendar time."""

    name: str = "24x7"
    timezone: str = "UTC"

    def is_business_day(self, day: date) -> bool:
        return True

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        _non_negative(duration)
        return ensure_aware(start, "start") + duration

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        return max(ensure_aware(end, "end") - ensure_aware(start, "start"), timedelta(0))

    def day_notes(self, first: date, last: date) -> list[DayNote]:
        return []


Window = tuple[time, time]


def _check_windows(windows: Sequence[Window], where: str) -> tuple[Window, ...]:
    ordered = tuple(windows)
    previous_end = time(0)
    for opens, closes in ordered:
        if not previous_end <= opens < closes:
            raise ConfigurationError(
                f"working hours for {where} must be increasing, non-overlapping "
                f"(open, close) pairs; got {opens}-{closes}")
        previous_end = closes
    return ordered


def _weekly(value: Mapping[int, Sequence[Window]]) -> dict[int, tuple[Window, ...]]:
    if not set(value) <= set(range(7)):
        raise ConfigurationError("working hours are keyed by weekday 0 (Monday) to 6 (Sunday)")
    return {day: _check_windows(windows, f"weekday {day}") for day, windows in value.items()}


_OFFICE_DAY: tuple[Window, ...] = ((time(9), time(12)), (time(13), time(17)))


def _makeup_windows(value: Sequence[Window]) -> tuple[Window, ...]:
    return _check_windows(value, "make-up days")


@attrs.frozen
class WorkingHours:
    """Opening hours per weekday (0 = Monday) as (open, close) windows.

    The gap between two windows is the lunch break.  ``makeup_day`` are the
    hours worked on a weekend day that the rules declare a working day (a
    Chinese make-up Saturday runs a normal weekday's hours).  The default is
    09:00-12:00 and 13:00-17:00, Monday to Friday: seven working hours.
    """

    weekly: Mapping[int, tuple[Window, ...]] = attrs.field(
        factory=lambda: dict.fromkeys(range(5), _OFFICE_DAY), converter=_weekly)
    makeup_day: tuple[Window, ...] = attrs.field(default=_OFFICE_DAY, converter=_makeup_windows)

    def windows(self, day: date, working: bool) -> tuple[Window, ...]:
        if not working:
            return ()
        return self.weekly.get(day.weekday()) or self.makeup_day


@attrs.define
class WorkingHoursCalendar:
    """Working time: opening hours on working days, in the calendar's zone."""

    name: str
    rules: DayRules
    hours: WorkingHours = attrs.field(factory=WorkingHours)
    timezone: str = "Asia/Shanghai"
    _zone: ZoneInfo = attrs.field(init=False, eq=False, repr=False)

    @_zone.default
    def _make_zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    def is_business_day(self, day: date) -> bool:
        return bool(self.hours.windows(day, self.rules.is_working_day(day)))

    def _spans(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working spans (local wall time) from ``start`` on, in order, clipped to it."""
        day, idle = start.date(), 0
        while idle < _SEARCH_LIMIT_DAYS:
            idle += 1
            for opens, closes in self.hours.windows(day, self.rules.is_working_day(day)):
                span_start = max(datetime.combine(day, opens), start)
                span_end = datetime.combine(day, closes)
                if span_start < span_end:
                    idle = 0
                    yield span_start, span_end
            day += _DAY
        raise ConfigurationError(f"calendar {self.name!r} has no working hours in "
                                 f"{_SEARCH_LIMIT_DAYS} days before {day}")

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        _non_negative(duration)
        cursor = _wall(start, self._zone, "start")
        remaining = duration
        if not remaining:
            return ensure_aware(start, "start")
        for span_start, span_end in self._spans(cursor):
            if span_start + remaining <= span_end:
                return _instant(span_start + remaining, self._zone)
            remaining -= span_end - span_start
        raise AssertionError("unreachable: _spans raises when it runs out")  # pragma: no cover

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        first = _wall(start, self._zone, "start")
        last = _wall(end, self._zone, "end")
        total = timedelta(0)
        if last <= first:
            return total
        for span_start, span_end in self._spans(first):
            if span_start >= last:
                break
            total += min(span_end, last) - span_start
        return total

    def day_notes(self, first: date, last: date) -> list[DayNote]:
        return _notes(self.rules, first, last)


@attrs.define
class DayCountCalendar:
    """Whole days as regulations count them, in the calendar's zone.

    The day the clock starts is not counted ("within 15 days of receipt",
    "by the third business day following the day on which it is
    received"); from the following midnight each working day counts as one
    full day and other days count nothing.  A deadline of N days therefore
    falls at midnight ending the Nth working day after the start day.
    Fractions are allowed (a warning at 50 % of three days falls at noon of
    the second day).  With :class:`~.days.EveryDay` rules this is a
    calendar-day count.
    """

    name: str
    rules: DayRules = attrs.field(factory=EveryDay)
    timezone: str = "Asia/Shanghai"
    _zone: ZoneInfo = attrs.field(init=False, eq=False, repr=False)

    @_zone.default
    def _make_zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    def is_business_day(self, day: date) -> bool:
        return self.rules.is_working_day(day)

    def _origin(self, start: datetime) -> datetime:
        """Local midnight ending the start day: counting begins there."""
        return datetime.combine(_wall(start, self._zone, "start").date() + _DAY, time(0))

    def _days(self, origin: datetime) -> Iterator[datetime]:
        """Local midnights starting each working day from ``origin`` on."""
        day, idle = origin, 0
        while idle < _SEARCH_LIMIT_DAYS:
            idle += 1
            if self.rules.is_working_day(day.date()):
                idle = 0
                yield day
            day += _DAY
        raise ConfigurationError(f"calendar {self.name!r} has no working day in "
                                 f"{_SEARCH_LIMIT_DAYS} days before {day.date()}")

    @property
    def _every_day(self) -> bool:
        """Whether every date counts, so a count of days is plain wall-clock arithmetic.

        Calendar-day deadlines (the resolution and review targets of every
        complaint) then skip walking the days one by one.  Only the
        :class:`~.days.EveryDay` class itself qualifies: a subclass may
        answer differently.
        """
        return type(self.rules) is EveryDay

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        _non_negative(duration)
        origin = self._origin(start)
        remaining = duration
        if not remaining or self._every_day:
            return _instant(origin + remaining, self._zone)
        for day in self._days(origin):
            if remaining <= _DAY:
                return _instant(day + remaining, self._zone)
            remaining -= _DAY
        raise AssertionError("unreachable: _days raises when it runs out")  # pragma: no cover

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        origin = self._origin(start)
        last = _wall(end, self._zone, "end")
        total = timedelta(0)
        if self._every_day:
            return max(last - origin, total)
        day = origin
        while day < last:
            if self.rules.is_working_day(day.date()):
                total += min(day + _DAY, last) - day
            day += _DAY
        return total

    def day_notes(self, first: date, last: date) -> list[DayNote]:
        return _notes(self.rules, first, last)
