"""The report as plain-text tables for the terminal.

Shares print as percentages and hours with one decimal; "-" marks a
figure with no data behind it, so a missing figure never reads as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .figures import StatisticsReport
from .tables import Cell, Table, report_tables

__all__ = ["cell_context", "format_cell", "render_table", "render_tables", "render_text"]

#: Columns whose values are fractions, printed as percentages.
_SHARE_WORDS = ("share", "rate")


def format_cell(value: Cell, context: str = "") -> str:
    """One value as text; fractions become percentages when ``context`` (the column
    header and the row's label) speaks of a share or a rate."""
    if value is None:
        return "-"
    if isinstance(value, float):
        if any(word in context for word in _SHARE_WORDS):
            return f"{value * 100:.1f}%"
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def cell_context(table: Table, row: tuple[Cell, ...], column: int) -> str:
    """What a value is about: its column header and, past the first column, its row label."""
    return table.headers[column] if column == 0 else f"{table.headers[column]} {row[0]}"


def render_table(table: Table) -> str:
    rows = [[format_cell(value, cell_context(table, row, i)) for i, value in enumerate(row)]
            for row in table.rows]
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(table.headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    body = [line(row) for row in rows] or ["(no data)"]
    return "\n".join([table.title, line(list(table.headers)),
                      line(["-" * w for w in widths]), *body])


def heading(report: StatisticsReport) -> str:
    p = report.period
    return (f"Green channel statistics, received {p.start.isoformat()} to {p.end.isoformat()} "
            f"({report.filters.describe()}); as of {report.generated_at.isoformat()}")


def render_tables(title: str, tables: Sequence[Table]) -> str:
    """``title`` and every table, separated by blank lines."""
    return "\n\n".join([title, *(render_table(t) for t in tables)]) + "\n"


def render_text(report: StatisticsReport) -> str:
    return render_tables(heading(report), report_tables(report))
