"""Shared fixtures: a frozen clock, SDKs on SQLite and on a real PostgreSQL.

PostgreSQL tests read ``GREENCHANNEL_TEST_POSTGRES_URL`` (a SQLAlchemy URL
such as ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).  Each test
run works in its own schema, dropped at the end, so runs never collide.
Without the variable the PostgreSQL cases are skipped, unless
``GREENCHANNEL_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk

POSTGRES_ENV = "GREENCHANNEL_TEST_POSTGRES_URL"
REQUIRE_ENV = "GREENCHANNEL_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {POSTGRES_ENV} is not set")
        return None
    return url


@pytest.fixture(scope="session")
def postgres_schema_url(postgres_base_url: str | None) -> Iterator[str | None]:
    """A URL whose connections work in a fresh schema of their own, for this run."""
    if postgres_base_url is None:
        yield None
        return
    from sqlalchemy import create_engine, text

    schema = f"gc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_base_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    separator = "&" if "?" in postgres_base_url else "?"
    yield f"{postgres_base_url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    """Drop every table of the run's schema so each test starts from an empty database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        schema = conn.execute(text("select current_schema()")).scalar_one()
        for (name,) in conn.execute(text(
                "select tablename from pg_tables where schemaname = current_schema()")):
            conn.execute(text(f'DROP TABLE "{schema}"."{name}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path,
                 postgres_schema_url: str | None) -> str:
    """An empty database on each backend: an SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'greenchannel.db'}"
    if postgres_schema_url is None:
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL variant")
    _reset_postgres(postgres_schema_url)
    return postgres_schema_url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def sdk(tmp_path: Path, clock: FrozenClock) -> Iterator[GreenChannel]:
    """An SDK on a fresh SQLite file (most behaviour does not depend on the backend)."""
    instance = make_sdk(tmp_path, clock=clock)
    yield instance
    instance.close()


@pytest.fixture
def any_sdk(database_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[GreenChannel]:
    """The same SDK on SQLite and on PostgreSQL: for behaviour that storage could break."""
    instance = make_sdk(tmp_path, clock=clock, database_url=database_url)
    yield instance
    instance.close()
