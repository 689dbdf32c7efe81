"""Working-day rules on real calendars (S22): make-up days, UK nations, bank closures."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.sla import ChinaMainlandRules, DayNote, HolidayRules


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 2, 14), True),    # Saturday, make-up day before the Spring Festival
    (date(2026, 2, 16), False),   # Monday, Spring Festival
    (date(2026, 2, 23), False),   # Monday, last day of the nine-day break
    (date(2026, 2, 28), True),    # Saturday, make-up day after it
    (date(2026, 2, 21), False),   # Saturday inside the break
    (date(2026, 9, 20), True),    # Sunday, make-up day for National Day
    (date(2026, 10, 7), False),   # Wednesday, National Day holiday
    (date(2026, 10, 10), True),   # Saturday, make-up day after National Day
    (date(2026, 3, 7), False),    # an ordinary Saturday
    (date(2026, 3, 9), True),     # an ordinary Monday
])
def test_mainland_china_knows_make_up_days(day: date, working: bool) -> None:
    assert ChinaMainlandRules().is_working_day(day) is working


def test_mainland_notes_say_why_a_day_is_special() -> None:
    rules = ChinaMainlandRules()
    assert rules.note(date(2026, 2, 16)) == DayNote(date(2026, 2, 16), False, "Spring Festival")
    make_up = rules.note(date(2026, 10, 10))
    assert make_up is not None
    assert make_up.working
    assert "National Day" in make_up.reason
    assert rules.note(date(2026, 3, 9)) is None


def test_bank_closures_and_announced_make_up_days_override_the_packages() -> None:
    rules = ChinaMainlandRules(closures={date(2026, 3, 9): "core banking migration"},
                               working_days={date(2027, 2, 20): "announced make-up day"})
    assert not rules.is_working_day(date(2026, 3, 9))
    assert rules.note(date(2026, 3, 9)) == DayNote(date(2026, 3, 9), False,
                                                  "core banking migration")
    # 2027 is past chinesecalendar's data: the fallback honours configuration.
    assert rules.is_working_day(date(2027, 2, 20))


def test_years_chinesecalendar_does_not_cover_fall_back_to_holidays() -> None:
    rules = ChinaMainlandRules()
    assert not rules.is_working_day(date(2027, 10, 1))   # National Day from `holidays`
    assert rules.is_working_day(date(2027, 10, 8))       # an ordinary Friday


@pytest.mark.parametrize(("day", "england", "scotland"), [
    (date(2026, 1, 2), True, False),     # 2 January: Scottish bank holiday only
    (date(2026, 4, 6), False, True),     # Easter Monday: not a Scottish bank holiday
    (date(2026, 11, 30), True, False),   # St Andrew's Day (a Monday in 2026)
    (date(2026, 12, 25), False, False),  # Christmas everywhere
])
def test_england_and_scotland_bank_holidays_differ(day: date, england: bool,
                                                   scotland: bool) -> None:
    assert HolidayRules("GB", subdiv="ENG").is_working_day(day) is england
    assert HolidayRules("GB", subdiv="SCT").is_working_day(day) is scotland


@pytest.mark.parametrize("module", ["holidays", "chinese_calendar"])
def test_missing_calendar_package_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch,
                                                    module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    rules = HolidayRules("GB", subdiv="ENG") if module == "holidays" else ChinaMainlandRules()
    with pytest.raises(ConfigurationError, match=f"{module}.*reinstall"):
        rules.is_working_day(date(2026, 1, 2))


def test_unknown_country_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="'XX'"):
        HolidayRules("XX").is_working_day(date(2026, 1, 2))


def test_weekend_must_be_weekday_numbers() -> None:
    with pytest.raises(ConfigurationError, match="weekday numbers"):
        HolidayRules("GB", weekend=(6, 7))
