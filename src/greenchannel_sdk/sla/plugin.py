"""The SDK's default calendars and SLA policy packs, as an ordinary plugin (P2, S22).

Registered ``trylast`` by the integrator, so a bank's plugin that registers
a calendar or a policy under the same name replaces the default.  Building
the calendars imports nothing: the ``holidays`` and ``chinesecalendar``
packages are only needed once a calendar is actually asked about a date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from ..hookspecs import hookimpl
from ..interfaces import BusinessCalendar, SlaPolicy
from ..settings import Settings
from .calendars import DayCountCalendar, ElapsedCalendar, WorkingHoursCalendar
from .days import ChinaMainlandRules, DayRules, EveryDay, HolidayRules
from .policies import (
    CnNfra2020Policy,
    SchemeDefaultPolicy,
    UkFcaDispPolicy,
    UsCfpbPolicy,
    UsRegEPolicy,
)

__all__ = ["UK_NATIONS", "DefaultSlaPlugin"]

#: UK nations and their subdivision codes in the ``holidays`` package.
UK_NATIONS: Mapping[str, str] = {
    "england": "ENG",
    "scotland": "SCT",
    "wales": "WLS",
    "northern-ireland": "NIR",
}


def _pair(name: str, rules: DayRules, zone: str) -> tuple[BusinessCalendar, BusinessCalendar]:
    """The working-hours calendar ``name`` and its day-count twin ``name-days``."""
    return (WorkingHoursCalendar(name, rules, timezone=zone),
            DayCountCalendar(f"{name}-days", rules, timezone=zone))


class DefaultSlaPlugin:
    """Registers the built-in calendars and policy packs.

    Calendars (working hours 09:00-12:00 and 13:00-17:00 on working days;
    ``-days`` variants count whole days as regulations do):

    * ``24x7`` -- elapsed time;
    * ``calendar-days`` -- every day, in ``settings.timezone``;
    * ``cn-mainland``, ``cn-mainland-days`` -- mainland China with make-up
      working days, in ``settings.timezone`` (default Asia/Shanghai);
    * ``uk-<nation>``, ``uk-<nation>-days`` for england, scotland, wales,
      northern-ireland, and ``uk-calendar-days`` -- Europe/London;
    * ``us-federal``, ``us-federal-days``, ``us-calendar-days`` -- America/New_York.

    ``closures`` are dates the bank is shut, added to every working-day
    calendar; ``cn_working_days`` are announced mainland make-up days not
    yet in ``chinesecalendar``.
    """

    def __init__(self, settings: Settings, *, closures: Mapping[date, str] | None = None,
                 cn_working_days: Mapping[date, str] | None = None) -> None:
        self.settings = settings
        self.closures = dict(closures or {})
        self.cn_working_days = dict(cn_working_days or {})

    def calendars(self) -> list[BusinessCalendar]:
        """Every default calendar (also handy for tests and the CLI)."""
        zone = self.settings.timezone
        found: list[BusinessCalendar] = [
            ElapsedCalendar(),
            DayCountCalendar("calendar-days", EveryDay(), timezone=zone),
            *_pair("cn-mainland", ChinaMainlandRules(self.closures, self.cn_working_days), zone),
            DayCountCalendar("uk-calendar-days", EveryDay(), timezone="Europe/London"),
            *_pair("us-federal", HolidayRules("US", closures=self.closures), "America/New_York"),
            DayCountCalendar("us-calendar-days", EveryDay(), timezone="America/New_York"),
        ]
        for nation, subdiv in UK_NATIONS.items():
            rules = HolidayRules("GB", subdiv=subdiv, closures=self.closures)
            found.extend(_pair(f"uk-{nation}", rules, "Europe/London"))
        return found

    def policies(self) -> list[SlaPolicy]:
        """Every default policy pack."""
        return [SchemeDefaultPolicy(), CnNfra2020Policy(),
                *(UkFcaDispPolicy(name="uk-fca-disp" if nation == "england"
                                  else f"uk-fca-disp-{nation}", nation=nation)
                  for nation in UK_NATIONS),
                UsCfpbPolicy(), UsRegEPolicy()]

    @hookimpl(trylast=True)
    def greenchannel_register_calendars(
            self, register: Callable[[BusinessCalendar], None]) -> None:
        for calendar in self.calendars():
            register(calendar)

    @hookimpl(trylast=True)
    def greenchannel_register_sla_policies(self, register: Callable[[SlaPolicy], None]) -> None:
        for policy in self.policies():
            register(policy)
