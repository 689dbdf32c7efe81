"""Statistics, reports and regulatory returns, computed in the database (S17-S19, S24, S25).

``build_report(engine, period, filters)`` computes every figure of a period
as attrs values; :mod:`.render` turns them into a terminal table, CSV,
JSON or a self-contained HTML page with charts; :mod:`.returns` holds the
Chinese quarterly count and the UK DISP 1.10-style return.  The audit
shapes the reports read are in :mod:`.contract`.
"""

from .figures import (
    ClockCompliance,
    Count,
    DepartmentFigures,
    Durations,
    Efficiency,
    HotTopic,
    Repeats,
    Satisfaction,
    StateDwell,
    StatisticsReport,
    Volume,
    WorkloadFigures,
)
from .period import Period, Quarter, ReportFilter
from .returns import (
    CnQuarterlyReturn,
    CnReturnLine,
    UkDispReturn,
    cn_quarterly_return,
    uk_business_days,
    uk_disp_return,
)
from .statistics import build_report

__all__ = [
    "ClockCompliance",
    "CnQuarterlyReturn",
    "CnReturnLine",
    "Count",
    "DepartmentFigures",
    "Durations",
    "Efficiency",
    "HotTopic",
    "Period",
    "Quarter",
    "Repeats",
    "ReportFilter",
    "Satisfaction",
    "StateDwell",
    "StatisticsReport",
    "UkDispReturn",
    "Volume",
    "WorkloadFigures",
    "build_report",
    "cn_quarterly_return",
    "uk_business_days",
    "uk_disp_return",
]
