"""How many complaints, along which lines, and which topics are rising (S17).

The breakdowns come grouped from :func:`.passes.facts_pass`; hot topics
compare each subcategory's count there with the previous period of the
same length.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
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


def hot_topics(conn: Connection, period: Period, filters: ReportFilter, groups: Breakdowns, *,
               spike_ratio: float = 1.5, min_count: int = 3,
               limit: int = 10) -> tuple[HotTopic, ...]:
    """The ``limit`` busiest subcategories, with their count in the previous period.

    The counts of the period are the ``topic`` breakdown of
    :func:`.passes.facts_pass`; only the previous period is read here, and
    only for the topics that made the list.  A topic is a spike when it has
    at least ``min_count`` complaints now and either had none before or grew
    by ``spike_ratio`` or more: small numbers jump about by chance, so a rise
    from 1 to 2 is not news.
    """
    current = [(str(name), int(n)) for name, n, *_rest in groups["topic"] if n]
    busiest = sorted(current, key=lambda item: (-item[1], item[0]))[:limit]
    if not busiest:
        return ()
    topic = func.coalesce(stored.c.subcategory, stored.c.category)
    before: dict[str, int] = {str(name): int(n) for name, n in conn.execute(
        select(topic, func.count())
        .where(*matching(period.previous(), filters), topic.in_([t for t, _ in busiest]))
        .group_by(topic))}
    found = []
    for name, now in busiest:
        previous = before.get(name, 0)
        change = now / previous if previous else None
        spike = now >= min_count and (change is None or change >= spike_ratio)
        found.append(HotTopic(name, now, previous, change, spike))
    return tuple(found)
