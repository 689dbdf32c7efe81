"""``greenchannel-branchbox import FILE``: import a complaint-box file with a progress bar.

The SDK is built from ``GREENCHANNEL_*`` environment variables (database,
keys, time zone), as the ``greenchannel`` command does.  The integrator may
also wire :func:`run_import` as ``greenchannel import-branch FILE``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.errors import GreenChannelError
from greenchannel_sdk.settings import Settings

from ._importer import ImportSummary, Intake, Progress, import_file

__all__ = ["ProgressBar", "add_import_arguments", "main", "run_import"]


class ProgressBar:
    """A one-line text progress bar redrawn in place: ``[#####-----]  50%  1,000 rows``."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width

    def __call__(self, progress: Progress) -> None:
        if progress.fraction is None:
            bar = ""
        else:
            filled = int(progress.fraction * self._width)
            bar = f"[{'#' * filled}{'-' * (self._width - filled)}] {progress.fraction:4.0%}  "
        self._stream.write(f"\r{bar}{progress.read:,} rows  registered {progress.registered:,}"
                           f"  duplicates {progress.duplicates:,}  rejected "
                           f"{progress.rejected:,}")
        self._stream.flush()

    def finish(self) -> None:
        self._stream.write("\n")


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of an import command, for wiring into another command line."""
    parser.add_argument("file", type=Path, help="a .csv or .xlsx complaint-box file")
    parser.add_argument("--rejects", type=Path, default=None,
                        help="where rejected rows go (default FILE.rejects.csv)")
    parser.add_argument("--encoding", default="utf-8-sig",
                        help="encoding of a CSV file, e.g. gb18030 or big5 (default UTF-8)")
    parser.add_argument("--sheet", default=None, help="worksheet of an XLSX file")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run_import(intake: Intake, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run an import from parsed arguments; print the summary; the exit code."""
    bar = None if args.quiet else ProgressBar(err)
    try:
        summary: ImportSummary = import_file(intake, args.file, reject_path=args.rejects,
                                             progress=bar, encoding=args.encoding,
                                             sheet=args.sheet)
    except GreenChannelError as exc:
        if bar is not None:
            bar.finish()
        err.write(f"error: {exc}\n")
        return 2
    if bar is not None:
        bar.finish()
    out.write(summary.describe() + "\n")
    return 1 if summary.rejected else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="greenchannel-branchbox",
                                     description="Branch complaint-box batch import.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_import_arguments(commands.add_parser("import", help="import a CSV or XLSX file"))
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"error: {args.file} is not a file", file=sys.stderr)
        return 2
    with GreenChannel(Settings.from_env()) as sdk:
        return run_import(sdk, args, sys.stdout, sys.stderr)
