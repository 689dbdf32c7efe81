"""Checks across departments, teams and people before a directory is stored (S6, S8).

A directory is written whole or not at all: every command and every import
builds the directory as it would be afterwards and checks it here first,
so the stored directory is always one assignment can use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol, TypeVar

from ..domain import DirectoryRecords
from ..errors import ValidationError

__all__ = ["check_records", "merged"]


def merged(base: DirectoryRecords, changes: DirectoryRecords) -> DirectoryRecords:
    """``base`` with every record of ``changes`` added or replacing the one with its id."""
    return DirectoryRecords(
        departments=_by_id(base.departments, changes.departments),
        teams=_by_id(base.teams, changes.teams),
        staff=_by_id(base.staff, changes.staff))


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


def _by_id(base: Iterable[R], changes: Iterable[R]) -> tuple[R, ...]:
    records = {r.id: r for r in base}
    records.update((r.id, r) for r in changes)
    return tuple(records[key] for key in sorted(records))


def check_records(records: DirectoryRecords) -> None:
    """Raise :class:`ValidationError` naming every inconsistency found (none: return)."""
    problems: dict[str, str] = {}
    for kind, ids in (("department", [d.id for d in records.departments]),
                      ("team", [t.id for t in records.teams]),
                      ("staff", [m.id for m in records.staff])):
        for key, count in Counter(ids).items():
            if count > 1:
                problems[f"{kind} {key}"] = f"appears {count} times"
    departments = {d.id for d in records.departments}
    teams = {t.id: t for t in records.teams}
    staff = {m.id: m for m in records.staff}
    for team in records.teams:
        if team.department not in departments:
            problems[f"team {team.id}.department"] = f"unknown department {team.department!r}"
        if team.lead is not None:
            lead = staff.get(team.lead)
            if lead is None:
                problems[f"team {team.id}.lead"] = f"unknown member of staff {team.lead!r}"
            elif lead.team != team.id:
                problems[f"team {team.id}.lead"] = (f"{team.lead!r} belongs to team "
                                                    f"{lead.team!r}")
    for member in records.staff:
        where = f"staff {member.id}"
        if member.team not in teams:
            problems[f"{where}.team"] = f"unknown team {member.team!r}"
        if member.capacity < 0:
            problems[f"{where}.capacity"] = "must be zero or more"
        if not member.roles:
            problems[f"{where}.roles"] = "give at least one role (handler, green_channel_lead)"
        for shift in member.shifts:
            if shift.start >= shift.end:
                problems[f"{where}.shifts"] = (f"a shift must end after it starts "
                                               f"({shift.start:%H:%M}-{shift.end:%H:%M})")
        for leave in member.leave:
            if leave.first_day > leave.last_day:
                problems[f"{where}.leave"] = (f"leave ends ({leave.last_day}) before it "
                                              f"starts ({leave.first_day})")
    if problems:
        raise ValidationError("the directory would be inconsistent", problems)
