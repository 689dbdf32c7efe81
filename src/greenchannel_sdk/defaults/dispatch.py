"""Default dispatch plugin: the built-in strategies and the default assignment decision."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from ..dispatch import LeastLoaded, RoundRobin
from ..domain import Complaint, StaffMember, Team
from ..hookspecs import hookimpl
from ..interfaces import AssignmentDecision, AssignmentStrategy

log = logging.getLogger(__name__)


class DefaultDispatch:
    """Registers round-robin and least-loaded, and applies the routed strategy.

    ``strategies`` is the SDK's registry of every registered strategy
    (filled through the collect hook), so a vendor's strategy named in a
    routing rule is applied here like a built-in one.

    The SDK's own checks stand whatever a strategy does: an answer naming
    someone who is not among the candidates (off shift, at capacity, the
    subject of the complaint) is refused, and a strategy that raises is
    logged by name.  In both cases, and when the strategy finds nobody, the
    complaint goes to the team's green-channel lead (S8), or waits in the
    team's queue when the team has no lead, so every complaint still has an
    owner (S21) and none is lost.
    """

    def __init__(self, strategies: Mapping[str, AssignmentStrategy]) -> None:
        self.strategies = strategies

    @hookimpl(trylast=True)
    def greenchannel_register_assignment_strategies(
        self, register: Callable[[AssignmentStrategy], None]
    ) -> None:
        register(RoundRobin())
        register(LeastLoaded())

    @hookimpl(trylast=True)
    def greenchannel_choose_assignee(
        self,
        complaint: Complaint,
        team: Team,
        candidates: Sequence[StaffMember],
        load: Mapping[str, int],
        strategy: str,
    ) -> AssignmentDecision | None:
        chosen = self.strategies.get(strategy)
        if chosen is None:
            return _fallback(complaint, team, f"strategy {strategy!r} is not registered")
        try:
            decision = chosen.choose(complaint, candidates, load)
        except Exception as exc:
            log.exception("assignment strategy %r raised on complaint %s", strategy,
                          complaint.number)
            return _fallback(complaint, team, f"strategy {strategy!r} failed "
                                              f"({exc.__class__.__name__})")
        if decision is None:
            why = (f"nobody in team {team.id} is available with free capacity" if not candidates
                   else f"strategy {strategy!r} chose none of {len(candidates)} candidates")
            return _fallback(complaint, team, why)
        allowed = {member.id for member in candidates}
        if decision.assignee is not None and decision.assignee not in allowed:
            return _fallback(complaint, team, f"strategy {strategy!r} named someone who is not "
                                              "an eligible candidate")
        return decision


def _fallback(complaint: Complaint, team: Team, why: str) -> AssignmentDecision:
    if team.lead is not None and team.lead != complaint.about_staff:
        return AssignmentDecision(team=team.id, assignee=team.lead,
                                  reason=f"{why}; fell back to the green-channel lead")
    return AssignmentDecision(team=team.id, assignee=None, reason=f"{why}; queued for the team")
