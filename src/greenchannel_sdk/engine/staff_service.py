"""``sdk.staff``: commands on the stored directory (S6, S8).

Each command is one transaction: it takes the directory lock (which also
moves the directory revision on, so every SDK instance reloads), builds the
directory as it will be, checks it whole (:func:`check_records`), writes
what changed and appends an audit event to the ``directory`` chain of the
audit log, hash-chained and verified like a complaint's.  Audit events
carry ids and the names of changed fields only: a person's name or the
reason for their leave never enters the log.

The commands need ``directory.manage`` (administrators and green-channel
leads by default) and refuse to run when the directory in use comes from
the host (``directory=``) or a bank's ``greenchannel_directory`` hook:
edits there would be stored and never used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ..dispatch import StoredDirectory
from ..dispatch.records import check_records, merged
from ..domain import Actor, AuditEvent, Department, DirectoryRecords, Leave, StaffMember, Team
from ..errors import ConfigurationError, NotFound, ValidationError
from ..security.permissions import Permission

if TYPE_CHECKING:
    from ..sdk import GreenChannel
    from ..store import UnitOfWork

__all__ = ["DIRECTORY_AUDIT_CHAIN", "ImportSummary", "StaffOperations"]

#: The id under which directory changes are chained in the audit log.
DIRECTORY_AUDIT_CHAIN = "directory"

#: What :meth:`StaffOperations.update` may change; team and leave have their own commands.
_UPDATABLE = frozenset({"roles", "skills", "languages", "capacity", "available",
                        "display_name", "shifts"})

Change = Callable[[DirectoryRecords], DirectoryRecords]
#: A check run inside the directory transaction, before the change (may refuse it).
Guard = Callable[["UnitOfWork", DirectoryRecords], None]


@attrs.frozen
class ImportSummary:
    """How many records an import added and replaced."""

    added: int
    updated: int


class StaffOperations:
    """The directory commands of the facade; see the module docstring."""

    def __init__(self, sdk: GreenChannel) -> None:
        self._sdk = sdk

    # queries ------------------------------------------------------------------

    def records(self) -> DirectoryRecords:
        """The stored departments, teams and staff (not a hook-supplied directory)."""
        with self._sdk.store.unit_of_work() as uow:
            return uow.directory_records()

    def get(self, staff_id: str) -> StaffMember:
        for member in self.records().staff:
            if member.id == staff_id:
                return member
        raise NotFound(f"no member of staff {staff_id!r} in the stored directory")

    # commands -----------------------------------------------------------------

    def add_department(self, department: Department, actor: Actor) -> Department:
        def change(records: DirectoryRecords) -> DirectoryRecords:
            _refuse_existing(records.departments, department.id, "department")
            return merged(records, DirectoryRecords(departments=(department,)))

        self._write(actor, "department_added", f"department {department.id} added",
                    {"department": department.id}, change)
        return department

    def save_team(self, team: Team, actor: Actor) -> Team:
        """Add a team, or replace one (its department, lead or display name)."""
        self._write(actor, "team_saved", f"team {team.id} saved",
                    {"team": team.id, "department": team.department, "lead": team.lead},
                    lambda records: merged(records, DirectoryRecords(teams=(team,))))
        return team

    def add(self, member: StaffMember, actor: Actor) -> StaffMember:
        """Add a person; their id must be new."""
        def change(records: DirectoryRecords) -> DirectoryRecords:
            _refuse_existing(records.staff, member.id, "member of staff")
            return merged(records, DirectoryRecords(staff=(member,)))

        self._write(actor, "staff_added", f"{member.id} added to team {member.team}",
                    {"staff": member.id, "team": member.team}, change)
        return member

    def update(self, staff_id: str, actor: Actor, *, reason: str = "details updated",
               **changes: Any) -> StaffMember:
        """Change a person's roles, skills, languages, capacity, availability, name or shifts."""
        wrong = sorted(set(changes) - _UPDATABLE)
        if wrong:
            allowed = ", ".join(sorted(_UPDATABLE))
            raise ValidationError("cannot update these fields", {
                name: "use move() for the team, mark_leave() for leave"
                if name in ("team", "leave") else f"not updatable (these are: {allowed})"
                for name in wrong})
        return self._change_member(staff_id, actor, "staff_updated", reason,
                                   {"fields": sorted(changes)},
                                   lambda m: attrs.evolve(m, **changes))

    def mark_leave(self, staff_id: str, actor: Actor, *, first_day: date,
                   last_day: date | None = None, reason: str = "leave") -> StaffMember:
        """Record days off (both ends included): no assignment reaches them then (S7)."""
        period = Leave(first_day=first_day, last_day=last_day or first_day, reason=reason)
        return self._change_member(
            staff_id, actor, "leave_marked", "leave marked",
            {"first_day": period.first_day.isoformat(), "last_day": period.last_day.isoformat()},
            lambda m: attrs.evolve(m, leave=(*m.leave, period)))

    def move(self, staff_id: str, actor: Actor, *, team: str, reason: str) -> StaffMember:
        """Move a person to another team; if they led their old team, it loses its lead."""
        if not reason.strip():
            raise ValidationError("a move needs a reason", {"reason": "say why"})

        def change(records: DirectoryRecords) -> DirectoryRecords:
            member = _member(records, staff_id)
            teams = tuple(attrs.evolve(t, lead=None) if t.lead == staff_id else t
                          for t in records.teams)
            return merged(attrs.evolve(records, teams=teams),
                          DirectoryRecords(staff=(attrs.evolve(member, team=team),)))

        self._write(actor, "staff_moved", reason, {"staff": staff_id, "team": team}, change)
        return self.get(staff_id)

    def remove(self, staff_id: str, actor: Actor, *, reason: str) -> StaffMember:
        """Take a person who left out of the directory; returns their record as it was.

        Refused while they hold open complaints (reassign them first: an
        open case needs someone who can act on it) or lead a team (save the
        team with another lead first).  Their stored name and leave go with
        the row; assignments and the audit log keep their id.
        """
        if not reason.strip():
            raise ValidationError("a removal needs a reason", {"reason": "say why"})
        removed: list[StaffMember] = []

        def guard(uow: UnitOfWork, records: DirectoryRecords) -> None:
            member = _member(records, staff_id)
            uow.lock_team(member.team)  # no registration assigns to them meanwhile
            held = uow.open_load([staff_id]).get(staff_id, 0)
            if held:
                raise ValidationError(f"{staff_id} still holds {held} open complaints", {
                    "staff": "reassign their open complaints first"})
            led = sorted(t.id for t in records.teams if t.lead == staff_id)
            if led:
                raise ValidationError(f"{staff_id} leads team {', '.join(led)}", {
                    "staff": "save the team with another lead first"})
            removed.append(member)

        def change(records: DirectoryRecords) -> DirectoryRecords:
            return attrs.evolve(records, staff=tuple(m for m in records.staff
                                                     if m.id != staff_id))

        self._write(actor, "staff_removed", reason, {"staff": staff_id}, change, guard)
        return removed[0]

    def import_records(self, records: DirectoryRecords, actor: Actor) -> ImportSummary:
        """Add or replace everything in ``records`` (an import file) in one transaction.

        A team in the file without a lead or display name keeps the one
        stored; if anything would be inconsistent nothing is written.
        """
        counts: dict[str, int] = {}

        def change(stored: DirectoryRecords) -> DirectoryRecords:
            known = {t.id: t for t in stored.teams}
            teams = tuple(attrs.evolve(t, lead=t.lead or known[t.id].lead,
                                       display_name=t.display_name or known[t.id].display_name)
                          if t.id in known else t for t in records.teams)
            departments = {d.id for d in stored.departments}
            kept = tuple(d for d in records.departments
                         if d.id not in departments or d.display_name is not None)
            incoming = DirectoryRecords(departments=kept, teams=teams, staff=records.staff)
            new = (len(_changed(stored.departments, incoming.departments, only_new=True))
                   + len(_changed(stored.teams, incoming.teams, only_new=True))
                   + len(_changed(stored.staff, incoming.staff, only_new=True)))
            counts.update(added=new, updated=len(incoming.departments) + len(teams)
                          + len(incoming.staff) - new)
            return merged(stored, incoming)

        self._write(actor, "imported", "directory imported",
                    {"departments": len(records.departments), "teams": len(records.teams),
                     "staff": len(records.staff)}, change)
        return ImportSummary(added=counts["added"], updated=counts["updated"])

    # machinery ----------------------------------------------------------------

    def _change_member(self, staff_id: str, actor: Actor, action: str, reason: str,
                       data: dict[str, Any],
                       edit: Callable[[StaffMember], StaffMember]) -> StaffMember:
        def change(records: DirectoryRecords) -> DirectoryRecords:
            return merged(records, DirectoryRecords(staff=(edit(_member(records, staff_id)),)))

        self._write(actor, action, reason, {"staff": staff_id, **data}, change)
        return self.get(staff_id)

    def _write(self, actor: Actor, action: str, reason: str, data: dict[str, Any],
               change: Change, guard: Guard | None = None) -> None:
        sdk = self._sdk
        sdk.authorizer.require(actor, Permission.DIRECTORY_MANAGE)
        if not isinstance(sdk.directory, StoredDirectory):
            raise ConfigurationError(
                "the directory in use is supplied by the host (directory=) or a "
                "greenchannel_directory hook; change it there, not in the SDK's database")
        with sdk.store.unit_of_work() as uow:
            uow.lock_directory()
            before = uow.directory_records()
            if guard is not None:
                guard(uow, before)
            after = change(before)
            check_records(after)
            _write_changes(uow, before, after)
            uow.append_audit(AuditEvent(
                complaint_id=DIRECTORY_AUDIT_CHAIN, seq=0, at=sdk.clock.now(), actor=actor.id,
                action=f"directory.{action}", from_status=None, to_status=None, reason=reason,
                data=data))
        with sdk.store.unit_of_work() as uow:
            sdk.directory = sdk.directory.current(uow)


def _write_changes(uow: UnitOfWork, before: DirectoryRecords, after: DirectoryRecords) -> None:
    """Write the records that differ from what was stored; delete those no longer there."""
    for department in _changed(before.departments, after.departments):
        uow.put_department(department)
    for team in _changed(before.teams, after.teams):
        uow.put_team(team)
    for member in _changed(before.staff, after.staff):
        uow.put_staff(member)
    kept = {member.id for member in after.staff}
    for member in before.staff:
        if member.id not in kept:
            uow.delete_staff(member.id)


R = TypeVar("R", Department, Team, StaffMember)


def _changed(old: tuple[R, ...], new: tuple[R, ...], *, only_new: bool = False) -> list[R]:
    """Records of ``new`` that differ from ``old`` (``only_new``: whose id is not in it)."""
    stored = {r.id: r for r in old}
    if only_new:
        return [record for record in new if record.id not in stored]
    return [record for record in new if stored.get(record.id) != record]


def _member(records: DirectoryRecords, staff_id: str) -> StaffMember:
    for member in records.staff:
        if member.id == staff_id:
            return member
    raise NotFound(f"no member of staff {staff_id!r} in the stored directory")


def _refuse_existing(records: tuple[Department, ...] | tuple[StaffMember, ...], key: str,
                     what: str) -> None:
    if any(r.id == key for r in records):
        raise ValidationError(f"{what} already exists", {"id": f"{key!r} is taken; update it "
                                                               "instead"})
