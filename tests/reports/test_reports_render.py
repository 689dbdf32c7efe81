"""The report's formats: terminal table, CSV and JSON shapes, HTML with charts (S19, S24)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from decimal import Decimal

import attrs
import pytest
from reports_dataset import AS_OF, MARCH, DataSet

from greenchannel_sdk.reports import Period, StatisticsReport, build_report
from greenchannel_sdk.reports.figures import DepartmentFigures
from greenchannel_sdk.reports.render import render_report
from greenchannel_sdk.reports.tables import report_tables


@pytest.fixture
def report(dataset: DataSet) -> StatisticsReport:
    return build_report(dataset.sdk.store.engine, MARCH, as_of=AS_OF)


def test_csv_has_one_row_per_figure(report: StatisticsReport) -> None:
    rows = list(csv.DictReader(io.StringIO(render_report(report, "csv"))))
    assert list(rows[0]) == ["section", "key", "metric", "value"]
    cell = {(r["section"], r["key"], r["metric"]): r["value"] for r in rows}
    assert cell[("by_channel", "web", "complaints")] == "3"
    assert cell[("departments", "cards_ops", "redress")] == "5150.50"
    assert cell[("handlers", "chen", "open")] == "1"
    expected = sum(len(t.rows) * (len(t.headers) - 1) for t in report_tables(report))
    assert len(rows) == expected


def test_json_mirrors_the_figures(report: StatisticsReport) -> None:
    data = json.loads(render_report(report, "json"))
    assert set(data) == {field.name for field in attrs.fields(StatisticsReport)}
    assert data["volume"]["total"] == 6
    assert data["departments"][0] == {"department": "cards_ops", "complaints": 2, "upheld": 1,
                                      "upheld_rate": 0.5, "redress": "5150.50"}
    assert data["period"]["start"] == MARCH.start.isoformat()
    assert data["efficiency"]["first_contact"]["count"] == 4


def test_terminal_table_shows_percentages_and_marks_missing_figures(
        report: StatisticsReport) -> None:
    text = render_report(report, "table")
    assert re.search(r"^web\s+3\s+50\.0%$", text, re.MULTILINE)
    assert re.search(r"^repeat-complaint rate\s+33\.3%$", text, re.MULTILINE)
    assert re.search(r"^awaiting_customer\s+1\s+24\.0\s+24\.0\s+24\.0\s+0$", text, re.MULTILINE)


def test_terminal_table_prints_a_dash_where_there_is_no_data(dataset: DataSet) -> None:
    quiet = Period(datetime(2025, 6, 1, tzinfo=timezone.utc),
                   datetime(2025, 7, 1, tzinfo=timezone.utc))
    text = render_report(build_report(dataset.sdk.store.engine, quiet, as_of=AS_OF), "table")
    assert re.search(r"^average satisfaction \(1-5\)\s+-$", text, re.MULTILINE)
    assert re.search(r"^first contact\s+0\s+-\s+-\s+-$", text, re.MULTILINE)


def test_html_is_one_file_with_a_chart_per_chartable_table(report: StatisticsReport) -> None:
    html = render_report(report, "html")
    charted = [t for t in report_tables(report) if t.chart_columns and t.rows]
    assert html.count("<svg") == len(charted) >= 10
    assert '<section id="bottlenecks">' in html
    assert 'class="bar"' in html
    assert "<script" not in html
    assert "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_html_escapes_names_from_the_database(report: StatisticsReport) -> None:
    hostile = attrs.evolve(report, departments=(
        DepartmentFigures("<script>x</script>", 1, 0, 0.0, Decimal("0.00")),))
    html = render_report(hostile, "html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_format_is_refused(report: StatisticsReport) -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render_report(report, "pdf")
