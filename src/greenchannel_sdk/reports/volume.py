"""How many complaints, along which lines, and which topics are rising (S17).

The breakdowns come grouped from :func:`.passes.facts_pass`; hot topics
compare each subcategory's count with the previous period of the same
length in one pass over both periods.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, case, func, select
from sqlalchemy.engine import Connection

from .cohort import facts as stored
from .cohort import matching
from .figures import Count, HotTopic, Volume, share
from .grouped import Breakdowns
from .period import Period, ReportFilter

__all__ = ["UNCLASSIFIED", "hot_topics", "keyed", "volume"]

#: The key used for complaints without a subcategory (or team, assignee...).
UNCLASSIFIED = "(none)"


def keyed(rows: list[tuple[Any, ...]]) -> list[tuple[str, tuple[Any, ...]]]:
    """Grouped rows as ``(key, aggregates)``, busiest first; a NULL key reads ``(none)``."""
    found = [(UNCLASSIFIED if row[0] is None else str(row[0]), row[1:]) for row in rows]
    return sorted(found, key=lambda item: (-int(item[1][0]), item[0]))


def volume(groups: Breakdowns) -> Volume:
    """The report's complaints by channel, category, subcategory, priority."""
    total = sum(int(row[1]) for row in groups["channel"])

    def counted(column: str) -> tuple[Count, ...]:
        return tuple(Count(key, int(aggregates[0]), share(int(aggregates[0]), total))
                     for key, aggregates in keyed(groups[column]))

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
