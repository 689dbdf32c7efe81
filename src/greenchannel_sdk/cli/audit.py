"""``greenchannel audit verify``: walk every hash chain and report tampering (S16).

It reads the audit log through the store alone: no encryption keys are
needed, plugins are not loaded, and the schema is only checked, never
changed, so an auditor can run it against a read-only copy.
"""

from __future__ import annotations

import argparse

from ..domain import verify_chain
from ..storage import SqlStore
from .options import add_database_option, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="audit log tools")
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser("verify", help="verify every complaint's audit chain")
    add_database_option(verify)
    verify.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    """Exit 0 when every chain is intact, 1 when any break was found."""
    store = SqlStore(settings_from(args).database_url, migrate="check")
    chains = breaks = 0
    try:
        for complaint_id, events in store.iter_audit_chains():
            chains += 1
            for item in verify_chain(complaint_id, events):
                breaks += 1
                print(f"complaint {item.complaint_id} event {item.seq}: {item.problem}")
    finally:
        store.close()
    print(f"{breaks} break(s) found in {chains} chain(s)" if breaks
          else f"{chains} audit chain(s) intact")
    return 1 if breaks else 0
