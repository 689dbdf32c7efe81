"""Schema versions: Alembic migrations shipped inside the package.

The store checks the database's revision when it opens, so a newer SDK on
an older database says "run ``greenchannel db upgrade``" instead of failing
later with a missing column.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ..errors import SchemaOutOfDate

__all__ = [
    "alembic_config",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "history",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the shipped migrations and at ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def history() -> list[tuple[str, str]]:
    """(revision, message) of every shipped migration, oldest first."""
    revisions = list(ScriptDirectory(str(MIGRATIONS)).walk_revisions())
    return [(rev.revision, rev.doc or "") for rev in reversed(revisions)]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def ensure_schema(engine: Engine, *, mode: str) -> None:
    """Make sure the database is at the SDK's schema, as ``mode`` allows.

    ``create``: build an empty database; refuse an outdated one.
    ``upgrade``: also upgrade an outdated one.  ``check``: never write.
    """
    if mode not in {"create", "upgrade", "check"}:
        raise ValueError(f"migrate must be 'create', 'upgrade' or 'check', not {mode!r}")
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    known = {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if current is not None and current not in known:
        raise SchemaOutOfDate(
            f"the database is at schema revision {current}, which this SDK does not know: "
            "it was written by a newer greenchannel-sdk; upgrade the SDK")
    empty = current is None and not inspect(engine).get_table_names()
    if mode == "upgrade" or (mode == "create" and empty):
        upgrade(engine)
        return
    raise SchemaOutOfDate(
        f"the database is at schema revision {current or '(none)'} but this SDK needs {head}; "
        "back it up, then run 'greenchannel db upgrade'")
