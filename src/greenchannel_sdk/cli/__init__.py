"""The ``greenchannel`` command.

Each command group lives in its own module exposing ``add_parser(subparsers)``;
the parser of each sub-command sets ``func``, a callable taking the parsed
arguments and returning the exit code.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import GreenChannelError
from . import audit, classify, db, demo, diagram, export, keys, report, retention, sla, staff

__all__ = ["main"]

_GROUPS = (demo, db, audit, diagram, classify, keys, sla, report, export, staff, retention)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="greenchannel", description="Customer-complaint green channel SDK tools.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output (-v info, -vv debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in _GROUPS:
        group.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.func(args)
    except GreenChannelError as exc:
        print(f"greenchannel: error: {exc}", file=sys.stderr)
        return 2
    return code
