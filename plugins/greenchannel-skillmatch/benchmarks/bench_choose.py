"""Decisions per second of ``skill_match`` over 50 candidates, beside the built-in ``least_loaded``.

Both strategies answer the same complaints about the same 50 candidates
with the same load, in the same process, so the gap between the two lines
is what matching skills costs over picking the least loaded person.

Run from the plugin folder::

    PYTHONPATH=src:../../src python benchmarks/bench_choose.py [--seconds 2] [--candidates 50]
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from datetime import datetime, timezone

from greenchannel_sdk import (
    AssignmentStrategy,
    Category,
    Classification,
    Complaint,
    Priority,
    PriorityAssessment,
    StaffMember,
    Status,
)
from greenchannel_sdk.dispatch import LeastLoaded

from greenchannel_skillmatch import SkillMatch

RECEIVED = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
LINES = ("bank_cards", "deposits", "loans", "payment_settlement", "wealth_management")
CAUSES = ("funds_security", "fees", "sales_practice", "systems", "service_attitude")
LANGUAGES = ("zh", "zh-Hant", "en")


def complaints() -> list[Complaint]:
    """One complaint per category x business line x cause x language: 375 different needs."""
    return [
        Complaint(id=f"c-{n}", number=f"GC-{n}", status=Status.REGISTERED, channel="web",
                  external_id=f"m-{n}", received_at=RECEIVED, registered_at=RECEIVED, text="",
                  classification=Classification(category=category, confidence=0.9,
                                                subcategory=f"{line}/{cause}"),
                  priority=PriorityAssessment(priority=Priority.NORMAL), language=language)
        for n, (category, line, cause, language)
        in enumerate(itertools.product(Category, LINES, CAUSES, LANGUAGES))
    ]


def candidates(count: int) -> list[StaffMember]:
    """Members who each know a category, a business line, a cause and one or two languages."""
    categories = [c.value for c in Category]
    return [
        StaffMember(id=f"staff-{n:03d}", team="green-channel",
                    skills={categories[n % 5], LINES[n // 5 % 5], CAUSES[n // 2 % 5]},
                    languages={"zh"} if n % 3 else {"zh", "en"})
        for n in range(count)
    ]


def rate(strategy: AssignmentStrategy, cases: list[Complaint], team: list[StaffMember],
         load: dict[str, int], seconds: float) -> float:
    """Decisions per second over at least ``seconds`` of wall time."""
    cycle = itertools.cycle(cases)
    choose: Callable[..., object] = strategy.choose
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(200):
            choose(next(cycle), team, load)
        done += 200
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--candidates", type=int, default=50)
    args = parser.parse_args()

    cases, team = complaints(), candidates(args.candidates)
    load = {member.id: n % 7 for n, member in enumerate(team)}
    print(f"{args.candidates} candidates, {len(cases)} different complaints, "
          f"{args.seconds:g} s per strategy")
    for label, strategy in (("least_loaded (baseline)", LeastLoaded()),
                            ("skill_match", SkillMatch())):
        per_second = rate(strategy, cases, team, load, args.seconds)
        print(f"{label:<24} {per_second:>10,.0f} decisions/s  "
              f"{1e6 / per_second:>7.1f} µs each")


if __name__ == "__main__":
    main()
