"""How many complaints, along which lines, and which topics are rising (S17).

Each breakdown is one ``GROUP BY`` over the report's complaints (rows of
``report_facts``, :mod:`.cohort`); hot topics
compare each subcategory's count with the previous period of the same
length in one pass over both periods.
"""

from __future__ import annotations

from sqlalchemy import Integer, case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Subquery

from .cohort import facts as stored
from .cohort import matching
from .figures import Count, HotTopic, Volume, share
from .period import Period, ReportFilter

__all__ = ["UNCLASSIFIED", "hot_topics", "volume"]

#: The key used for complaints without a subcategory (or team, assignee...).
UNCLASSIFIED = "(none)"


def _counts(conn: Connection, facts: Subquery, column: str) -> list[tuple[str, int]]:
    key = func.coalesce(facts.c[column], UNCLASSIFIED)
    count = func.count()
    stmt = select(key, count).group_by(key).order_by(count.desc(), key)
    return [(str(k), int(n)) for k, n in conn.execute(stmt)]


def volume(conn: Connection, facts: Subquery) -> Volume:
    """The report's complaints by channel, category, subcategory, priority."""
    breakdowns = {column: _counts(conn, facts, column)
                  for column in ("channel", "category", "subcategory", "priority")}
    total = sum(n for _, n in breakdowns["channel"])

    def counted(column: str) -> tuple[Count, ...]:
        return tuple(Count(k, n, share(n, total)) for k, n in breakdowns[column])

    return Volume(total, counted("channel"), counted("category"), counted("subcategory"),
                  counted("priority"))


def hot_topics(conn: Connection, period: Period, filters: ReportFilter, *,
               spike_ratio: float = 1.5, min_count: int = 3,
               limit: int = 10) -> tuple[HotTopic, ...]:
    """The ``limit`` busiest subcategories, with their count in the previous period.

    A topic is a spike when it has at least ``min_count`` complaints now and
    either had none before or grew by ``spike_ratio`` or more: small numbers
    jump about by chance, so a rise from 1 to 2 is not news.
    """
    both = Period(period.previous().start, period.end)
    topic = func.coalesce(stored.c.subcategory, stored.c.category)
    now = func.sum(case((stored.c.received_at >= period.start, 1), else_=0)).cast(Integer)
    before = func.count() - now
    stmt = (select(topic, now.label("now"), before.label("before"))
            .where(*matching(both, filters)).group_by(topic)
            .having(now > 0).order_by(now.desc(), topic).limit(limit))
    found = []
    for name, now_count, before_count in conn.execute(stmt):
        current, previous = int(now_count), int(before_count)
        change = current / previous if previous else None
        spike = current >= min_count and (change is None or change >= spike_ratio)
        found.append(HotTopic(str(name), current, previous, change, spike))
    return tuple(found)
