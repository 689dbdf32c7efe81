"""The routing table: category x priority -> team and strategy (S7), as data."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..domain import Category, Complaint, Priority

__all__ = ["RoutingRule", "RoutingTable"]


@attrs.frozen
class RoutingRule:
    """Complaints matching ``category`` and ``priority`` (``None`` = any) go to ``team``."""

    team: str
    strategy: str = "least_loaded"
    category: Category | None = None
    priority: Priority | None = None

    def matches(self, complaint: Complaint) -> bool:
        return (self.category in (None, complaint.classification.category)
                and self.priority in (None, complaint.priority.priority))

    def describe(self) -> str:
        what = (f"category={self.category.value if self.category else 'any'}, "
                f"priority={self.priority.value if self.priority else 'any'}")
        return f"rule ({what}) -> team {self.team} by {self.strategy}"


@attrs.frozen
class RoutingTable:
    """Rules in order; the first match wins, ``fallback`` catches the rest."""

    rules: tuple[RoutingRule, ...] = ()
    fallback: RoutingRule = RoutingRule(team="green-channel")

    @classmethod
    def of(cls, rules: Iterable[RoutingRule], fallback: RoutingRule) -> RoutingTable:
        return cls(rules=tuple(rules), fallback=fallback)

    def route(self, complaint: Complaint) -> RoutingRule:
        return next((rule for rule in self.rules if rule.matches(complaint)), self.fallback)
