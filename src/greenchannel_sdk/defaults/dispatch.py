"""Default dispatch plugin: the built-in strategies and the default assignment decision."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..dispatch import LeastLoaded, RoundRobin
from ..domain import Complaint, StaffMember, Team
from ..hookspecs import hookimpl
from ..interfaces import AssignmentDecision, AssignmentStrategy


class DefaultDispatch:
    """Registers round-robin and least-loaded, and applies the routed strategy.

    When the strategy finds nobody, the complaint goes to the team's
    green-channel lead (S8), or waits in the team's queue when the team has
    no lead.  ``strategies`` is the SDK's registry of every registered
    strategy (filled through the collect hook), so a vendor's strategy named
    in a routing rule is applied here like a built-in one.
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
        decision = chosen.choose(complaint, candidates, load) if chosen else None
        if decision is not None:
            return decision
        why = (f"strategy {strategy!r} is not registered" if chosen is None
               else f"nobody in team {team.id} is available with free capacity")
        if team.lead is not None and team.lead != complaint.about_staff:
            return AssignmentDecision(team=team.id, assignee=team.lead,
                                      reason=f"{why}; fell back to the green-channel lead")
        return AssignmentDecision(team=team.id, assignee=None,
                                  reason=f"{why}; queued for the team")
