"""``greenchannel audit verify``: walk every hash chain and report tampering (S16)."""

from __future__ import annotations

import argparse

from ..sdk import GreenChannel
from .options import add_database_option, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="audit log tools")
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser("verify", help="verify every complaint's audit chain")
    add_database_option(verify)
    verify.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    with GreenChannel(settings_from(args)) as sdk:
        breaks = sdk.verify_audit()
    for item in breaks:
        print(f"complaint {item.complaint_id} event {item.seq}: {item.problem}")
    print(f"{len(breaks)} break(s) found" if breaks else "audit chains intact")
    return 1 if breaks else 0
