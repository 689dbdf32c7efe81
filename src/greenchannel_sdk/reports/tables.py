"""The report laid out as titled tables: the one layout every output format shares.

The terminal table, the CSV file and the HTML page all print these
tables, so a figure reads the same whichever format a meeting gets.
Numbers stay numbers here (``None`` for "no data"); each format decides
how to write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from .figures import Count, Durations, StatisticsReport, WorkloadFigures
from .returns import CnQuarterlyReturn, UkDispReturn

__all__ = ["Cell", "Table", "cn_return_tables", "report_tables", "uk_return_tables"]

Cell = str | int | float | Decimal | None


@attrs.frozen
class Table:
    """A titled table; ``name`` is a stable identifier (CSV section, HTML anchor)."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: The numeric columns a chart of this table plots against the first (none: no chart).
    chart_columns: tuple[int, ...] = ()


def _counts(name: str, title: str, key: str, counts: Sequence[Count]) -> Table:
    return Table(name, title, (key, "complaints", "share"),
                 tuple((c.key, c.count, c.share) for c in counts), chart_columns=(1,))


def _durations(label: str, d: Durations) -> tuple[Cell, ...]:
    return (label, d.count, d.mean, d.p50, d.p90)


def _workload(name: str, title: str, key: str, rows: Sequence[WorkloadFigures]) -> Table:
    return Table(name, title, (key, "complaints", "open", "resolved", "resolution p50 (h)",
                               "clocks met", "clocks breached", "satisfaction", "surveys"),
                 tuple((w.key, w.complaints, w.open, w.resolved, w.resolution_p50,
                        w.clocks_met, w.clocks_breached, w.satisfaction, w.surveys)
                       for w in rows), chart_columns=(1,))


def report_tables(report: StatisticsReport) -> list[Table]:
    """Every table of ``report``, in the order a review meeting reads them."""
    v, e, s, r = report.volume, report.efficiency, report.satisfaction, report.repeats
    return [
        Table("summary", "Summary", ("figure", "value"), (
            ("complaints received", v.total),
            ("repeat-complaint rate", r.rate),
            ("customers with more than one complaint", r.repeat_customers),
            ("average satisfaction (1-5)", s.average),
            ("solved rate (surveys)", s.solved_rate),
        )),
        _counts("by_channel", "Complaints by channel", "channel", v.by_channel),
        _counts("by_category", "Complaints by category", "category", v.by_category),
        _counts("by_subcategory", "Complaints by subcategory", "subcategory", v.by_subcategory),
        _counts("by_priority", "Complaints by priority", "priority", v.by_priority),
        Table("hot_topics", "Hot topics against the previous period",
              ("topic", "this period", "previous period", "change (x)", "spike"),
              tuple((h.topic, h.current, h.previous, h.change, "yes" if h.spike else "")
                    for h in report.hot_topics), chart_columns=(1, 2)),
        Table("departments", "Responsible departments",
              ("department", "complaints", "upheld", "upheld rate", "redress"),
              tuple((d.department, d.complaints, d.upheld, d.upheld_rate, d.redress)
                    for d in report.departments), chart_columns=(1,)),
        Table("efficiency", "Handling time from receipt (hours)",
              ("to", "complaints", "mean", "p50", "p90"),
              (_durations("first contact", e.first_contact), _durations("answer", e.answer),
               _durations("accepted resolution", e.resolution)), chart_columns=(3, 4)),
        Table("sla", "SLA goals", ("clock", "clocks", "met", "breached", "running", "met share"),
              tuple((c.clock, c.clocks, c.met, c.breached, c.running, c.met_share)
                    for c in e.clocks), chart_columns=(5,)),
        Table("satisfaction", "Satisfaction scores", ("score", "surveys", "share"),
              tuple((c.key, c.count, c.share) for c in s.distribution), chart_columns=(1,)),
        Table("repeats", "Repeat complaints", ("figure", "value"), (
            ("complaints naming a customer", r.complaints_with_customer),
            ("customers", r.customers),
            ("customers with more than one complaint", r.repeat_customers),
            ("complaints after a customer's first", r.repeat_complaints),
            ("repeat-complaint rate", r.rate),
        )),
        Table("bottlenecks", "Time spent in each state (hours)",
              ("state", "stays", "mean", "p50", "p90", "waiting now"),
              tuple((b.status, b.stays, b.mean, b.p50, b.p90, b.waiting_now)
                    for b in report.bottlenecks), chart_columns=(3, 4)),
        _workload("handlers", "Per handler", "handler", report.handlers),
        _workload("teams", "Per team", "team", report.teams),
    ]


def cn_return_tables(ret: CnQuarterlyReturn) -> list[Table]:
    """The Chinese quarterly count: business line x cause, then the totals."""
    return [
        Table("lines", f"Complaints received in {ret.quarter} by business line and cause",
              ("subcategory", "business line", "cause", "received"),
              tuple((f"{line.business_line}/{line.cause}", line.business_line, line.cause,
                     line.received) for line in ret.lines)),
        Table("business_lines", "By business line", ("business line", "received"),
              ret.by_business_line),
        Table("causes", "By cause", ("cause", "received"), ret.by_cause),
        Table("categories", "By category (S2)", ("category", "received"), ret.by_category),
        Table("total", "Total", ("figure", "value"), (("received", ret.received),)),
    ]


def uk_return_tables(ret: UkDispReturn) -> list[Table]:
    """The DISP 1.10-style return as one figure per row."""
    return [Table("disp", f"Complaints return {ret.quarter} (DISP 1.10 style)",
                  ("figure", "value"), (
                      ("received", ret.received),
                      ("closed", ret.closed),
                      ("closed within 3 business days", ret.closed_within_3_business_days),
                      ("closed after 3 business days, within 8 weeks",
                       ret.closed_after_3_days_within_8_weeks),
                      ("closed after 8 weeks", ret.closed_after_8_weeks),
                      ("upheld", ret.upheld),
                      ("upheld share", ret.upheld_share),
                      ("redress paid", ret.redress_paid),
                  ))]
