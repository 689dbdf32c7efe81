"""Enumerations and small value types shared by the whole domain.

Enum members are ``str`` subclasses whose value is the stable wire name: it
is what the database, the outbox, exports and the docs use, so renaming a
member is a data migration, never a refactor.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = [
    "OPEN_STATUSES",
    "TERMINAL_STATUSES",
    "Category",
    "Priority",
    "Status",
    "int_tuple",
    "str_set",
    "str_tuple",
]


class Category(str, enum.Enum):
    """First classification of a complaint (S2, source section 四.1)."""

    PRODUCT_SERVICE = "product_service"
    BUSINESS_OPERATION = "business_operation"
    STAFF_SERVICE = "staff_service"
    TRANSACTION_DISPUTE = "transaction_dispute"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        """The category's name in the source document (Traditional Chinese)."""
        return _CATEGORY_LABELS_ZH[self]


_CATEGORY_LABELS_ZH = {
    Category.PRODUCT_SERVICE: "產品服務",
    Category.BUSINESS_OPERATION: "業務操作",
    Category.STAFF_SERVICE: "人員服務",
    Category.TRANSACTION_DISPUTE: "交易爭議",
    Category.OTHER: "其他事項",
}


class Priority(str, enum.Enum):
    """Urgency (S4). ``HIGH`` complaints take the green channel (S5)."""

    HIGH = "high"
    NORMAL = "normal"


class Status(str, enum.Enum):
    """Lifecycle states; the allowed moves between them live in :mod:`.lifecycle`."""

    REGISTERED = "registered"
    ASSIGNED = "assigned"
    CONTACTED = "contacted"
    INVESTIGATING = "investigating"
    AWAITING_CUSTOMER = "awaiting_customer"
    RESOLUTION_PROPOSED = "resolution_proposed"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"
    REJECTED = "rejected"
    REOPENED = "reopened"


#: States in which the bank still owes the customer work (SLA clocks may run).
OPEN_STATUSES: frozenset[Status] = frozenset(
    {
        Status.REGISTERED,
        Status.ASSIGNED,
        Status.CONTACTED,
        Status.INVESTIGATING,
        Status.AWAITING_CUSTOMER,
        Status.RESOLUTION_PROPOSED,
        Status.REOPENED,
    }
)

#: States out of which no command but ``archive`` (or nothing at all) leads.
TERMINAL_STATUSES: frozenset[Status] = frozenset(
    {Status.ARCHIVED, Status.WITHDRAWN, Status.MERGED, Status.REJECTED}
)


def str_set(values: Iterable[str]) -> frozenset[str]:
    """attrs converter: any iterable of names to a frozenset (typed for mypy)."""
    return frozenset(values)


def str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: any iterable of strings to a tuple (typed for mypy)."""
    return tuple(values)


def int_tuple(values: Iterable[int]) -> tuple[int, ...]:
    """attrs converter: any iterable of integers to a tuple (typed for mypy)."""
    return tuple(values)
