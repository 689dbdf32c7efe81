"""The ``skill_match`` assignment strategy (S7): the best-skilled candidate, and why (S21)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
from greenchannel_sdk import AssignmentDecision, Complaint, StaffMember

from ._needs import Need, needs_of
from ._weights import Weights

__all__ = ["SkillMatch"]

# Scores are sums of configured floats; rounding keeps two equal sums reached
# in a different order (0.1 + 0.2 and 0.3) a tie, so load decides, not noise.
_SCORE_DIGITS = 9


@attrs.frozen
class _Scored:
    member: StaffMember
    score: float
    met: tuple[Need, ...]
    load: int


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
        needs = tuple(need for need in needs_of(complaint) if self._weight(need) > 0)
        scored = [self._score(member, needs, load) for member in candidates]
        best = min(scored, key=lambda s: (-s.score, s.load, s.member.id))
        if self.require_match and best.score == 0:
            return None
        return AssignmentDecision(team=best.member.team, assignee=best.member.id,
                                  reason=self._reason(best, needs, scored))

    def _weight(self, need: Need) -> float:
        weight: float = getattr(self.weights, need.kind)
        return weight

    def _score(self, member: StaffMember, needs: tuple[Need, ...],
               load: Mapping[str, int]) -> _Scored:
        met = tuple(need for need in needs if need.met_by(member))
        score = round(sum(self._weight(need) for need in met), _SCORE_DIGITS)
        return _Scored(member=member, score=score, met=met, load=load.get(member.id, 0))

    def _reason(self, best: _Scored, needs: tuple[Need, ...], scored: list[_Scored]) -> str:
        """Which skills matched, the score, the load, and what broke a tie (S21)."""
        if best.met:
            matched = "matched " + ", ".join(map(str, best.met))
        else:
            matched = "no skill matched (wanted " + (", ".join(map(str, needs)) or "nothing") + ")"
        possible = round(sum(self._weight(need) for need in needs), _SCORE_DIGITS)
        reason = (f"skill match: {matched}, score {best.score:g} of {possible:g}; "
                  f"{best.load} open of capacity {best.member.capacity}")
        tied = [s for s in scored if s.score == best.score and s is not best]
        same_load = sum(1 for s in tied if s.load == best.load)
        if same_load:
            reason += f"; ahead of {same_load} with the same score and load (by id)"
        elif tied:
            reason += f"; fewest open complaints of {len(tied) + 1} with this score"
        return reason
