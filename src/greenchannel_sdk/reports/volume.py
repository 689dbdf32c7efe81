"""How many complaints, along which lines, and which topics are rising (S17).

The breakdowns come grouped from :func:`.passes.facts_pass`; hot topics
compare each topic's count there with the previous period of the same
length (:func:`topic_counts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from .cohort import facts as stored
from .cohort import matching
from .figures import Count, HotTopic, Volume, share
from .grouped import Breakdowns
from .period import Period, ReportFilter

__all__ = ["UNCLASSIFIED", "hot_topics", "keyed", "topic_counts", "topic_of", "volume"]

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


def topic_of(category: str, subcategory: str | None) -> str:
    """A complaint's topic: its subcategory, or its category when it has none."""
    return category if subcategory is None else subcategory


def topic_counts(conn: Connection, period: Period, filters: ReportFilter) -> dict[str, int]:
    """Complaints per topic (:func:`topic_of`) received in ``period`` matching ``filters``.

    For the period before the report's: the report's own counts come from
    :func:`.passes.facts_pass`.  Every topic is counted (a few dozen groups),
    so this query need not wait for the report's busiest topics.
    """
    category, subcategory = stored.c.category, stored.c.subcategory
    counts: Counter[str] = Counter()
    for group_category, group_subcategory, n in conn.execute(
            select(category, subcategory, func.count()).where(*matching(period, filters))
            .group_by(category, subcategory)):
        counts[topic_of(group_category, group_subcategory)] += int(n)
    return dict(counts)


def hot_topics(groups: Breakdowns, before: Mapping[str, int], *, spike_ratio: float = 1.5,
               min_count: int = 3, limit: int = 10) -> tuple[HotTopic, ...]:
    """The ``limit`` busiest topics, with their count in the previous period.

    The counts of the period are the ``topic`` breakdown of
    :func:`.passes.facts_pass`; ``before`` is :func:`topic_counts` of the
    previous period of the same length.  A topic is a spike when it has at
    least ``min_count`` complaints now and either had none before or grew
    by ``spike_ratio`` or more: small numbers jump about by chance, so a rise
    from 1 to 2 is not news.
    """
    current = [(str(name), int(n)) for name, n, *_rest in groups["topic"] if n]
    found = []
    for name, now in sorted(current, key=lambda item: (-item[1], item[0]))[:limit]:
        previous = before.get(name, 0)
        change = now / previous if previous else None
        spike = now >= min_count and (change is None or change >= spike_ratio)
        found.append(HotTopic(name, now, previous, change, spike))
    return tuple(found)
