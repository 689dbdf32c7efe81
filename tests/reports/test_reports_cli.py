"""``greenchannel report`` and ``greenchannel report return`` (S17, S24)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from reports_dataset import DataSet

from greenchannel_sdk.cli import report


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="greenchannel")
    report.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    code: int = args.func(args)
    return code


def test_html_report_for_a_period_is_written_to_a_file(dataset: DataSet,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "march.html"
    url = dataset.sdk.settings.database_url
    assert run("--from", "2026-03-01", "--to", "2026-03-31", "--format", "html",
               "--output", str(out), "--database-url", url) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html
    assert "bank_cards/fees" in html


def test_filtered_json_report_on_stdout(dataset: DataSet,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = dataset.sdk.settings.database_url
    assert run("--from", "2026-03-01", "--to", "2026-03-31", "--team", "risk",
               "--format", "json", "--database-url", url) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["volume"]["total"] == 2
    assert data["filters"]["team"] == "risk"


def test_uk_disp_return_as_csv(dataset: DataSet, capsys: pytest.CaptureFixture[str]) -> None:
    url = dataset.sdk.settings.database_url
    assert run("return", "uk-disp", "--quarter", "2026Q1", "--format", "csv",
               "--database-url", url) == 0
    out = capsys.readouterr().out
    assert "disp,received,value,9" in out
    assert "disp,closed after 8 weeks,value,1" in out


def test_cn_quarterly_return_as_a_table(dataset: DataSet,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = dataset.sdk.settings.database_url
    assert run("return", "cn-quarterly", "--quarter", "2026Q1", "--database-url", url) == 0
    out = capsys.readouterr().out
    assert "bank_cards/fees" in out
    assert "deposits" in out


def test_bad_quarter_and_dates_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("return", "uk-disp", "--quarter", "2026Q9")
    assert "not a quarter like 2026Q1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("--from", "31/03/2026")
    assert "not a date like" in capsys.readouterr().err
