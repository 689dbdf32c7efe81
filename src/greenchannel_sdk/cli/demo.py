"""``greenchannel demo``: weeks of simulated complaints on an SQLite file, the lead's view,
and the statistics report as an HTML page."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine

from ..reports import Period, build_report
from ..reports.html import render_html
from ..security.keys import generate_key
from ..settings import Settings
from ..simulation import SIMULATION_START, simulate
from ..testing import FrozenClock, make_sdk


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo", help="simulate weeks of complaints and print the green-channel lead's summary")
    parser.add_argument("--weeks", type=int, default=3, help="simulated weeks (default 3)")
    parser.add_argument("--per-day", type=int, default=24,
                        help="complaints arriving per day (default 24)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--output", type=Path, default=Path("demo-output"),
                        help="folder for the SQLite database (default ./demo-output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    args.output.mkdir(parents=True, exist_ok=True)
    database = args.output / "greenchannel.db"
    database.unlink(missing_ok=True)
    clock = FrozenClock()
    settings = Settings(database_url=f"sqlite:///{database}", load_entry_points=False,
                        keys={"blind-index": generate_key(), "demo-1": generate_key()})
    started = time.perf_counter()

    def progress(day: int, days: int) -> None:
        bar = "#" * (20 * day // days)
        print(f"\rsimulating day {day:>3}/{days} [{bar:<20}]", end="", file=sys.stderr,
              flush=True)

    with make_sdk(args.output, clock=clock, settings=settings) as sdk:
        report = simulate(sdk, clock, weeks=args.weeks, per_day=args.per_day, seed=args.seed,
                          progress=progress)
        period = Period(start=SIMULATION_START, end=clock.now())
    print(file=sys.stderr)
    print(report.as_text())
    html = args.output / "report.html"
    engine = create_engine(settings.database_url)
    try:
        statistics = build_report(engine, period, as_of=clock.now())
    finally:
        engine.dispose()
    html.write_text(render_html(statistics), encoding="utf-8")
    print(f"\ndatabase: {database}\nstatistics report (S17-S19): {html}  "
          f"({time.perf_counter() - started:.1f} s)")
    return 0
