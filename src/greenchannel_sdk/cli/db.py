"""``greenchannel db``: schema migrations (upgrade, current, history)."""

from __future__ import annotations

import argparse

from ..storage import schema
from ..storage.connection import make_engine
from .options import add_database_option, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema migrations")
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, func, text in (("upgrade", _upgrade, "upgrade the schema to this SDK's version"),
                             ("current", _current, "show the database's schema revision"),
                             ("history", _history, "list the shipped migrations")):
        sub = commands.add_parser(name, help=text)
        add_database_option(sub)
        sub.set_defaults(func=func)


def _upgrade(args: argparse.Namespace) -> int:
    engine = make_engine(settings_from(args).database_url)
    before = schema.current_revision(engine)
    schema.upgrade(engine)
    print(f"schema upgraded from {before or '(empty)'} to {schema.current_revision(engine)}")
    return 0


def _current(args: argparse.Namespace) -> int:
    engine = make_engine(settings_from(args).database_url)
    current = schema.current_revision(engine)
    head = schema.head_revision()
    state = "up to date" if current == head else f"needs upgrade to {head}"
    print(f"{current or '(empty)'} ({state})")
    return 0 if current == head else 1


def _history(args: argparse.Namespace) -> int:
    for revision, message in schema.history():
        print(f"{revision}  {message}")
    return 0
