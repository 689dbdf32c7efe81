"""Each statistic against figures worked out by hand from the known data set (S17, S19, S25).

The data set and its timeline are in ``reports_dataset``; every expected
number below follows from that table (hours after receipt), and the
comment next to it says how.  Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from reports_dataset import AS_OF, MARCH, DataSet
from sqlalchemy import update

from greenchannel_sdk.reports import (
    Durations,
    Period,
    ReportFilter,
    StatisticsReport,
    build_report,
)
from greenchannel_sdk.storage.tables import ReportFactRow


def report_of(dataset: DataSet, filters: ReportFilter | None = None,
              period: Period = MARCH) -> StatisticsReport:
    return build_report(dataset.sdk.store.engine, period, filters, as_of=AS_OF)


def counts(items: tuple[object, ...]) -> dict[str, int]:
    return {c.key: c.count for c in items}  # type: ignore[attr-defined]


def test_volume_counts_march_only_along_four_lines(dataset: DataSet) -> None:
    """A-F were received in March; P1-P3 (February) and X (April) are outside."""
    v = report_of(dataset).volume
    assert v.total == 6
    assert counts(v.by_channel) == {"web": 3, "phone": 2, "wechat": 1}
    assert counts(v.by_category) == {"product_service": 3, "transaction_dispute": 1,
                                     "staff_service": 1, "business_operation": 1}
    assert counts(v.by_subcategory) == {"bank_cards/fees": 3, "bank_cards/funds_security": 1,
                                        "deposits/service_attitude": 1, "loans/process": 1}
    assert counts(v.by_priority) == {"normal": 4, "high": 2}
    assert v.by_channel[0].share == pytest.approx(3 / 6)


def test_hot_topics_compare_with_the_31_days_before(dataset: DataSet) -> None:
    """Fees: B, C, E now against P1 before (x3, a spike); service attitude: D against P2, P3."""
    topics = {t.topic: t for t in report_of(dataset).hot_topics}
    fees = topics["bank_cards/fees"]
    assert (fees.current, fees.previous, fees.change, fees.spike) == (3, 1, 3.0, True)
    attitude = topics["deposits/service_attitude"]
    assert (attitude.current, attitude.previous, attitude.change) == (1, 2, 0.5)
    assert not attitude.spike
    new = topics["loans/process"]  # new, but one complaint is below the minimum for a spike
    assert (new.previous, new.change, new.spike) == (0, None, False)


def test_a_topic_without_a_subcategory_is_its_category_now_and_before(dataset: DataSet) -> None:
    """D (March) and P2, P3 (February) classified without a subcategory: topic staff_service.

    The period's topics come from the complaints' pass, the period before's
    from a query of their own; both must name a topic the same way.
    """
    with dataset.sdk.store.engine.begin() as conn:
        conn.execute(update(ReportFactRow)
                     .where(ReportFactRow.subcategory == "deposits/service_attitude")
                     .values(subcategory=None))
    topics = {t.topic: t for t in report_of(dataset).hot_topics}
    assert "deposits/service_attitude" not in topics
    staff = topics["staff_service"]
    assert (staff.current, staff.previous, staff.change, staff.spike) == (1, 2, 0.5, False)


def test_departments_use_the_latest_finding_and_the_closing_redress(dataset: DataSet) -> None:
    """A was revised from branch_network to cards_ops (upheld); B cards_ops not upheld; E upheld."""
    found = {d.department: d for d in report_of(dataset).departments}
    cards, branches = found["cards_ops"], found["branch_network"]
    assert (cards.complaints, cards.upheld, cards.upheld_rate) == (2, 1, 0.5)
    assert cards.redress == Decimal("5150.50")  # A 5000.00 + B 150.50
    assert (branches.complaints, branches.upheld, branches.redress) == (1, 1, Decimal("0.00"))


def test_efficiency_percentiles_interpolate_between_ranks(dataset: DataSet) -> None:
    """First contact A1 B4 C30 E2; answer A26 B192 E51; accepted A50 B216 E75 (hours)."""
    e = report_of(dataset).efficiency
    assert e.first_contact == Durations(4, pytest.approx(37 / 4), pytest.approx(3.0),
                                        pytest.approx(4 + 0.7 * 26))
    assert e.answer == Durations(3, pytest.approx(269 / 3), pytest.approx(51.0),
                                 pytest.approx(51 + 0.8 * 141))
    assert e.resolution == Durations(3, pytest.approx(341 / 3), pytest.approx(75.0),
                                     pytest.approx(75 + 0.8 * 141))


def test_sla_goals_met_breached_and_running(dataset: DataSet) -> None:
    """First contact: C (30 h of 24) and F (none, 2 h green goal) breached; resolution:
    C and F still open past their deadlines; follow-up: E accepted on 9 March, never closed."""
    clocks = {c.clock: c for c in report_of(dataset).efficiency.clocks}
    assert (clocks["first_contact"].met, clocks["first_contact"].breached) == (4, 2)
    assert (clocks["resolution"].met, clocks["resolution"].breached) == (4, 2)
    follow_up = clocks["follow_up"]
    assert (follow_up.clocks, follow_up.met, follow_up.breached) == (3, 2, 1)
    assert follow_up.met_share == pytest.approx(2 / 3)


def test_sla_clock_still_inside_its_goal_counts_as_running(dataset: DataSet) -> None:
    """Seen from 7 March 02:00Z, F's 5-day resolution clock (from 7 March) has time left."""
    early = datetime(2026, 3, 7, 2, tzinfo=timezone.utc)
    report = build_report(dataset.sdk.store.engine, MARCH, as_of=early)
    resolution = next(c for c in report.efficiency.clocks if c.clock == "resolution")
    assert resolution.running >= 1
    assert resolution.clocks == resolution.met + resolution.breached + resolution.running


def test_satisfaction_average_distribution_and_solved(dataset: DataSet) -> None:
    """Surveys: A 5 solved, B 3 unsolved, E 4 solved."""
    s = report_of(dataset).satisfaction
    assert (s.surveys, s.average, s.solved) == (3, 4.0, 2)
    assert s.solved_rate == pytest.approx(2 / 3)
    assert counts(s.distribution) == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}


def test_repeat_rate_counts_customers_within_the_period(dataset: DataSet) -> None:
    """C1 filed A, C and F in March (X in April does not count): 2 repeats of 6."""
    r = report_of(dataset).repeats
    assert (r.complaints_with_customer, r.customers, r.repeat_customers,
            r.repeat_complaints) == (6, 4, 1, 2)
    assert r.rate == pytest.approx(2 / 6)


def test_bottlenecks_measure_stays_between_status_changes(dataset: DataSet) -> None:
    """Assigned: A1 B4 C30 D10 E2, F still waiting; investigating: A24 B187 E24."""
    dwell = {b.status: b for b in report_of(dataset).bottlenecks}
    assigned = dwell["assigned"]
    assert (assigned.stays, assigned.waiting_now) == (5, 1)
    assert assigned.mean == pytest.approx(47 / 5)
    assert assigned.p50 == pytest.approx(4.0)
    assert assigned.p90 == pytest.approx(10 + 0.6 * 20)
    investigating = dwell["investigating"]
    assert investigating.stays == 3
    assert investigating.p50 == pytest.approx(24.0)
    assert investigating.p90 == pytest.approx(24 + 0.8 * 163)
    assert dwell["awaiting_customer"].p50 == pytest.approx(24.0)  # E waited a day for a reply
    assert dwell["contacted"].waiting_now == 1  # C
    assert dwell["resolved"].waiting_now == 1  # E, accepted, never closed
    assert "closed" not in dwell
    assert "withdrawn" not in dwell


def test_per_handler_figures_for_the_incentives_review(dataset: DataSet) -> None:
    """chen: A (resolved in 50 h) and F (open); 3 clocks met (A), 2 breached (F)."""
    handlers = {w.key: w for w in report_of(dataset).handlers}
    chen = handlers["chen"]
    assert (chen.complaints, chen.open, chen.resolved) == (2, 1, 1)
    assert chen.resolution_p50 == pytest.approx(50.0)
    assert (chen.clocks_met, chen.clocks_breached, chen.satisfaction) == (3, 2, 5.0)
    zhao = handlers["zhao"]  # D withdrawn, E resolved: nothing open
    assert (zhao.open, zhao.clocks_met, zhao.clocks_breached) == (0, 4, 1)


def test_per_team_figures(dataset: DataSet) -> None:
    """green-channel: B, C (wang) and D, E (zhao); resolution times 216 and 75 hours."""
    team = {w.key: w for w in report_of(dataset).teams}["green-channel"]
    assert (team.complaints, team.resolved, team.surveys) == (4, 2, 2)
    assert team.resolution_p50 == pytest.approx((216 + 75) / 2)
    assert team.satisfaction == pytest.approx(3.5)


def test_filters_narrow_every_figure(dataset: DataSet) -> None:
    """The risk team holds A and F only: both high priority, one survey."""
    report = report_of(dataset, ReportFilter(team="risk"))
    assert report.volume.total == 2
    assert counts(report.volume.by_priority) == {"high": 2}
    assert report.satisfaction.surveys == 1
    assert [w.key for w in report.handlers] == ["chen"]
    phone = report_of(dataset, ReportFilter(channel="phone", priority="normal"))
    assert phone.volume.total == 1  # B


def test_a_period_without_complaints_reports_no_data_not_zero(dataset: DataSet) -> None:
    quiet = Period(datetime(2025, 6, 1, tzinfo=timezone.utc),
                   datetime(2025, 7, 1, tzinfo=timezone.utc))
    report = report_of(dataset, period=quiet)
    assert report.volume.total == 0
    assert report.efficiency.first_contact == Durations(0, None, None, None)
    assert report.satisfaction.average is None
    assert report.repeats.rate is None
    assert report.departments == ()
    assert report.handlers == ()
