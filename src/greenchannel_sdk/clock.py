"""Time as a dependency.

Nothing in the SDK reads the wall clock directly: the facade is given a
:class:`Clock`, so tests and the demo can run weeks of complaints in a second
and an SLA deadline is always computed from an explicit instant.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock", "ensure_aware"]


@runtime_checkable
class Clock(Protocol):
    """Anything with a ``now()`` that returns a timezone-aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def __repr__(self) -> str:
        return "SystemClock()"


def ensure_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return ``value`` converted to UTC, refusing naive datetimes.

    A naive datetime is ambiguous (which zone?) and would silently shift SLA
    deadlines by hours, so it is an error rather than a guess.
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(timezone.utc)
