"""Percentiles computed in SQL agree with the textbook definition on both backends (S17).

Both backends read the two ranks around each percentile with an ordered
``LIMIT 2 OFFSET k`` and interpolate; they must give what
:func:`statistics.quantiles` gives with the ``inclusive`` method (linear
interpolation between closest ranks), per group and without a group.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    update,
)

from greenchannel_sdk.reports.sqlfuncs import duration_summaries, hours_between
from greenchannel_sdk.storage.tables import UTCDateTime

_meta = MetaData()
_spans = Table("report_test_spans", _meta, Column("id", Integer, primary_key=True),
               Column("grp", String(8)), Column("hours", Float), Column("began", UTCDateTime()),
               Column("ended", UTCDateTime()))
_T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    _meta.create_all(engine)
    yield engine
    _meta.drop_all(engine)
    engine.dispose()


def reference(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return cuts[4] if p == 0.5 else cuts[8]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]),
                       st.lists(st.integers(min_value=0, max_value=100_000), min_size=1,
                                max_size=15), min_size=1))
def test_percentiles_match_linear_interpolation(engine: Engine,
                                                groups: dict[str, list[int]]) -> None:
    rows = [{"grp": grp, "began": _T0, "ended": _T0 + timedelta(minutes=m)}
            for grp, minutes in groups.items() for m in minutes]
    with engine.begin() as conn:
        conn.execute(_spans.delete())
        conn.execute(_spans.insert(), [*rows, {"grp": "a", "began": _T0, "ended": None}])
        conn.execute(update(_spans).values(
            hours=hours_between(_spans.c.ended, _spans.c.began)))
        found = duration_summaries(conn, _spans.c.hours, [], _spans.c.grp)
        overall = duration_summaries(conn, _spans.c.hours, [_spans.c.grp != "c"])
    assert set(found) == set(groups)
    for grp, minutes in groups.items():
        check(found[grp], [m / 60 for m in minutes])
    rest = [m / 60 for grp, minutes in groups.items() if grp != "c" for m in minutes]
    if rest:
        check(overall[None], rest)
    else:
        assert overall == {}


def check(found: tuple[int, float | None, float | None, float | None],
          values: list[float]) -> None:
    hours = sorted(values)
    count, mean, p50, p90 = found
    assert count == len(hours)
    assert mean == pytest.approx(statistics.fmean(hours), abs=1e-4)
    assert p50 == pytest.approx(reference(hours, 0.5), abs=1e-4)
    assert p90 == pytest.approx(reference(hours, 0.9), abs=1e-4)
