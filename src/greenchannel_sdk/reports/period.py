"""What a report covers: a period of receipt, optional filters, quarters.

A period is half-open, ``[start, end)``, in UTC instants; dates given on
the command line are days in the bank's zone, so "the first quarter" means
what the bank's staff mean by it, not what UTC does.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from ..errors import ValidationError

__all__ = ["Period", "Quarter", "ReportFilter"]

_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


@attrs.frozen
class Period:
    """Complaints received from ``start`` (included) to ``end`` (excluded)."""

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        problems = {}
        if self.start.tzinfo is None or self.end.tzinfo is None:
            problems["period"] = "start and end must be timezone-aware"
        elif self.end <= self.start:
            problems["period"] = "the end must come after the start"
        if problems:
            raise ValidationError("invalid report period", problems)

    @classmethod
    def of_days(cls, first: date, last: date, zone: str) -> Period:
        """From the start of day ``first`` to the end of day ``last`` in ``zone``."""
        tz = ZoneInfo(zone)
        return cls(datetime.combine(first, time(0), tz),
                   datetime.combine(last + timedelta(days=1), time(0), tz))

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def previous(self) -> Period:
        """The period of the same length just before this one (for spikes)."""
        return Period(self.start - self.length, self.start)


@attrs.frozen
class Quarter:
    """A calendar quarter such as ``2026Q1``."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = _QUARTER.match(text.strip())
        if match is None:
            raise ValidationError("invalid quarter", {
                "quarter": f"{text!r} is not like 2026Q1 (a year, Q, a number 1 to 4)"})
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def period(self, zone: str) -> Period:
        return Period.of_days(self.first_day, self.last_day, zone)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


@attrs.frozen
class ReportFilter:
    """Narrow a report to complaints with these column values (``None``: any)."""

    channel: str | None = None
    category: str | None = None
    priority: str | None = None
    team: str | None = None

    def describe(self) -> str:
        parts = [f"{name}={value}" for name, value in attrs.asdict(self).items() if value]
        return ", ".join(parts) or "all complaints"
