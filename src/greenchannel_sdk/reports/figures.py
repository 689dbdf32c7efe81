"""The figures a statistics report holds, as plain attrs values (S17, S19, S25).

Durations are in hours; shares are fractions between 0 and 1 (``None``
when there is nothing to divide by, so "no data" never reads as 0 %).
Money is :class:`~decimal.Decimal`.  Renderers (table, CSV, JSON, HTML)
read these objects only, never the database.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from .period import Period, ReportFilter

__all__ = [
    "ClockCompliance",
    "Count",
    "DepartmentFigures",
    "Durations",
    "Efficiency",
    "HotTopic",
    "Repeats",
    "Satisfaction",
    "StateDwell",
    "StatisticsReport",
    "Volume",
    "WorkloadFigures",
    "share",
]


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when ``whole`` is 0."""
    return part / whole if whole else None


@attrs.frozen
class Count:
    """How many complaints carry ``key`` (a channel, a category...) and their share."""

    key: str
    count: int
    share: float | None


@attrs.frozen
class Volume:
    """How many complaints came in, broken down four ways (S17)."""

    total: int
    by_channel: tuple[Count, ...]
    by_category: tuple[Count, ...]
    by_subcategory: tuple[Count, ...]
    by_priority: tuple[Count, ...]


@attrs.frozen
class HotTopic:
    """A subcategory's count now and in the previous period of the same length.

    ``change`` is ``current / previous`` (``None`` when the topic is new);
    ``spike`` marks topics that grew past the report's threshold.
    """

    topic: str
    current: int
    previous: int
    change: float | None
    spike: bool


@attrs.frozen
class DepartmentFigures:
    """Complaints a department was found responsible for (S12, S17)."""

    department: str
    complaints: int
    upheld: int
    upheld_rate: float | None
    redress: Decimal


@attrs.frozen
class Durations:
    """Count, mean and percentiles of a duration, in hours."""

    count: int
    mean: float | None
    p50: float | None
    p90: float | None


@attrs.frozen
class ClockCompliance:
    """How an SLA goal fared: met, breached or still running (S9, S22)."""

    clock: str
    clocks: int
    met: int
    breached: int
    running: int
    met_share: float | None


@attrs.frozen
class Efficiency:
    """Handling speed: time to first contact, to the bank's answer, to acceptance."""

    first_contact: Durations
    answer: Durations
    resolution: Durations
    clocks: tuple[ClockCompliance, ...]


@attrs.frozen
class Satisfaction:
    """Follow-up survey answers (S15, S19)."""

    surveys: int
    average: float | None
    distribution: tuple[Count, ...]
    solved: int
    solved_rate: float | None


@attrs.frozen
class Repeats:
    """Customers who complained more than once in the period.

    ``repeat_complaints`` counts every complaint after a customer's first;
    ``rate`` is that over the complaints that name a customer.
    """

    complaints_with_customer: int
    customers: int
    repeat_customers: int
    repeat_complaints: int
    rate: float | None


@attrs.frozen
class StateDwell:
    """How long complaints stayed in one lifecycle state (S19 bottlenecks).

    ``stays`` counts finished stays (the complaint moved on); ``waiting_now``
    counts complaints of the report sitting in that state at report time.
    """

    status: str
    stays: int
    mean: float | None
    p50: float | None
    p90: float | None
    waiting_now: int


@attrs.frozen
class WorkloadFigures:
    """One handler's or one team's figures for the duties-and-incentives review (S25)."""

    key: str
    complaints: int
    open: int
    resolved: int
    resolution_p50: float | None
    clocks_met: int
    clocks_breached: int
    satisfaction: float | None
    surveys: int


@attrs.frozen
class StatisticsReport:
    """Every figure of one period, computed in one database snapshot."""

    period: Period
    filters: ReportFilter
    generated_at: datetime
    volume: Volume
    hot_topics: tuple[HotTopic, ...]
    departments: tuple[DepartmentFigures, ...]
    efficiency: Efficiency
    satisfaction: Satisfaction
    repeats: Repeats
    bottlenecks: tuple[StateDwell, ...]
    handlers: tuple[WorkloadFigures, ...]
    teams: tuple[WorkloadFigures, ...]
