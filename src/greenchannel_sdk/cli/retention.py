"""``greenchannel retention purge``: erase archived complaints past their retention period.

Meant for a scheduled job.  It acts as ``system:retention`` (the system
role holds ``retention.purge``), erases the personal data of archived
complaints whose ``Settings.retention_years`` ended, skips those under
legal hold, and prints the counts.  ``--dry-run`` only counts.
"""

from __future__ import annotations

import argparse

from ..domain import Actor
from ..sdk import GreenChannel
from .options import add_database_option, parse_instant, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("retention", help="retention period and erasure")
    commands = parser.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    purge = commands.add_parser(
        "purge", help="erase archived complaints past the retention period (not those on hold)")
    add_database_option(purge)
    purge.add_argument("--dry-run", action="store_true", help="count only, erase nothing")
    purge.add_argument("--now", type=parse_instant, default=None,
                       help="the instant to count the retention period to (default: now)")
    purge.set_defaults(func=_purge)


def _purge(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        report = sdk.retention.purge(Actor.system("retention"), dry_run=args.dry_run,
                                     now=args.now)
    print(f"retention {sdk.settings.retention_years} years: complaints archived on or before "
          f"{report.cutoff.date().isoformat()} are due")
    print(f"{report.expired} due, {report.held} under legal hold (kept), "
          + (f"{report.expired - report.held} would be erased (dry run)" if report.dry_run
             else f"{report.erased} erased"))
    print(f"quarantined channel payloads: {report.quarantine_purged} handled ones "
          + ("would be deleted (dry run)" if report.dry_run else "deleted")
          + f", {report.quarantine_waiting} still waiting for a person (kept)")
    return 0
