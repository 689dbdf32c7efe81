"""Which dates are working days, and why (S22).

A :class:`DayRules` object answers one question per date: does the bank work
that day?  It also says *why* a date is special (a public holiday's name, a
make-up working day, a bank closure), because a deadline explanation for a
supervisor must show the days it skipped and the weekend days it counted.

The public-holiday data comes from the optional ``holidays`` and
``chinesecalendar`` packages (dependencies of the SDK), imported on first use.
They are imported on first use, so the SDK starts without them and only a
deployment that asks for a real calendar needs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

import attrs

from ..errors import ConfigurationError

__all__ = [
    "ChinaMainlandRules",
    "DayNote",
    "DayRules",
    "EveryDay",
    "HolidayRules",
]

_INSTALL_HINT = "they are dependencies of greenchannel-sdk: reinstall it with pip"


def _optional(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ConfigurationError(f"business calendars need the {module!r} package; "
                                 f"{_INSTALL_HINT}") from exc


@attrs.frozen
class DayNote:
    """Why one date is not an ordinary day: ``working`` says what it is, ``reason`` why."""

    day: date
    working: bool
    reason: str


@runtime_checkable
class DayRules(Protocol):
    """Working days of one region or bank."""

    def is_working_day(self, day: date) -> bool: ...

    def note(self, day: date) -> DayNote | None:
        """A note for a holiday, a closure or a weekend working day; ``None`` otherwise."""
        ...


@attrs.frozen
class EveryDay:
    """Every date is a working day: the rules behind calendar-day deadlines."""

    def is_working_day(self, day: date) -> bool:
        return True

    def note(self, day: date) -> DayNote | None:
        return None


def _weekday_set(value: tuple[int, ...] | list[int]) -> frozenset[int]:
    days = frozenset(value)
    if not days <= set(range(7)):
        raise ConfigurationError("weekend days must be weekday numbers 0 (Monday) to 6 (Sunday)")
    return days


@attrs.frozen
class HolidayRules:
    """Weekends plus the public holidays of ``country``/``subdiv`` from the ``holidays`` package.

    ``subdiv`` picks the region whose bank holidays apply (``"ENG"`` and
    ``"SCT"`` for the United Kingdom differ: 2 January and St Andrew's Day
    are Scottish bank holidays only).  ``closures`` are extra dates the bank
    is shut (a system migration weekend, a local typhoon day) and
    ``working_days`` dates it works although they fall on a weekend or a
    holiday (make-up days the package does not know yet), each with its
    reason.  Configuration wins over the package.
    """

    country: str
    subdiv: str | None = None
    weekend: frozenset[int] = attrs.field(default=(5, 6), converter=_weekday_set)
    closures: Mapping[date, str] = attrs.field(factory=dict)
    working_days: Mapping[date, str] = attrs.field(factory=dict)
    _cache: dict[int, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def _year(self, year: int) -> Any:
        if year not in self._cache:
            package = _optional("holidays")
            try:
                self._cache[year] = package.country_holidays(self.country, subdiv=self.subdiv,
                                                             years=year)
            except NotImplementedError as exc:
                raise ConfigurationError(
                    f"the holidays package has no calendar for country {self.country!r} "
                    f"subdivision {self.subdiv!r}") from exc
        return self._cache[year]

    def is_working_day(self, day: date) -> bool:
        if day in self.closures:
            return False
        if day in self.working_days:
            return True
        table = self._year(day.year)
        if day.weekday() in self.weekend:
            return day in getattr(table, "weekend_workdays", ())
        return day not in table

    def note(self, day: date) -> DayNote | None:
        if day in self.closures:
            return DayNote(day, False, self.closures[day])
        if day in self.working_days:
            return DayNote(day, True, self.working_days[day])
        table = self._year(day.year)
        if day.weekday() in self.weekend:
            if day in getattr(table, "weekend_workdays", ()):
                return DayNote(day, True, "weekend working day (make-up day)")
            return None
        if day in table:
            return DayNote(day, False, str(table.get(day)))
        return None


@attrs.frozen
class ChinaMainlandRules:
    """Mainland China working days, including make-up working days (调休).

    The ``chinesecalendar`` package holds the State Council's yearly
    arrangement, where a Saturday or Sunday can be a working day in exchange
    for a longer holiday.  For a year it does not cover yet (the schedule is
    published each November for the next year) the rules fall back to the
    ``holidays`` package's China calendar, whose own make-up days are used
    where it has them, plus the ``working_days`` configured here: a bank
    adds the announced make-up days until the package is updated.
    ``closures`` are the bank's own extra closed days.
    """

    closures: Mapping[date, str] = attrs.field(factory=dict)
    working_days: Mapping[date, str] = attrs.field(factory=dict)
    _fallback: HolidayRules = attrs.field(init=False, eq=False, repr=False)
    # chinesecalendar looks dates up slowly; a sweeper asks about the same
    # few hundred dates for every clock, so answers are kept per date.
    _details: dict[date, tuple[bool, str | None] | None] = attrs.field(
        factory=dict, init=False, eq=False, repr=False)

    @_fallback.default
    def _make_fallback(self) -> HolidayRules:
        return HolidayRules("CN", closures=self.closures, working_days=self.working_days)

    def _detail(self, day: date) -> tuple[bool, str | None] | None:
        """``(is_holiday, name)`` from chinesecalendar, or ``None`` when it has no data."""
        if day not in self._details:
            package = _optional("chinese_calendar")
            try:
                holiday, name = package.get_holiday_detail(day)
            except NotImplementedError:
                self._details[day] = None
            else:
                self._details[day] = (bool(holiday), name)
        return self._details[day]

    def is_working_day(self, day: date) -> bool:
        if day in self.closures:
            return False
        if day in self.working_days:
            return True
        detail = self._detail(day)
        if detail is None:
            return self._fallback.is_working_day(day)
        return not detail[0]

    def note(self, day: date) -> DayNote | None:
        if day in self.closures or day in self.working_days:
            return self._fallback.note(day)
        detail = self._detail(day)
        if detail is None:
            return self._fallback.note(day)
        holiday, name = detail
        weekend = day.weekday() >= 5
        if holiday and name:
            return DayNote(day, False, name)
        if not holiday and weekend:
            return DayNote(day, True, f"make-up working day (调休) for {name or 'a holiday'}")
        return None
