"""SLA engine, pure part: business calendars, clock arithmetic, policy packs, explanations.

Nothing here does I/O or reads the wall clock (S22, P1).  The engine keeps
clocks in storage, runs :func:`check` from its sweeper and signals the
events; this package only computes.
"""

from .calendars import DayCountCalendar, ElapsedCalendar, WorkingHours, WorkingHoursCalendar
from .clocks import (
    AdjustmentKind,
    ClockAdjustment,
    ClockEvent,
    ClockEventKind,
    ClockUpdate,
    ExtensionRule,
    calendar_for,
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
from .days import ChinaMainlandRules, DayNote, DayRules, EveryDay, HolidayRules
from .explain import DeadlineExplanation, explain
from .plugin import UK_NATIONS, DefaultSlaPlugin
from .policies import (
    STARTS_WITH,
    ClockTrigger,
    CnNfra2020Policy,
    ExtendablePolicy,
    SchemeDefaultPolicy,
    UkFcaDispPolicy,
    UsCfpbPolicy,
    UsRegEPolicy,
    extension_rule,
    goals_starting,
)

__all__ = [
    "STARTS_WITH",
    "UK_NATIONS",
    "AdjustmentKind",
    "ChinaMainlandRules",
    "ClockAdjustment",
    "ClockEvent",
    "ClockEventKind",
    "ClockTrigger",
    "ClockUpdate",
    "CnNfra2020Policy",
    "DayCountCalendar",
    "DayNote",
    "DayRules",
    "DeadlineExplanation",
    "DefaultSlaPlugin",
    "ElapsedCalendar",
    "EveryDay",
    "ExtendablePolicy",
    "ExtensionRule",
    "HolidayRules",
    "SchemeDefaultPolicy",
    "UkFcaDispPolicy",
    "UsCfpbPolicy",
    "UsRegEPolicy",
    "WorkingHours",
    "WorkingHoursCalendar",
    "calendar_for",
    "check",
    "exclude",
    "explain",
    "extend",
    "extension_rule",
    "goals_starting",
    "latest_due",
    "pause",
    "restart",
    "resume",
    "start",
    "stop",
]
