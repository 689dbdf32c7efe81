"""Options shared by the commands that open a database."""

from __future__ import annotations

import argparse

from ..settings import Settings


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", default=None,
        help="SQLAlchemy URL (default: GREENCHANNEL_DATABASE_URL, else sqlite:///greenchannel.db)")


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {"database_url": args.database_url} if args.database_url else {}
    return Settings.from_env(**overrides)
