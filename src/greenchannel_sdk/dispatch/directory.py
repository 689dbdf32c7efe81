"""The green-channel team as the SDK sees it (S6, S8)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import Complaint, StaffMember, Team
from ..errors import ConfigurationError, NotFound

__all__ = ["Directory"]


class Directory:
    """Teams and people, built by the host from its own HR or identity system.

    ``default_team`` receives complaints no routing rule claims.
    """

    def __init__(self, teams: Iterable[Team], staff: Iterable[StaffMember]) -> None:
        self.teams = {team.id: team for team in teams}
        self.staff = {member.id: member for member in staff}
        for member in self.staff.values():
            if member.team not in self.teams:
                raise ConfigurationError(
                    f"staff member {member.id!r} belongs to unknown team {member.team!r}")
        for team in self.teams.values():
            if team.lead is not None and team.lead not in self.staff:
                raise ConfigurationError(f"team {team.id!r} names unknown lead {team.lead!r}")

    @classmethod
    def single_team(cls) -> Directory:
        """A lone, empty green-channel team: complaints queue for it until people are added."""
        return cls([Team(id="green-channel", department="customer_relationship")], [])

    def team(self, team_id: str) -> Team:
        try:
            return self.teams[team_id]
        except KeyError:
            raise NotFound(f"no team {team_id!r} in the directory") from None

    def candidates(self, team_id: str, complaint: Complaint, load: dict[str, int],
                   exclude: Iterable[str] = ()) -> list[StaffMember]:
        """Members of ``team_id`` who may take ``complaint`` now.

        Excluded: people off shift or on leave, people at capacity, the
        member of staff the complaint is about (conflict of interest, S21),
        and anyone in ``exclude``.
        """
        excluded = set(exclude)
        if complaint.about_staff:
            excluded.add(complaint.about_staff)
        return [
            member for member in self.staff.values()
            if member.team == team_id and member.available and member.id not in excluded
            and "handler" in member.roles and load.get(member.id, 0) < member.capacity
        ]
