"""What came of the complaints: departments found responsible, surveys, repeats.

Responsible departments come from the accountability findings (S12) and
redress from the closing records (the shapes are in :mod:`.contract`);
satisfaction from the follow-up surveys (S15); repeats from the customer
reference, which is a bank reference, never a name or an identity number.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Subquery

from .figures import Count, DepartmentFigures, Repeats, Satisfaction, share
from .grouped import Breakdowns

__all__ = ["departments", "repeats", "satisfaction"]

_CENT = Decimal("0.01")


def money(value: object) -> Decimal:
    """A database sum as a Decimal of cents (SQLite hands back floats)."""
    return Decimal(str(value or 0)).quantize(_CENT)


def departments(groups: Breakdowns) -> tuple[DepartmentFigures, ...]:
    """Per department: complaints it was found responsible for, upheld, redress paid."""
    found = [DepartmentFigures(str(name), int(n), int(upheld or 0),
                               share(int(upheld or 0), int(n)), money(redress))
             for name, n, _open, upheld, redress in groups["department"] if name is not None]
    return tuple(sorted(found, key=lambda d: (-d.complaints, d.department)))


def satisfaction(groups: Breakdowns) -> Satisfaction:
    """Average score, the 1-5 distribution and the solved rate of the surveys."""
    by_score = {int(score): (int(n), int(solved or 0)) for score, n, _scores, solved
                in groups["score"]}
    total = sum(n for n, _ in by_score.values())
    solved = sum(s for _, s in by_score.values())
    average = sum(score * n for score, (n, _) in by_score.items()) / total if total else None
    distribution = tuple(Count(str(score), by_score.get(score, (0, 0))[0],
                               share(by_score.get(score, (0, 0))[0], total))
                         for score in range(1, 6))
    return Satisfaction(total, average, distribution, solved, share(solved, total))


def repeats(conn: Connection, facts: Subquery) -> Repeats:
    """Customers with more than one complaint in the period, and how many extra complaints.

    The groups are asked for in customer order, which the customer index of
    ``report_facts`` gives for free: over a long period the database then
    counts each customer's complaints as the index walks past them, instead
    of building a hash table of every customer (0.3 s instead of 0.7 s over
    a million complaints on PostgreSQL); over a short one it may still sort
    the few rows it finds.
    """
    ref = facts.c.customer_ref
    per_customer = (select(func.count().label("n")).where(ref.is_not(None))
                    .group_by(ref).order_by(ref).subquery("per_customer"))
    with_ref, customers, repeat_customers = conn.execute(select(
        func.sum(per_customer.c.n), func.count(),
        func.sum(case((per_customer.c.n > 1, 1), else_=0)),
    )).one()
    with_ref, customers = int(with_ref or 0), int(customers)
    extra = with_ref - customers
    return Repeats(with_ref, customers, int(repeat_customers or 0), extra, share(extra, with_ref))
