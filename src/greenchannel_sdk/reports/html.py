"""The report as one self-contained HTML page with charts (S19: look rather than read).

Everything is inline: the style sheet and the charts (SVG from
:mod:`.svg`), so the file can be mailed or put on a shared drive and
opened anywhere.  Every text from the database is escaped.
"""

from __future__ import annotations

from html import escape

from .figures import StatisticsReport
from .svg import bar_chart
from .tables import Table, report_tables
from .text import cell_context, format_cell, heading

__all__ = ["render_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f5f7; }
svg.chart { display: block; margin: .5em 0; }
"""


def _chart(table: Table) -> str:
    if not table.chart_columns or not table.rows:
        return ""
    labels = [format_cell(row[0]) for row in table.rows]
    series = [(table.headers[col], [_as_float(row[col]) for row in table.rows])
              for col in table.chart_columns]
    return bar_chart(table.title, labels, series)


def _as_float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(format_cell(value, cell_context(table, row, i)))}</td>"
                         for i, value in enumerate(row)) + "</tr>"
        for row in table.rows) or f'<tr><td colspan="{len(table.headers)}">(no data)</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: StatisticsReport) -> str:
    sections = "".join(
        f'<section id="{escape(t.name)}"><h2>{escape(t.title)}</h2>{_chart(t)}{_table(t)}'
        "</section>" for t in report_tables(report))
    title = escape(heading(report))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Green channel statistics</title><style>{_STYLE}</style></head>"
            f"<body><h1>Green channel statistics</h1><p>{title}</p>{sections}</body></html>\n")
