"""Throwaway databases for the storage benchmarks: an SQLite file, a PostgreSQL schema.

PostgreSQL is used when ``GREENCHANNEL_BENCH_POSTGRES_URL`` (or the test
suite's ``GREENCHANNEL_TEST_POSTGRES_URL``) is set; each benchmark run works
in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

POSTGRES_ENV = ("GREENCHANNEL_BENCH_POSTGRES_URL", "GREENCHANNEL_TEST_POSTGRES_URL")


def postgres_base_url() -> str | None:
    return next((os.environ[name] for name in POSTGRES_ENV if os.environ.get(name)), None)


@contextmanager
def sqlite_url(label: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix=f"gc-bench-{label}-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_url(base: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped on exit."""
    schema = f"gc_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def backends(label: str) -> Iterator[tuple[str, AbstractContextManager[str] | None]]:
    """(name, URL context) for SQLite and, when configured, PostgreSQL (else ``None``)."""
    yield "sqlite", sqlite_url(label)
    base = postgres_base_url()
    yield "postgresql", None if base is None else postgres_url(base)
