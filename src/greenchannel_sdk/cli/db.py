"""``greenchannel db``: schema migrations (upgrade, current, history).

Back the database up before ``upgrade``: migrations run in one transaction
on PostgreSQL, but SQLite rebuilds tables to alter them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from ..storage import schema
from ..storage.connection import make_engine, translated_errors
from .options import add_database_option, settings_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema migrations")
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions: tuple[tuple[str, Callable[[argparse.Namespace], int], str], ...] = (
        ("upgrade", _upgrade, "upgrade the schema to this SDK's version"),
        ("current", _current, "show the database's schema revision (exit 1 if outdated)"),
        ("history", _history, "list the shipped migrations"))
    for name, func, text in actions:
        sub = commands.add_parser(name, help=text)
        add_database_option(sub)
        sub.set_defaults(func=func)


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[Engine]:
    """The database named by the options; driver errors become clear ``StorageError``s."""
    url = settings_from(args).database_url
    engine = make_engine(url)
    try:
        with translated_errors(url):
            yield engine
    finally:
        engine.dispose()


def _upgrade(args: argparse.Namespace) -> int:
    with _database(args) as engine:
        before = schema.current_revision(engine)
        schema.upgrade(engine)
        after = schema.current_revision(engine)
    print(f"schema upgraded from {before or '(empty)'} to {after}")
    return 0


def _current(args: argparse.Namespace) -> int:
    with _database(args) as engine:
        current = schema.current_revision(engine)
    head = schema.head_revision()
    state = "up to date" if current == head else f"needs upgrade to {head}"
    print(f"{current or '(empty)'} ({state})")
    return 0 if current == head else 1


def _history(_args: argparse.Namespace) -> int:
    for revision, message in schema.history():
        print(f"{revision}  {message}")
    return 0
