"""``greenchannel export NUMBER``: write a complaint's archive dossier as JSON and HTML (S16).

The SDK is opened from ``GREENCHANNEL_*`` settings like ``sla explain``;
the encryption keys are needed to read the complaint.  The person running
the export names themselves and their roles: personal data is decrypted
only when those roles hold ``personal_data.read``, and such an export is
written to the complaint's access log under that name.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..domain import Actor
from ..dossier import dossier_to_json, render_dossier_html
from ..sdk import GreenChannel
from .options import add_database_option, settings_from

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="write a complaint's complete dossier as JSON and HTML")
    parser.add_argument("number", help="the complaint number")
    parser.add_argument("--actor", required=True,
                        help="who exports (recorded in the access log when data is decrypted)")
    parser.add_argument("--role", action="append", required=True, dest="roles",
                        help="a role of the actor (repeatable), e.g. auditor or green_channel_lead")
    parser.add_argument("--team", default=None, help="the actor's team (for scoped roles)")
    parser.add_argument("--out", type=Path, default=Path("."),
                        help="directory for NUMBER.dossier.json and NUMBER.dossier.html "
                             "(default: the current directory)")
    add_database_option(parser)
    parser.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    actor = Actor(args.actor, roles=frozenset(args.roles), team=args.team)
    with GreenChannel(settings_from(args)) as sdk:
        dossier = sdk.export_dossier(args.number, actor)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in (("json", dossier_to_json(dossier)),
                         ("html", render_dossier_html(dossier))):
        path = args.out / f"{_file_name(dossier.number)}.dossier.{suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    print(f"dossier of {dossier.number} ({len(dossier.events)} events, personal data "
          f"{dossier.personal_data}) written to {' and '.join(written)}")
    return 0


def _file_name(number: str) -> str:
    """The number as a safe file name (a bank's number format may contain any character)."""
    return re.sub(r"[^0-9A-Za-z._-]", "_", number)
