"""Regulatory returns against the known data set, counted by hand (S17, S24).

UK DISP 1.10 style, first quarter of 2026 in London: received P1-P3 and
A-F (9; X came in April).  Closed (first answer or withdrawal) in the
quarter: A (answered after 26 h, Tuesday), D (withdrawn after 10 h),
E (answered Sunday 8 March, received Friday 6 March) within three business
days; B (received Tuesday 3 March, answered Wednesday 11 March) after
three business days but within eight weeks; P1 (received 2 February,
answered 31 March, 57 days) after eight weeks.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from reports_dataset import DataSet

from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.reports import (
    Quarter,
    cn_quarterly_return,
    uk_business_days,
    uk_disp_return,
)

Q1 = Quarter(2026, 1)


def test_uk_disp_return_buckets_closures_by_speed(dataset: DataSet) -> None:
    ret = uk_disp_return(dataset.sdk.store.engine, Q1)
    assert (ret.received, ret.closed) == (9, 5)
    assert ret.closed_within_3_business_days == 3
    assert ret.closed_after_3_days_within_8_weeks == 1
    assert ret.closed_after_8_weeks == 1


def test_uk_disp_return_upheld_share_and_redress(dataset: DataSet) -> None:
    """Upheld among the 5 closed: A and E; redress closed with A and B."""
    ret = uk_disp_return(dataset.sdk.store.engine, Q1)
    assert ret.upheld == 2
    assert ret.upheld_share == pytest.approx(2 / 5)
    assert ret.redress_paid == Decimal("5150.50")


def test_uk_business_days_follow_the_nations_bank_holidays() -> None:
    """2 January is a bank holiday in Scotland only, so the deadlines differ."""
    received = datetime(2026, 1, 1, 10, tzinfo=timezone.utc)
    england = uk_business_days("england").add_business_time(received, timedelta(days=3))
    scotland = uk_business_days("scotland").add_business_time(received, timedelta(days=3))
    assert scotland > england
    with pytest.raises(ValueError, match="unknown UK nation"):
        uk_business_days("atlantis")


def test_cn_quarterly_return_counts_business_line_and_cause(dataset: DataSet) -> None:
    """Fees: B, C, E, P1; service attitude: D, P2, P3; funds security: A; process: F."""
    ret = cn_quarterly_return(dataset.sdk.store.engine, Q1, "Asia/Shanghai")
    assert ret.received == 9
    assert {(line.business_line, line.cause): line.received for line in ret.lines} == {
        ("bank_cards", "fees"): 4, ("bank_cards", "funds_security"): 1,
        ("deposits", "service_attitude"): 3, ("loans", "process"): 1}
    assert dict(ret.by_business_line) == {"bank_cards": 5, "deposits": 3, "loans": 1}
    assert dict(ret.by_cause)["service_attitude"] == 3
    assert dict(ret.by_category) == {"product_service": 4, "staff_service": 3,
                                     "transaction_dispute": 1, "business_operation": 1}


@pytest.mark.parametrize("text", ["2026", "2026Q5", "Q1 2026", "26Q1"])
def test_a_malformed_quarter_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Quarter.parse(text)
    assert "quarter" in caught.value.problems


def test_quarters_cover_the_whole_year() -> None:
    assert Quarter.parse("2026q4").last_day.isoformat() == "2026-12-31"
    assert Quarter.parse("2026Q1").last_day.isoformat() == "2026-03-31"
    assert str(Quarter.parse(" 2026Q2 ")) == "2026Q2"
