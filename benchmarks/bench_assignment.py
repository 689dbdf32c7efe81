"""Assignment throughput (S7): decisions per second per strategy, beside a plain pick.

Run: ``PYTHONPATH=src python benchmarks/bench_assignment.py [decisions] [intakes]``
(the skills-based strategy needs ``pip install -e plugins/greenchannel-skillmatch``).

Over a realistic directory (20 teams in 4 departments, 200 people with
roles, skills, languages, capacities from 5 to 30, weekday shifts, some on
leave or switched unavailable, open loads up to capacity), it measures in
the same process:

* ``choose``: the strategy alone, on the team's candidates worked out before
  the clock starts;
* ``decision``: what auto-assignment does per complaint outside storage,
  ``Directory.candidates`` (role, availability, shift, leave, capacity,
  conflict of interest) then the strategy;
* ``baseline``: a plain Python loop over the team's members picking the
  first eligible one (role, on duty, free capacity), with the members of
  each team listed before the clock starts.

The ratio decision/baseline is the figure to watch.  It then times full
registration through ``GreenChannel.intake`` on SQLite (classify,
prioritise, number, store, auto-assign, commit) with that directory stored
in the database and read by the default directory plugin, beside the same
intake with a one-person directory passed in code: the difference is what
routing among 200 stored people costs a registration.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from _timing import Stopwatch, load_note

from greenchannel_sdk import (
    Actor,
    Complaint,
    CustomerIdentity,
    Directory,
    GreenChannel,
    RoutingRule,
    RoutingTable,
    Settings,
    StaffMember,
    Team,
)
from greenchannel_sdk.dispatch import LeastLoaded, RoundRobin
from greenchannel_sdk.domain import (
    Category,
    Classification,
    Department,
    DirectoryRecords,
    Leave,
    Priority,
    PriorityAssessment,
    Shift,
    Status,
)
from greenchannel_sdk.interfaces import AssignmentStrategy
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_draft

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)  # Monday 09:00 in Shanghai
DEPARTMENTS = ("customer_relationship", "risk_control", "retail_banking", "wealth")
LINES = ("deposits", "loans", "bank_cards", "payment_settlement", "wealth_management")
CAUSES = ("service_attitude", "systems", "process", "sales_practice", "disclosure", "fees",
          "contract_terms", "funds_security", "information_security")
TEXTS = {
    Category.TRANSACTION_DISPUTE: "my card was used without my consent and money is missing",
    Category.PRODUCT_SERVICE: "the wealth product was sold to me as guaranteed but lost money",
    Category.STAFF_SERVICE: "the teller at the branch was rude and refused to help me",
    Category.BUSINESS_OPERATION: "the mobile banking app failed and my transfer is stuck",
    Category.OTHER: "the branch queue number machine was broken this morning",
}


def realistic_directory(seed: int = 7) -> DirectoryRecords:
    """20 teams of 10; each team's first member is its green-channel lead."""
    rng = random.Random(seed)
    weekdays = tuple(Shift(weekday=d, start=time(8, 30), end=time(18)) for d in range(5))
    late = tuple(Shift(weekday=d, start=time(12), end=time(21)) for d in range(6))
    teams, staff = [], []
    for t in range(20):
        team_id = f"team-{t:02d}"
        teams.append(Team(id=team_id, department=DEPARTMENTS[t % 4], lead=f"p{t:02d}-0"))
        for p in range(10):
            roles = {"green_channel_lead", "handler"} if p == 0 else {"handler"}
            skills = {rng.choice(list(Category)).value, *rng.sample(LINES, 2),
                      *rng.sample(CAUSES, 2)}
            leave = ((Leave(date(2026, 3, 1), date(2026, 3, 6)),) if rng.random() < 0.05
                     else ())
            staff.append(StaffMember(
                id=f"p{t:02d}-{p}", team=team_id, roles=roles, skills=skills,
                languages={"zh", "en"} if rng.random() < 0.4 else {"zh"},
                capacity=rng.randint(5, 30), available=rng.random() > 0.03,
                shifts=weekdays if rng.random() < 0.8 else late, leave=leave))
    return DirectoryRecords(departments=tuple(Department(id=d) for d in DEPARTMENTS),
                            teams=tuple(teams), staff=tuple(staff))


def complaints(count: int, seed: int = 11) -> list[Complaint]:
    rng = random.Random(seed)
    built = []
    for i in range(count):
        category = rng.choice(list(Category))
        built.append(Complaint(
            id=f"c-{i}", number=f"GC-{i:06d}", status=Status.REGISTERED, channel="web",
            external_id=f"m-{i}", received_at=NOW, registered_at=NOW, text="(not read)",
            classification=Classification(
                category=category, confidence=0.9,
                subcategory=f"{rng.choice(LINES)}/{rng.choice(CAUSES)}"),
            priority=PriorityAssessment(priority=Priority.NORMAL),
            language=rng.choice(("zh", "zh", "en")),
            about_staff=f"p{rng.randrange(20):02d}-{rng.randrange(10)}" if i % 10 == 0
            else None))
    return built


def loads(records: DirectoryRecords, seed: int = 13) -> dict[str, int]:
    rng = random.Random(seed)
    return {m.id: rng.randint(0, m.capacity) for m in records.staff}


def strategies() -> list[AssignmentStrategy]:
    found: list[AssignmentStrategy] = [RoundRobin(), LeastLoaded()]
    try:
        from greenchannel_skillmatch import SkillMatch
    except ImportError:
        print("skill_match skipped: pip install -e plugins/greenchannel-skillmatch")
    else:
        found.append(SkillMatch())
    return found


def _team_of(i: int) -> str:
    return f"team-{i % 20:02d}"


def choose_rate(strategy: AssignmentStrategy, cases: Sequence[Complaint],
                directory: Directory, load: dict[str, int]) -> float:
    candidates = [directory.candidates(_team_of(i), c, load, at=NOW, zone=ZONE)
                  for i, c in enumerate(cases)]
    with Stopwatch() as watch:
        for complaint, people in zip(cases, candidates, strict=True):
            strategy.choose(complaint, people, load)
    return watch.rates(len(cases))[1]


def decision_rate(strategy: AssignmentStrategy, cases: Sequence[Complaint],
                  directory: Directory, load: dict[str, int]) -> float:
    with Stopwatch() as watch:
        for i, complaint in enumerate(cases):
            strategy.choose(complaint, directory.candidates(_team_of(i), complaint, load,
                                                            at=NOW, zone=ZONE), load)
    return watch.rates(len(cases))[1]


def baseline_rate(cases: Sequence[Complaint], directory: Directory,
                  load: dict[str, int]) -> float:
    """The first eligible member of the team, by a plain loop (no strategy, no reasons)."""
    members: dict[str, list[StaffMember]] = {}
    for member in directory.staff.values():
        members.setdefault(member.team, []).append(member)
    with Stopwatch() as watch:
        for i, complaint in enumerate(cases):
            for member in members[_team_of(i)]:
                if ("handler" in member.roles and member.id != complaint.about_staff
                        and load.get(member.id, 0) < member.capacity
                        and member.on_duty(NOW, ZONE)):
                    break
    return watch.rates(len(cases))[1]


def _open(url: str, directory: Directory | None) -> GreenChannel:
    settings = Settings(database_url=url, load_entry_points=False,
                        keys={"k1": generate_key(), "blind-index": generate_key()})
    rules = [RoutingRule(team=_team_of(i), category=category,
                         strategy=("round_robin", "least_loaded")[i % 2])
             for i, category in enumerate(Category)]
    routing = (RoutingTable(fallback=RoutingRule(team="solo", strategy="least_loaded"))
               if directory is not None else
               RoutingTable.of(rules, RoutingRule(team="team-19", strategy="least_loaded")))
    return GreenChannel(settings, clock=FrozenClock(NOW), directory=directory, routing=routing)


def intake_rate(count: int, build: Callable[[str], GreenChannel],
                setup: Callable[[GreenChannel], None]) -> tuple[float, float]:
    with (tempfile.TemporaryDirectory(prefix="gc-bench-assign-") as folder,
          build(f"sqlite:///{folder}/bench.db") as sdk):
        setup(sdk)
        drafts = [make_draft(f"{TEXTS[category]} (case {i})", language="en",
                             received_at=NOW,
                             customer=CustomerIdentity(customer_ref=f"cust-{i}"))
                  for i, category in enumerate(list(Category) * (count // 5 + 10))]
        for draft in drafts[:50]:  # warm: compile statements, load the directory
            sdk.intake(draft)
        with Stopwatch() as watch:
            for draft in drafts[50:50 + count]:
                sdk.intake(draft)
    return watch.rates(count)


def main(argv: list[str]) -> int:
    numbers = [int(a) for a in argv if a.isdigit()]
    decisions = numbers[0] if numbers else 20_000
    intakes = numbers[1] if len(numbers) > 1 else 1_000
    records = realistic_directory()
    directory = Directory(records.teams, records.staff)
    cases = complaints(decisions)
    load = loads(records)
    print(f"assignment over {len(records.staff)} people in {len(records.teams)} teams, "
          f"{decisions:,} decisions ({load_note()})\n")
    print(f"{'strategy':<14}{'choose/s':>12}{'decision/s':>13}{'baseline/s':>13}"
          f"{'decision/baseline':>19}")
    for strategy in strategies():
        chosen = choose_rate(strategy, cases, directory, load)
        decided = decision_rate(strategy, cases, directory, load)
        base = baseline_rate(cases, directory, load)
        print(f"{strategy.name:<14}{chosen:>12,.0f}{decided:>13,.0f}{base:>13,.0f}"
              f"{decided / base:>19.2f}")
    print("(rates per CPU second of this process)\n")

    def store_directory(sdk: GreenChannel) -> None:
        sdk.staff.import_records(records, Actor("bench-admin", roles={"administrator"}))

    stored = intake_rate(intakes, lambda url: _open(url, None), store_directory)
    solo = Directory([Team(id="solo", department="customer_relationship")],
                     [StaffMember(id="only", team="solo", capacity=10**9)])
    plain = intake_rate(intakes, lambda url: _open(url, solo), lambda _sdk: None)
    print(f"full intake with auto-assignment on SQLite, {intakes:,} complaints")
    print(f"{'':<34}{'wall c/s':>10}{'cpu c/s':>10}")
    print(f"{'stored directory, 200 people':<34}{stored[0]:>10,.0f}{stored[1]:>10,.0f}")
    print(f"{'one person passed in code':<34}{plain[0]:>10,.0f}{plain[1]:>10,.0f}")
    print(f"{'ratio':<34}{stored[0] / plain[0]:>10.2f}{stored[1] / plain[1]:>10.2f}")
    print(f"\n({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
