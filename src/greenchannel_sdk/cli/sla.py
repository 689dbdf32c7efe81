"""``greenchannel sla tick`` and ``greenchannel sla explain NUMBER`` (S22).

``tick`` runs the sweeper once, the way a cron job or a scheduler would
(several may run at once on PostgreSQL); ``explain`` shows a supervisor or
an auditor why each of a complaint's clocks is due when it is.  Both open
the SDK from ``GREENCHANNEL_*`` settings: the encryption keys
(``GREENCHANNEL_KEYS``) are needed to read the complaint.
"""

from __future__ import annotations

import argparse
import json

from ..errors import ValidationError
from ..sdk import GreenChannel
from .options import add_database_option, parse_instant, settings_from

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("sla", help="SLA sweeper and deadline explanations")
    commands = parser.add_subparsers(dest="sla_command", metavar="ACTION", required=True)
    tick = commands.add_parser("tick", help="fire due warnings, breaches and escalations once")
    tick.add_argument("--now", type=parse_instant, default=None,
                      help="the instant to sweep at, ISO 8601 with offset (default: now)")
    add_database_option(tick)
    tick.set_defaults(func=_tick)
    explain = commands.add_parser("explain", help="explain every deadline of a complaint")
    explain.add_argument("number", help="the complaint number")
    explain.add_argument("--json", action="store_true", help="print the explanations as JSON")
    add_database_option(explain)
    explain.set_defaults(func=_explain)


def _tick(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        report = sdk.sla.tick(args.now)
    print(f"checked {report.checked} clock(s): {report.warnings} warning(s), "
          f"{report.breaches} breach(es), {report.escalations} escalation(s)")
    return 0


def _explain(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        explanations = sdk.sla.explain(args.number)
    if not explanations:
        raise ValidationError("nothing to explain", {"number": "the complaint has no clocks"})
    if args.json:
        print(json.dumps([item.as_data() for item in explanations], ensure_ascii=False,
                         indent=2))
    else:
        print("\n\n".join(item.text for item in explanations))
    return 0
