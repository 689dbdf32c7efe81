"""A simulated bank: weeks of complaints on the four channels of S1, worked by simulated staff.

Used by ``greenchannel demo`` and by the benchmarks.  Time is a
:class:`~greenchannel_sdk.testing.FrozenClock` stepped an hour at a time, so
a month runs in seconds; randomness is seeded, so a run can be repeated.
Every action goes through the public facade exactly as a bank's
application would call it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from importlib import resources

import attrs

from .domain import Actor, ChannelDraft, Complaint, CustomerIdentity, Status
from .errors import ConcurrentModification, IllegalTransition
from .sdk import GreenChannel
from .store import ComplaintQuery
from .testing import FrozenClock

__all__ = ["SIMULATION_START", "SimulationReport", "sample_texts", "simulate"]

#: The four intake channels of the source scheme (S1).
CHANNELS = ("web", "wechat", "hotline", "branch_box")
_CHANNEL_WEIGHTS = (4, 3, 5, 1)
#: When the simulated weeks begin: a Monday morning in Shanghai.
SIMULATION_START = datetime(2026, 3, 2, 0, 0, tzinfo=timezone.utc)
_SUPERVISOR = Actor("sup-zhou", roles={"supervisor"})


def sample_texts() -> list[tuple[str, str]]:
    """(text, language) pairs from the labelled set shipped with the triage package."""
    data = resources.files("greenchannel_sdk.triage").joinpath("data/labelled_complaints.csv")
    rows = csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"), newline=""))
    return [(row["text"], row["language"]) for row in rows]


@attrs.frozen
class SimulationReport:
    """What a green-channel lead wants to see after the run."""

    complaints: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_priority: dict[str, int]
    by_channel: dict[str, int]
    sla: dict[str, dict[str, int]]
    escalated: int
    quarantined: int
    notifications_sent: int
    audit_breaks: int

    def as_text(self) -> str:
        lines = [f"complaints registered: {self.complaints}", ""]
        for title, table in (("by state", self.by_status), ("by category", self.by_category),
                             ("by priority", self.by_priority), ("by channel", self.by_channel)):
            lines.append(f"{title}:")
            lines.extend(f"  {key:<22}{value:>6}" for key, value in sorted(table.items()))
            lines.append("")
        lines.append("SLA clocks (met / breached / still running):")
        for name, counts in sorted(self.sla.items()):
            lines.append(f"  {name:<22}{counts['met']:>6} met {counts['breached']:>6} breached "
                         f"{counts['running']:>6} running")
        lines += ["", f"complaints escalated: {self.escalated}",
                  f"notifications delivered through the outbox: {self.notifications_sent}",
                  f"payloads in quarantine: {self.quarantined}",
                  f"audit chain breaks: {self.audit_breaks}"]
        return "\n".join(lines)


def simulate(
    sdk: GreenChannel,
    clock: FrozenClock,
    *,
    weeks: int = 3,
    per_day: int = 24,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationReport:
    """Run ``weeks`` of complaints through ``sdk``; ``clock`` is the SDK's own clock."""
    rng = random.Random(seed)
    texts = sample_texts()
    hours = weeks * 7 * 24
    lead = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")
    plans: dict[str, _Plan] = {}
    customers = [f"C-{n:05d}" for n in range(per_day * weeks * 5)]
    for hour in range(hours):
        now = clock.set(SIMULATION_START + timedelta(hours=hour))
        for draft in _arrivals(rng, now, per_day, texts, customers):
            result = sdk.intake(draft)
            if result.outcome == "registered" and result.complaint is not None:
                plans[result.complaint.number] = _Plan.draw(rng, now,
                                                            result.complaint.green_channel)
        for number, plan in list(plans.items()):
            if plan.due <= now and _act(sdk, number, plan, rng, lead, now):
                del plans[number]
        sdk.tick(now)
        if hour % 24 == 0:
            sdk.apply_deemed_acceptance(now)
        sdk.relay_outbox(now, limit=500)
        if progress is not None and hour % 24 == 23:
            progress(hour // 24 + 1, hours // 24)
    return _report(sdk)


@attrs.define
class _Plan:
    """How one simulated case will go: contact speed, resolution time, customer reaction."""

    due: datetime
    contact_delay: timedelta
    work_days: float
    accepts: bool
    waits_for_customer: bool

    @classmethod
    def draw(cls, rng: random.Random, now: datetime, green: bool) -> _Plan:
        # Green-channel cases are dispatched first (S5) and worked faster; about one
        # case in twelve still misses its first-contact target (S9), so the
        # supervision side (S22) has something to show.
        late = rng.random() < 0.08
        if green:
            delay = timedelta(hours=rng.uniform(2.5, 6) if late else rng.uniform(0.05, 0.5))
            work_days = rng.uniform(0.5, 4)
        else:
            delay = timedelta(hours=rng.uniform(25, 40) if late else rng.uniform(0.5, 8))
            work_days = rng.uniform(1, 12)
        return cls(due=now + delay, contact_delay=delay, work_days=work_days,
                   accepts=rng.random() < 0.9, waits_for_customer=rng.random() < 0.2)


def _arrivals(rng: random.Random, now: datetime, per_day: int, texts: list[tuple[str, str]],
              customers: list[str]) -> Iterator[ChannelDraft]:
    local_hour = (now.hour + 8) % 24  # Shanghai
    rate = per_day / 12 if 8 <= local_hour < 20 else 0
    for _ in range(_poisson(rng, rate)):
        text, language = rng.choice(texts)
        channel = rng.choices(CHANNELS, weights=_CHANNEL_WEIGHTS)[0]
        ref = rng.choice(customers)
        yield ChannelDraft(
            channel=channel, external_id=f"sim-{rng.getrandbits(64):016x}",
            received_at=now - timedelta(minutes=rng.randint(0, 30)), text=text,
            customer=CustomerIdentity(customer_ref=ref, phone=f"138{rng.randint(0, 99999999):08d}",
                                      name=f"客户{ref[-3:]}"),
            language=language, branch_code=rng.choice(["SH01", "BJ02", None]),
            amount=Decimal(rng.choice([0, 200, 5000, 80000])) if rng.random() < 0.3 else None,
        )


def _poisson(rng: random.Random, rate: float) -> int:
    count, total = 0, rng.expovariate(rate) if rate > 0 else 2.0
    while total < 1.0:
        count += 1
        total += rng.expovariate(rate)
    return count


def _act(sdk: GreenChannel, number: str, plan: _Plan, rng: random.Random, lead: Actor,
         now: datetime) -> bool:
    """Take the next step on one case; return True when the case needs nothing more."""
    complaint = sdk.get(number)
    handler = _handler(complaint)
    step: Callable[[], object] | None = {
        Status.ASSIGNED: lambda: sdk.record_contact(number, handler, method="phone",
                                                    outcome="confirmed the complaint"),
        Status.CONTACTED: lambda: sdk.start_investigation(number, handler,
                                                          note="checked transaction records"),
        Status.REOPENED: lambda: sdk.start_investigation(number, handler,
                                                         note="customer not satisfied; rechecked"),
        Status.INVESTIGATING: lambda: _investigate(sdk, number, handler, plan, rng),
        Status.AWAITING_CUSTOMER: lambda: sdk.customer_replied(number, handler,
                                                               note="documents received"),
        Status.RESOLUTION_PROPOSED: lambda: _customer_answers(sdk, number, handler, plan),
        Status.RESOLVED: lambda: _follow_up(sdk, number, lead, rng),
        Status.CLOSED: lambda: sdk.archive(number, Actor.system("archive")),
    }.get(complaint.status)
    if step is None:
        return True
    with contextlib.suppress(ConcurrentModification, IllegalTransition):
        step()  # a simulated person may race the SLA sweeper; they simply try later
    plan.due = now + _pace(complaint.status, plan, rng)
    return complaint.status is Status.CLOSED


def _handler(complaint: Complaint) -> Actor:
    assignment = complaint.assignment
    assignee = assignment.assignee if assignment and assignment.assignee else "lead-li"
    team = assignment.team if assignment else None
    return Actor(assignee, roles={"handler"}, team=team)


def _investigate(sdk: GreenChannel, number: str, handler: Actor, plan: _Plan,
                 rng: random.Random) -> None:
    if plan.waits_for_customer:
        plan.waits_for_customer = False
        sdk.request_customer_info(number, handler, what="statement of the disputed month")
        return
    department = rng.choice(["retail_banking", "card_centre", "wealth_management",
                             "branch_operations"])
    sdk.add_note(number, handler, text="transaction records and call recording checked",
                 evidence=(f"txn-{rng.getrandbits(32):08x}",))
    sdk.record_accountability(number, handler, department=department,
                              upheld=rng.random() < 0.6)
    sdk.propose_resolution(number, handler, remedy="refund of the disputed amount",
                           redress=Decimal(rng.choice([0, 50, 200, 1000])))


def _customer_answers(sdk: GreenChannel, number: str, handler: Actor, plan: _Plan) -> None:
    if plan.accepts:
        sdk.accept_resolution(number, handler)
    else:
        plan.accepts = True  # accepted the second proposal
        sdk.decline_resolution(number, handler, reason="customer wants a full refund")


def _follow_up(sdk: GreenChannel, number: str, lead: Actor, rng: random.Random) -> None:
    complaint = sdk.get(number)
    caller = lead
    if complaint.follow_up is not None and complaint.follow_up.assignee:
        caller = Actor(complaint.follow_up.assignee, roles={"handler"},
                       team=complaint.follow_up.team)
    sdk.record_survey(number, caller, score=rng.choice([2, 3, 4, 4, 5, 5]),
                      solved=rng.random() < 0.95, reopen_if_dissatisfied=True)
    if sdk.get(number).status is Status.RESOLVED:
        sdk.close_complaint(number, lead, root_cause="card-not-present fraud not flagged",
                            redress=Decimal(200), approver=_SUPERVISOR,
                            reason="follow-up visit done (S15)")


def _pace(status: Status, plan: _Plan, rng: random.Random) -> timedelta:
    if status is Status.ASSIGNED:
        return timedelta(hours=rng.uniform(1, 6))
    if status is Status.CONTACTED:
        return timedelta(days=plan.work_days)
    return timedelta(hours=rng.uniform(4, 48))


def _report(sdk: GreenChannel) -> SimulationReport:
    status: Counter[str] = Counter()
    category: Counter[str] = Counter()
    priority: Counter[str] = Counter()
    channel: Counter[str] = Counter()
    sla: dict[str, Counter[str]] = {}
    escalated = total = 0
    for complaint in sdk.iter_complaints(ComplaintQuery()):
        total += 1
        status[complaint.status.value] += 1
        category[complaint.classification.category.value] += 1
        priority[complaint.priority.priority.value] += 1
        channel[complaint.channel] += 1
        escalated += complaint.escalation_level > 0
        for clock in sdk.clock_states(complaint.number):
            counts = sla.setdefault(clock.name, Counter())
            met = clock.met
            counts["running" if met is None and not clock.breached
                   else "met" if met else "breached"] += 1
    return SimulationReport(
        complaints=total, by_status=dict(status), by_category=dict(category),
        by_priority=dict(priority), by_channel=dict(channel),
        sla={name: {"met": c["met"], "breached": c["breached"], "running": c["running"]}
             for name, c in sla.items()},
        escalated=escalated, quarantined=len(sdk.quarantined()),
        notifications_sent=sdk.outbox_counts().get("sent", 0),
        audit_breaks=len(sdk.verify_audit()),
    )
