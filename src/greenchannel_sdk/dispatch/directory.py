"""The green-channel team as the SDK sees it (S6, S8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..domain import Complaint, StaffMember, Team
from ..errors import ConfigurationError, NotFound

if TYPE_CHECKING:
    from ..store import UnitOfWork

__all__ = ["Directory"]


class Directory:
    """Teams and people, built by the host from its own HR or identity system.

    ``default_team`` receives complaints no routing rule claims.
    """

    def __init__(self, teams: Iterable[Team], staff: Iterable[StaffMember]) -> None:
        self.teams = {team.id: team for team in teams}
        self.staff = {member.id: member for member in staff}
        #: members per team, so finding candidates reads one team, not the whole bank.
        self._members: dict[str, list[StaffMember]] = {}
        for member in self.staff.values():
            self._members.setdefault(member.team, []).append(member)
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

    def current(self, uow: UnitOfWork) -> Directory:
        """The directory as it is now, read through ``uow`` if it needs reading.

        A directory built by the host or returned by the
        ``greenchannel_directory`` hook is the host's to change, so it is
        returned as it is; the stored one re-reads itself when it changed.
        """
        return self

    def team(self, team_id: str) -> Team:
        try:
            return self.teams[team_id]
        except KeyError:
            raise NotFound(f"no team {team_id!r} in the directory") from None

    def candidates(self, team_id: str, complaint: Complaint, load: Mapping[str, int], *,
                   at: datetime, zone: ZoneInfo, exclude: Iterable[str] = ()) -> list[StaffMember]:
        """Members of ``team_id`` who may take ``complaint`` at ``at``.

        Excluded: people off shift, on leave or switched unavailable; people
        at capacity; the member of staff the complaint is about (conflict of
        interest: the Chinese rule asks for handlers with no direct interest
        in the case); and anyone in ``exclude``.
        """
        excluded = set(exclude)
        if complaint.about_staff:
            excluded.add(complaint.about_staff)
        return [
            member for member in self._members.get(team_id, ())
            if member.id not in excluded
            and "handler" in member.roles and load.get(member.id, 0) < member.capacity
            and member.on_duty(at, zone)
        ]

    def members_of(self, team_id: str) -> list[str]:
        """The ids of everybody in ``team_id`` (whose open load assignment needs)."""
        return [member.id for member in self._members.get(team_id, ())]

    def team_of(self, staff_id: str | None) -> str | None:
        """The team of a member of staff, or ``None`` for someone not in the directory."""
        member = self.staff.get(staff_id or "")
        return member.team if member is not None else None
