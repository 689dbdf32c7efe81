"""``greenchannel staff import FILE``, ``staff list`` and ``staff remove ID`` (S6, S8).

``import`` reads a CSV or JSON directory file (formats in
``docs/dispatch.md``), checks every row and writes all of it in one
transaction, or nothing: a bad row is reported with its line and what is
wrong, and the database is left as it was.  ``--actor`` names the person
responsible, recorded in the audit log; the command acts as an
administrator.  ``list`` prints the stored teams and people (ids, roles,
skills, capacity, availability; no names).  ``remove`` takes a person who
left out of the directory, once their open complaints are reassigned and
their team has another lead.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..dispatch import StoredDirectory, read_directory_file
from ..domain import Actor, DirectoryRecords, StaffMember, unstructure
from ..errors import ValidationError
from ..sdk import GreenChannel
from ..security.permissions import Role
from .options import add_database_option, settings_from

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("staff", help="import, list or remove stored staff")
    commands = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    importing = commands.add_parser("import", help="add or update teams and people from a file")
    importing.add_argument("file", type=Path, metavar="FILE",
                           help="a .csv (one row per person) or .json directory file")
    importing.add_argument("--actor", required=True,
                           help="who is importing (recorded in the audit log)")
    add_database_option(importing)
    importing.set_defaults(func=_import)
    listing = commands.add_parser("list", help="print the stored teams and people")
    listing.add_argument("--json", action="store_true", help="print as JSON (with names)")
    add_database_option(listing)
    listing.set_defaults(func=_list)
    removing = commands.add_parser("remove", help="take a person who left out of the directory")
    removing.add_argument("staff_id", metavar="ID", help="the person's staff id")
    removing.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    removing.add_argument("--actor", required=True,
                          help="who is removing them (recorded in the audit log)")
    add_database_option(removing)
    removing.set_defaults(func=_remove)


def _import(args: argparse.Namespace) -> int:
    try:
        records = read_directory_file(args.file)
    except ValidationError as exc:
        return _refused(exc)
    with GreenChannel(settings_from(args)) as sdk:
        try:
            summary = sdk.staff.import_records(
                records, Actor(args.actor, roles={Role.ADMINISTRATOR.value}))
        except ValidationError as exc:
            return _refused(exc)
    print(f"imported {len(records.staff)} people, {len(records.teams)} teams, "
          f"{len(records.departments)} departments: {summary.added} added, "
          f"{summary.updated} updated")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        try:
            gone = sdk.staff.remove(args.staff_id, Actor(args.actor,
                                                         roles={Role.ADMINISTRATOR.value}),
                                    reason=args.reason)
        except ValidationError as exc:
            return _refused(exc)
    print(f"removed {gone.id} from team {gone.team}")
    return 0


def _refused(exc: ValidationError) -> int:
    """The headline, then one problem per line in file order (the message sorts them)."""
    headline = str(exc).split(" (", 1)[0] if exc.problems else str(exc)
    print(f"greenchannel: error: {headline}", file=sys.stderr)
    for where, why in exc.problems.items():
        print(f"  {where}: {why}", file=sys.stderr)
    return 2


def _list(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        records = sdk.staff.records()
        today = datetime.now(ZoneInfo(sdk.settings.timezone)).date()
        if not isinstance(sdk.directory, StoredDirectory):
            print("greenchannel: note: assignment uses a directory supplied by a "
                  "greenchannel_directory hook, not this stored one", file=sys.stderr)
    if args.json:
        print(json.dumps(unstructure(records), ensure_ascii=False, indent=2))
        return 0
    print(_table(records, today))
    return 0


def _table(records: DirectoryRecords, today: date) -> str:
    lines = []
    for team in records.teams:
        lines.append(f"team {team.id} (department {team.department}, "
                     f"lead {team.lead or 'none'})")
        for member in (m for m in records.staff if m.team == team.id):
            lines.append("  " + _person(member, today))
    return "\n".join(lines) if lines else "the stored directory is empty"


def _person(member: StaffMember, today: date) -> str:
    away = any(off.first_day <= today <= off.last_day for off in member.leave)
    state = "on leave" if away else ("available" if member.available else "unavailable")
    return (f"{member.id}: roles {','.join(sorted(member.roles))}; "
            f"skills {','.join(sorted(member.skills)) or '-'}; "
            f"languages {','.join(sorted(member.languages)) or '-'}; "
            f"capacity {member.capacity}; {len(member.shifts)} shifts; {state}")
