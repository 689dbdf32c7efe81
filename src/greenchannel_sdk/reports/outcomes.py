"""What came of the complaints: departments found responsible, surveys, repeats.

Responsible departments come from the accountability findings (S12) and
redress from the closing records (the shapes are in :mod:`.contract`);
satisfaction from the follow-up surveys (S15); repeats from the customer
reference, which is a bank reference, never a name or an identity number.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Subquery

from ..storage.tables import SurveyRow
from .figures import Count, DepartmentFigures, Repeats, Satisfaction, share

__all__ = ["departments", "repeats", "satisfaction"]

_surveys = SurveyRow.__table__
_CENT = Decimal("0.01")


def money(value: object) -> Decimal:
    """A database sum as a Decimal of cents (SQLite hands back floats)."""
    return Decimal(str(value or 0)).quantize(_CENT)


def departments(conn: Connection, facts: Subquery) -> tuple[DepartmentFigures, ...]:
    """Per department: complaints it was found responsible for, upheld, redress paid."""
    stmt = (select(facts.c.department, func.count(),
                   func.sum(case((facts.c.upheld, 1), else_=0)).cast(Integer),
                   func.sum(facts.c.redress))
            .where(facts.c.department.is_not(None))
            .group_by(facts.c.department).order_by(func.count().desc(), facts.c.department))
    return tuple(
        DepartmentFigures(str(name), int(n), int(upheld or 0), share(int(upheld or 0), int(n)),
                          money(redress))
        for name, n, upheld, redress in conn.execute(stmt))


def satisfaction(conn: Connection, facts: Subquery) -> Satisfaction:
    """Average score, the 1-5 distribution and the solved rate of the surveys."""
    joined = _surveys.join(facts, facts.c.id == _surveys.c.complaint_id)
    by_score: dict[int, int] = dict(conn.execute(
        select(_surveys.c.score, func.count()).select_from(joined).group_by(_surveys.c.score)
    ).all())
    total, average, solved = conn.execute(select(
        func.count(), func.avg(_surveys.c.score),
        func.sum(case((_surveys.c.solved, 1), else_=0)),
    ).select_from(joined)).one()
    total, solved = int(total), int(solved or 0)
    distribution = tuple(Count(str(score), int(by_score.get(score, 0)),
                               share(int(by_score.get(score, 0)), total))
                         for score in range(1, 6))
    return Satisfaction(total, None if average is None else float(average), distribution,
                        solved, share(solved, total))


def repeats(conn: Connection, facts: Subquery) -> Repeats:
    """Customers with more than one complaint in the period, and how many extra complaints."""
    per_customer = (select(func.count().label("n")).where(facts.c.customer_ref.is_not(None))
                    .group_by(facts.c.customer_ref).subquery("per_customer"))
    with_ref, customers, repeat_customers = conn.execute(select(
        func.sum(per_customer.c.n), func.count(),
        func.sum(case((per_customer.c.n > 1, 1), else_=0)),
    )).one()
    with_ref, customers = int(with_ref or 0), int(customers)
    extra = with_ref - customers
    return Repeats(with_ref, customers, int(repeat_customers or 0), extra, share(extra, with_ref))
