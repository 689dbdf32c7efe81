"""``greenchannel classify eval`` and ``classify text`` (S2, S4)."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from greenchannel_sdk.cli import classify


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="greenchannel")
    classify.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.func(args)
    return code


def labelled_file(tmp_path: Path) -> Path:
    path = tmp_path / "set.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category", "subcategory", "priority", "language"])
        writer.writerow(["My card was stolen", "transaction_dispute", "", "high", "en"])
        writer.writerow(["櫃員態度很差", "staff_service", "", "normal", "zh-Hant"])
        writer.writerow(["Nothing to go on here", "product_service", "", "normal", "en"])
    return path


def test_eval_prints_the_report_for_a_banks_file(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run("classify", "eval", str(labelled_file(tmp_path)), "--show-errors") == 0
    out = capsys.readouterr().out
    assert "accuracy: 0.667 (2/3)" in out
    assert "confusion matrix" in out
    assert "row 3: expected product_service, predicted other" in out
    assert "Nothing to go on" not in out


def test_eval_fails_below_the_required_accuracy(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run("classify", "eval", str(labelled_file(tmp_path)), "--min-accuracy", "0.9") == 1
    assert "accuracy below the required 0.900" in capsys.readouterr().out


def test_eval_defaults_to_the_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("classify", "eval") == 0
    out = capsys.readouterr().out
    assert "labelled complaints" in out
    assert "high priority: precision" in out


def test_eval_uses_a_banks_rules_file(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text('{"rules": [{"name": "anything", "category": "product_service", '
                     '"cause": "other", "keywords": ["here"]}], "business_lines": []}',
                     encoding="utf-8")
    assert run("classify", "eval", str(labelled_file(tmp_path)), "--rules", str(rules)) == 0
    assert "accuracy: 0.333 (1/3)" in capsys.readouterr().out


def test_text_shows_category_priority_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("classify", "text", "我的信用卡被盜刷了，我要找記者") == 0
    out = capsys.readouterr().out
    assert "category: transaction_dispute" in out
    assert "subcategory: bank_cards/funds_security" in out
    assert "rule unauthorised_transaction" in out
    assert "priority: high" in out
    assert "regulator_or_media +1" in out
