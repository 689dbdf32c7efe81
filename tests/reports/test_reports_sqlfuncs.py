"""Percentiles computed in SQL agree with the textbook definition on both backends (S17).

PostgreSQL uses ``percentile_cont``; SQLite ranks rows with window
functions.  Both must give what :func:`statistics.quantiles` gives with
the ``inclusive`` method (linear interpolation between closest ranks).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, create_engine, select

from greenchannel_sdk.reports.sqlfuncs import duration_summaries, hours_between
from greenchannel_sdk.storage.tables import UTCDateTime

_meta = MetaData()
_spans = Table("report_test_spans", _meta, Column("id", Integer, primary_key=True),
               Column("grp", String(8)), Column("began", UTCDateTime()),
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
        conn.execute(_spans.insert(), rows)
        source = select(_spans.c.grp, hours_between(_spans.c.ended, _spans.c.began)
                        .label("hours")).subquery()
        found = duration_summaries(conn, source)
    assert set(found) == set(groups)
    for grp, minutes in groups.items():
        hours = sorted(m / 60 for m in minutes)
        count, mean, p50, p90 = found[grp]
        assert count == len(hours)
        assert mean == pytest.approx(statistics.fmean(hours), abs=1e-4)
        assert p50 == pytest.approx(reference(hours, 0.5), abs=1e-4)
        assert p90 == pytest.approx(reference(hours, 0.9), abs=1e-4)
