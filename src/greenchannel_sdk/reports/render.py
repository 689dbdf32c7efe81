"""One entry point from figures to a document in the format asked for."""

from __future__ import annotations

from .export import render_csv, render_json, tables_csv
from .figures import StatisticsReport
from .html import render_html
from .returns import CnQuarterlyReturn, UkDispReturn
from .tables import cn_return_tables, uk_return_tables
from .text import render_tables, render_text

__all__ = ["REPORT_FORMATS", "RETURN_FORMATS", "render_report", "render_return"]

REPORT_FORMATS = ("table", "csv", "json", "html")
RETURN_FORMATS = ("table", "csv", "json")


def render_report(report: StatisticsReport, fmt: str) -> str:
    """``report`` as ``table``, ``csv``, ``json`` or ``html``."""
    renderers = {"table": render_text, "csv": render_csv, "json": render_json,
                 "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; one of {', '.join(REPORT_FORMATS)}")
    return renderers[fmt](report)


def render_return(ret: CnQuarterlyReturn | UkDispReturn, fmt: str) -> str:
    """A regulatory return as ``table``, ``csv`` or ``json``."""
    if fmt == "json":
        return render_json(ret)
    tables = (cn_return_tables(ret) if isinstance(ret, CnQuarterlyReturn)
              else uk_return_tables(ret))
    if fmt == "csv":
        return tables_csv(tables)
    if fmt == "table":
        return render_tables(tables[0].title, tables)
    raise ValueError(f"unknown return format {fmt!r}; one of {', '.join(RETURN_FORMATS)}")
