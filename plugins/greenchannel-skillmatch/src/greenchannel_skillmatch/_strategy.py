"""The ``skill_match`` assignment strategy (S7): the best-skilled candidate, and why (S21)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from greenchannel_sdk import AssignmentDecision, Complaint, StaffMember

from ._needs import WeightedNeeds, as_score, needs_of
from ._weights import Weights

__all__ = ["SkillMatch"]


class SkillMatch:
    """Gives the complaint to the candidate whose skills meet most of its needs.

    Each need the candidate meets (see :mod:`._needs`) earns its
    :class:`Weights`; the highest score wins, ties go to whoever holds the
    fewest open complaints, then to the lowest id, so the choice is the same
    on every run.  When nobody matches anything the least-loaded candidate
    is chosen, unless ``require_match`` is set: then the strategy answers
    ``None`` and the SDK falls back to the team's green-channel lead (S8).

    ``name`` is what routing rules refer to; give a second, differently
    weighted instance its own name to use both in one routing table.
    """

    def __init__(self, weights: Weights | None = None, *, require_match: bool = False,
                 name: str = "skill_match") -> None:
        self.weights = weights if weights is not None else Weights()
        self.require_match = require_match
        self.name = name

    def choose(self, complaint: Complaint, candidates: Sequence[StaffMember],
               load: Mapping[str, int]) -> AssignmentDecision | None:
        if not candidates:
            return None
        needs = WeightedNeeds((need, self.weights.of(need)) for need in needs_of(complaint))
        # (-points, load, id, position): the smallest row is the choice; the
        # position stands in for the member so rows never compare members.
        rows = [(-needs.points(member), load.get(member.id, 0), member.id, position)
                for position, member in enumerate(candidates)]
        best = min(rows)
        if self.require_match and best[0] == 0:
            return None
        chosen = candidates[best[3]]
        return AssignmentDecision(team=chosen.team, assignee=chosen.id,
                                  reason=_reason(needs, chosen, best, rows))


Row = tuple[int, int, str, int]


def _reason(needs: WeightedNeeds, chosen: StaffMember, best: Row, rows: list[Row]) -> str:
    """Which skills matched, the score, the load, and what broke a tie (S21)."""
    met = needs.met(chosen)
    wanted = ", ".join(map(str, needs.needs)) or "nothing"
    matched = f"matched {', '.join(map(str, met))}" if met else \
        f"no skill matched (wanted {wanted})"
    score, open_now = -best[0], best[1]
    reason = (f"skill match: {matched}, score {as_score(score)} of {as_score(needs.possible)}; "
              f"{open_now} open of capacity {chosen.capacity}")
    tied = [row for row in rows if row[0] == best[0] and row is not best]
    same_load = sum(1 for row in tied if row[1] == open_now)
    if same_load:
        reason += f"; ahead of {same_load} with the same score and load (by id)"
    elif tied:
        reason += f"; fewest open complaints of {len(tied) + 1} with this score"
    return reason
