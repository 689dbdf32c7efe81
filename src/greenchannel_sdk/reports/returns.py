"""Regulatory returns: a Chinese quarterly count and a UK DISP 1.10-style return.

Both are counted by the database.  The UK return needs "within three
business days", which depends on bank holidays; rather than teach SQL a
holiday calendar, the Python side builds one small table with one row per
day of receipt (its start, its end, and the two deadlines that apply to
complaints received that day, from a
:class:`~greenchannel_sdk.interfaces.BusinessCalendar`) and the database
joins complaints to it.  The table has about 160 rows whatever the volume.
Field meanings are documented in ``docs/reports.md``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from sqlalchemy import Integer, and_, case, func, literal, or_, select, union_all
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Subquery

from ..domain import Command, Status
from ..interfaces import BusinessCalendar
from ..sla.calendars import DayCountCalendar
from ..sla.days import EveryDay, HolidayRules
from ..sla.plugin import UK_NATIONS
from ..storage.tables import UTCDateTime
from .cohort import complaints, events
from .contract import FINAL_RESPONSE
from .figures import share
from .findings import event_facts
from .outcomes import money
from .period import Period, Quarter
from .volume import UNCLASSIFIED

__all__ = [
    "CnQuarterlyReturn",
    "CnReturnLine",
    "UkDispReturn",
    "cn_quarterly_return",
    "uk_business_days",
    "uk_disp_return",
]

_DAY = timedelta(days=1)
#: How far before the quarter a complaint's receipt can lie and still be answered
#: within eight weeks inside the quarter (56 days, plus margin for zone shifts).
_LOOKBACK = timedelta(days=60)


@attrs.frozen
class CnReturnLine:
    """Complaints received in the quarter on one business line for one cause."""

    business_line: str
    cause: str
    received: int


@attrs.frozen
class CnQuarterlyReturn:
    """The quarterly count along business line and cause (JR/T 0169-style subcategories)."""

    quarter: str
    received: int
    lines: tuple[CnReturnLine, ...]
    by_business_line: tuple[tuple[str, int], ...]
    by_cause: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]


def cn_quarterly_return(engine: Engine, quarter: Quarter, zone: str) -> CnQuarterlyReturn:
    """Count complaints received in ``quarter`` (days in ``zone``) per subcategory.

    The subcategory is ``"<business line>/<cause>"`` as the triage rules
    write it; a complaint without one counts under ``(none)`` for both.
    """
    period = quarter.period(zone)
    received = [complaints.c.received_at >= period.start, complaints.c.received_at < period.end]
    subcategory = func.coalesce(complaints.c.subcategory, UNCLASSIFIED)
    with engine.connect() as conn:
        by_subcategory = conn.execute(select(subcategory, func.count()).where(*received)
                                      .group_by(subcategory)).all()
        by_category = conn.execute(select(complaints.c.category, func.count()).where(*received)
                                   .group_by(complaints.c.category)).all()
    lines = sorted((CnReturnLine(*_split(str(name)), int(n)) for name, n in by_subcategory),
                   key=lambda line: (line.business_line, line.cause))
    return CnQuarterlyReturn(
        quarter=str(quarter), received=sum(line.received for line in lines), lines=tuple(lines),
        by_business_line=_totals((line.business_line, line.received) for line in lines),
        by_cause=_totals((line.cause, line.received) for line in lines),
        by_category=_totals((str(name), int(n)) for name, n in by_category))


def _split(subcategory: str) -> tuple[str, str]:
    line, _, cause = subcategory.partition("/")
    return line, cause or UNCLASSIFIED


def _totals(pairs: Any) -> tuple[tuple[str, int], ...]:
    sums: dict[str, int] = {}
    for key, n in pairs:
        sums[key] = sums.get(key, 0) + n
    return tuple(sorted(sums.items(), key=lambda item: (-item[1], item[0])))


@attrs.frozen
class UkDispReturn:
    """A DISP 1.10-style return for one quarter (see ``docs/reports.md``)."""

    quarter: str
    received: int
    closed: int
    closed_within_3_business_days: int
    closed_after_3_days_within_8_weeks: int
    closed_after_8_weeks: int
    upheld: int
    upheld_share: float | None
    redress_paid: Decimal


def uk_business_days(nation: str = "england") -> BusinessCalendar:
    """Day-count calendar of a UK nation's bank holidays (``england``, ``scotland``...)."""
    if nation not in UK_NATIONS:
        raise ValueError(f"unknown UK nation {nation!r}; one of {', '.join(UK_NATIONS)}")
    return DayCountCalendar(f"uk-{nation}-days", HolidayRules("GB", subdiv=UK_NATIONS[nation]),
                            timezone="Europe/London")


def uk_disp_return(engine: Engine, quarter: Quarter, *,
                   calendar: BusinessCalendar | None = None,
                   zone: str = "Europe/London") -> UkDispReturn:
    """Count received, closed (by speed), upheld and redress for ``quarter``.

    A complaint is *closed* when the bank first sent its answer (a proposed
    resolution: DISP's final or summary resolution response) or the customer
    withdrew it; the quarter is the one that moment falls in.  Speed is
    measured from receipt: "within three business days" ends at midnight
    closing the third business day after the day of receipt (DISP 1.5.1R)
    on ``calendar`` (England's bank holidays by default); "within eight
    weeks" at midnight closing the 56th day after it.
    """
    period = quarter.period(zone)
    calendar = calendar or uk_business_days()
    eight_weeks = DayCountCalendar("uk-calendar-days", EveryDay(), timezone=zone)
    with engine.connect() as conn:
        received = conn.execute(select(func.count()).where(
            complaints.c.received_at >= period.start,
            complaints.c.received_at < period.end)).scalar_one()
        closed = _closed_in(period)
        days = _deadline_days(period, zone, calendar, eight_weeks)
        speed = conn.execute(select(
            func.count(),
            _sum(closed.c.closed_at <= days.c.three_days),
            _sum(and_(closed.c.closed_at > days.c.three_days,
                      closed.c.closed_at <= days.c.eight_weeks)),
        ).select_from(closed.outerjoin(days, and_(closed.c.received_at >= days.c.day_start,
                                                  closed.c.received_at < days.c.day_end)))
        ).one()
        total, quick, in_time = (int(value or 0) for value in speed)
        upheld, redress = _upheld_and_redress(conn, closed)
    return UkDispReturn(
        quarter=str(quarter), received=int(received), closed=total,
        closed_within_3_business_days=quick, closed_after_3_days_within_8_weeks=in_time,
        closed_after_8_weeks=total - quick - in_time, upheld=upheld,
        upheld_share=share(upheld, total), redress_paid=redress)


def _sum(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0)).cast(Integer)


def _closed_in(period: Period) -> Subquery:
    """``id, received_at, closed_at`` of complaints first answered or withdrawn in ``period``."""
    ending = or_(events.c.action == FINAL_RESPONSE,
                 and_(events.c.action == Command.WITHDRAW.value,
                      events.c.to_status == Status.WITHDRAWN.value))
    first = (select(events.c.complaint_id, func.min(events.c.at).label("closed_at"))
             .where(ending).group_by(events.c.complaint_id).subquery("first_close"))
    return (select(complaints.c.id, complaints.c.received_at, first.c.closed_at)
            .join(first, first.c.complaint_id == complaints.c.id)
            .where(first.c.closed_at >= period.start, first.c.closed_at < period.end)
            .subquery("closed"))


def _deadline_days(period: Period, zone: str, three: BusinessCalendar,
                   eight: BusinessCalendar) -> Subquery:
    """One row per local day of receipt that can matter, with both deadlines."""
    tz = ZoneInfo(zone)
    day = (period.start - _LOOKBACK).astimezone(tz).date()
    last = period.end.astimezone(tz).date()
    rows = []
    while day <= last:
        start = datetime.combine(day, time(0), tz)
        rows.append(select(
            literal(start, UTCDateTime()).label("day_start"),
            literal(datetime.combine(day + _DAY, time(0), tz), UTCDateTime()).label("day_end"),
            literal(three.add_business_time(start, 3 * _DAY), UTCDateTime()).label("three_days"),
            literal(eight.add_business_time(start, 56 * _DAY), UTCDateTime())
            .label("eight_weeks")))
        day += _DAY
    return union_all(*rows).subquery("receipt_days")


def _upheld_and_redress(conn: Connection, closed: Subquery) -> tuple[int, Decimal]:
    found = event_facts(closed).subquery("found")
    upheld, redress = conn.execute(select(_sum(found.c.upheld), func.sum(found.c.redress))).one()
    return int(upheld or 0), money(redress)
