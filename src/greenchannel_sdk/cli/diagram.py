"""``greenchannel diagram``: the process diagram (S27), generated from the lifecycle table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..domain import mermaid_diagram

_BLOCK = re.compile(r"```mermaid\n.*?```", flags=re.S)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diagram", help="print the lifecycle as a Mermaid state diagram (S27)")
    parser.add_argument("--update", type=Path, metavar="FILE",
                        help="replace the first ```mermaid block of FILE instead of printing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    diagram = mermaid_diagram()
    if args.update is None:
        print(diagram, end="")
        return 0
    text = args.update.read_text(encoding="utf-8")
    if not _BLOCK.search(text):
        print(f"{args.update} has no ```mermaid block to replace")
        return 1
    args.update.write_text(_BLOCK.sub(lambda _m: f"```mermaid\n{diagram}```", text, count=1),
                           encoding="utf-8")
    return 0
