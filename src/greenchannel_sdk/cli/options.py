"""Options shared by the commands that open a database."""

from __future__ import annotations

import argparse
from datetime import datetime

from ..clock import ensure_aware
from ..settings import Settings


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", default=None,
        help="SQLAlchemy URL (default: GREENCHANNEL_DATABASE_URL, else sqlite:///greenchannel.db)")


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {"database_url": args.database_url} if args.database_url else {}
    return Settings.from_env(**overrides)


def parse_instant(text: str) -> datetime:
    """``--now`` of the scheduled commands: an ISO 8601 instant with its offset."""
    try:
        return ensure_aware(datetime.fromisoformat(text), "--now")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 instant with its offset, such as "
            f"2026-03-02T09:00:00+08:00 ({exc})") from None
