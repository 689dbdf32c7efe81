"""``greenchannel report``: statistics and regulatory returns from the shell (S17, S19, S24).

``greenchannel report`` writes the statistics of a period (by default the
last 30 days) as a terminal table, CSV, JSON or a self-contained HTML page;
``greenchannel report return cn-quarterly|uk-disp --quarter 2026Q1`` writes
a regulatory return.  Reports only read: the schema is checked, never
changed, no encryption key is needed and no plugin is loaded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from ..errors import ValidationError
from ..reports import (
    Period,
    Quarter,
    ReportFilter,
    build_report,
    cn_quarterly_return,
    uk_business_days,
    uk_disp_return,
)
from ..reports.render import REPORT_FORMATS, RETURN_FORMATS, render_report, render_return
from ..settings import Settings
from ..sla.plugin import UK_NATIONS
from ..storage import SqlStore
from .options import add_database_option, settings_from

__all__ = ["add_parser"]

_DEFAULT_DAYS = 30


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` and ``report return`` to the ``greenchannel`` command."""
    parser = subparsers.add_parser(
        "report", help="statistics of a period, or a regulatory return (S17, S19, S25)")
    parser.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD",
                        help=f"first day of receipt (default: {_DEFAULT_DAYS} days before --to)")
    parser.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD",
                        help="last day of receipt, included (default: today)")
    for name in ("channel", "category", "priority", "team"):
        parser.add_argument(f"--{name}", help=f"only complaints with this {name}")
    parser.add_argument("--format", choices=REPORT_FORMATS, default="table")
    _add_output(parser)
    parser.set_defaults(func=run_report)
    commands = parser.add_subparsers(dest="report_command", metavar="return")
    returns = commands.add_parser("return", help="a regulatory return for one quarter")
    returns.add_argument("kind", choices=("cn-quarterly", "uk-disp"))
    returns.add_argument("--quarter", type=_quarter, required=True, metavar="YYYYQn",
                         help="the quarter, e.g. 2026Q1")
    returns.add_argument("--nation", choices=tuple(UK_NATIONS), default="england",
                         help="whose bank holidays count as non-business days (uk-disp)")
    returns.add_argument("--format", choices=RETURN_FORMATS, default="table")
    _add_output(returns)
    returns.set_defaults(func=run_return)


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write to FILE instead of standard output")
    add_database_option(parser)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a quarter like 2026Q1") from None


def _period(args: argparse.Namespace, settings: Settings) -> Period:
    last = args.last or datetime.now(timezone.utc).date()
    first = args.first or last - timedelta(days=_DEFAULT_DAYS - 1)
    if first > last:
        raise ValidationError("invalid report period", {"--from": "must not be after --to"})
    return Period.of_days(first, last, settings.timezone)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    print(f"written to {output}", file=sys.stderr)


@contextmanager
def _reading_engine(settings: Settings) -> Iterator[Engine]:
    """A plain engine on a database whose schema was checked.

    The store's own engine starts every SQLite transaction with ``BEGIN
    IMMEDIATE`` (it writes); a report only reads, so it uses an engine with
    ordinary deferred transactions and never holds up intake while it runs.
    """
    SqlStore(settings.database_url, migrate="check").close()
    engine = create_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def run_report(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    period = _period(args, settings)
    filters = ReportFilter(args.channel, args.category, args.priority, args.team)
    with _reading_engine(settings) as engine:
        report = build_report(engine, period, filters)
    _write(render_report(report, args.format), args.output)
    return 0


def run_return(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with _reading_engine(settings) as engine:
        if args.kind == "cn-quarterly":
            ret = cn_quarterly_return(engine, args.quarter, settings.timezone)
            text = render_return(ret, args.format)
        else:
            text = render_return(uk_disp_return(engine, args.quarter,
                                                calendar=uk_business_days(args.nation)),
                                 args.format)
    _write(text, args.output)
    return 0
