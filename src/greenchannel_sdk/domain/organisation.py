"""The green-channel team (S6, S8): teams, people, roles and skills."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import attrs

from .values import str_set

__all__ = ["Department", "DirectoryRecords", "Leave", "Shift", "StaffMember", "Team"]


@attrs.frozen
class Department:
    """A department teams are drawn from (S6): customer relationship, risk control or a
    business line such as cards or wealth management."""

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    display_name: str | None = None


@attrs.frozen
class Shift:
    """A weekly working window (``weekday`` 0 = Monday), in the bank's time zone."""

    weekday: int = attrs.field(validator=[attrs.validators.ge(0), attrs.validators.le(6)])
    start: time
    end: time

    def covers(self, local: datetime) -> bool:
        return local.weekday() == self.weekday and self.start <= local.time() < self.end


@attrs.frozen
class Leave:
    """Days off, inclusive of both ends."""

    first_day: date
    last_day: date
    reason: str = "leave"


@attrs.frozen
class StaffMember:
    """A person who can be given complaints.

    ``skills`` are category values, product names or other tags a rule may
    ask for; ``languages`` are the languages the person handles (``"zh"``,
    ``"en"``); ``capacity`` is how many open complaints they may hold at
    once.  ``available`` is false while off shift or on leave.
    """

    id: str
    team: str
    roles: frozenset[str] = attrs.field(default=frozenset({"handler"}), converter=str_set)
    skills: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    languages: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    capacity: int = 20
    available: bool = True
    display_name: str | None = None
    shifts: tuple[Shift, ...] = ()
    leave: tuple[Leave, ...] = ()

    def on_duty(self, at: datetime, zone: ZoneInfo) -> bool:
        """Whether the person can take a complaint at ``at`` (S7: availability-aware)."""
        if not self.available:
            return False
        local = at.astimezone(zone)
        if any(off.first_day <= local.date() <= off.last_day for off in self.leave):
            return False
        return not self.shifts or any(shift.covers(local) for shift in self.shifts)


@attrs.frozen
class Team:
    """A team of the green channel, drawn from a department (S6).

    ``department`` is, for example, ``"customer_relationship"``,
    ``"risk_control"`` or a business line.  ``lead`` is the green-channel
    lead who coordinates and receives escalations (S8).
    """

    id: str
    department: str
    lead: str | None = None
    display_name: str | None = None


@attrs.frozen
class DirectoryRecords:
    """Departments, teams and people as stored or imported, before any check across them.

    :class:`~greenchannel_sdk.dispatch.Directory` is the checked, indexed
    form assignment works on; this is the plain form storage and import
    files exchange.
    """

    departments: tuple[Department, ...] = ()
    teams: tuple[Team, ...] = ()
    staff: tuple[StaffMember, ...] = ()
