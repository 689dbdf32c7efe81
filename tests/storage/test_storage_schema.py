"""Alembic migrations shipped in the package (P1, P3): they build exactly the models' schema.

A newer SDK opening an older database must say so and name the command
that fixes it, instead of failing later on a missing column.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from greenchannel_sdk.cli import main
from greenchannel_sdk.errors import SchemaOutOfDate
from greenchannel_sdk.storage import SqlStore, make_engine, schema
from greenchannel_sdk.storage.tables import Base, in_schema_of


@pytest.fixture
def engine(database_url: str) -> Any:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    schema.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": lambda obj, *_rest: in_schema_of(conn.dialect.name, obj)})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_clock_group_index_is_built_on_sqlite_only(engine: Engine) -> None:
    """SQLite's report groups the clocks off it; PostgreSQL would only pay for it on writes."""
    schema.upgrade(engine)
    names = {index["name"] for index in inspect(engine).get_indexes("clock_facts")}
    assert ("ix_clock_facts_grouped" in names) == (engine.dialect.name == "sqlite")


def test_due_clock_index_is_partial(engine: Engine) -> None:
    """Autogenerate ignores index predicates, so the partial index is checked here."""
    schema.upgrade(engine)
    index = next(ix for ix in inspect(engine).get_indexes("sla_clocks")
                 if ix["name"] == "ix_sla_clocks_next_check_at")
    predicate = next(str(getattr(value, "text", value))
                     for key, value in index.get("dialect_options", {}).items()
                     if key.endswith("_where"))
    assert "next_check_at IS NOT NULL" in predicate


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    from alembic import command

    schema.upgrade(engine)
    command.downgrade(schema.alembic_config(engine), "base")
    assert schema.current_revision(engine) is None
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()


def test_an_older_revision_is_refused_with_the_upgrade_command(engine: Engine,
                                                               database_url: str) -> None:
    schema.upgrade(engine, "0001")
    with pytest.raises(SchemaOutOfDate, match=r"revision 0001 .*run 'greenchannel db upgrade'"):
        SqlStore(database_url)
    store = SqlStore(database_url, migrate="upgrade")
    store.close()
    assert schema.current_revision(engine) == schema.head_revision()


def test_tables_without_a_revision_are_refused(engine: Engine, database_url: str) -> None:
    """Tables made by hand (or by an SDK before migrations) are never silently adopted."""
    Base.metadata.create_all(engine)
    with pytest.raises(SchemaOutOfDate, match=r"\(none\).*greenchannel db upgrade"):
        SqlStore(database_url)


def test_a_revision_from_a_newer_sdk_is_refused(engine: Engine, database_url: str) -> None:
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    with pytest.raises(SchemaOutOfDate, match="newer greenchannel-sdk; upgrade the SDK"):
        SqlStore(database_url, migrate="upgrade")


def test_db_commands(engine: Engine, database_url: str,
                     capsys: pytest.CaptureFixture[str]) -> None:
    schema.upgrade(engine, "0001")
    assert main(["db", "current", "--database-url", database_url]) == 1
    assert f"0001 (needs upgrade to {schema.head_revision()})" in capsys.readouterr().out

    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    assert f"from 0001 to {schema.head_revision()}" in capsys.readouterr().out

    assert main(["db", "current", "--database-url", database_url]) == 0
    assert "(up to date)" in capsys.readouterr().out

    assert main(["db", "history", "--database-url", database_url]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == [revision for revision, _ in schema.history()]
    assert listed[0] == "0001"
    assert listed[-1] == schema.head_revision()


def test_db_command_on_an_unreachable_database_is_a_clear_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://ops:hunter2-secret@127.0.0.1:1/complaints"
    assert main(["db", "current", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "cannot use the database at" in err
    assert "hunter2-secret" not in err
