"""The built-in assignment strategies (S7)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..domain import Complaint, StaffMember
from ..interfaces import AssignmentDecision

__all__ = ["LeastLoaded", "RoundRobin"]


class RoundRobin:
    """Takes turns through the team's candidates in a stable (id) order.

    The turn is kept per team in this SDK instance; after a restart the turn
    starts again from the first person, which shifts at most one complaint.
    """

    name = "round_robin"

    def __init__(self) -> None:
        self._last: dict[str, str] = {}

    def choose(self, complaint: Complaint, candidates: Sequence[StaffMember],
               load: Mapping[str, int]) -> AssignmentDecision | None:
        if not candidates:
            return None
        ordered = sorted(candidates, key=lambda m: m.id)
        team = ordered[0].team
        last = self._last.get(team)
        pick = next((m for m in ordered if last is None or m.id > last), ordered[0])
        self._last[team] = pick.id
        return AssignmentDecision(team=pick.team, assignee=pick.id,
                                  reason=f"round robin: next in turn after {last or 'start'}")


class LeastLoaded:
    """Gives the complaint to whoever holds the fewest open complaints (ties: by id)."""

    name = "least_loaded"

    def choose(self, complaint: Complaint, candidates: Sequence[StaffMember],
               load: Mapping[str, int]) -> AssignmentDecision | None:
        if not candidates:
            return None
        pick = min(candidates, key=lambda m: (load.get(m.id, 0), m.id))
        return AssignmentDecision(
            team=pick.team, assignee=pick.id,
            reason=f"least loaded: {load.get(pick.id, 0)} open of capacity {pick.capacity}")
