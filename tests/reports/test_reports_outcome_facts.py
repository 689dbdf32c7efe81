"""``clock_facts`` and ``survey_facts`` stay equal to clocks and surveys joined to complaints.

The report counts SLA goals and survey scores per handler and team from
these two copies (S17, S22, S25); triggers keep them right for every
writer.  Each test changes the database the way some writer might (the
facade, raw SQL in any order) and compares the copies with their
definition: every clock or survey of an existing complaint, with the
complaint's period and filter columns, handler and team.  SQLite and
PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from reports_dataset import LEAD, DataSet
from sqlalchemy import delete, text
from sqlalchemy.engine import Connection, Engine

from greenchannel_sdk.storage.outcome_triggers import DIMENSIONS, fill_outcome_facts
from greenchannel_sdk.storage.tables import ClockFactRow, SurveyFactRow

_DIMS = ", ".join(f"c.{d}" for d in DIMENSIONS)
_DEFINITIONS = {
    "clock_facts": (f"SELECT s.complaint_id, s.name, s.cycle, s.due_at, s.stopped_at, {_DIMS} "
                    "FROM sla_clocks AS s JOIN complaints AS c ON c.id = s.complaint_id"),
    "survey_facts": (f"SELECT s.id, s.complaint_id, s.score, s.solved, {_DIMS} "
                     "FROM surveys AS s JOIN complaints AS c ON c.id = s.complaint_id"),
}
_KEPT = {
    "clock_facts": ("SELECT complaint_id, name, cycle, due_at, stopped_at, "
                    f"{', '.join(DIMENSIONS)} FROM clock_facts"),
    "survey_facts": ("SELECT survey_id, complaint_id, score, solved, "
                     f"{', '.join(DIMENSIONS)} FROM survey_facts"),
}


def _rows(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    # Timestamps come back as text on SQLite either way; booleans as 0/1.
    return sorted(tuple(str(v) if v is not None else None for v in row)
                  for row in conn.execute(text(sql)))


def _same_in(conn: Connection) -> dict[str, int]:
    """Assert the copies equal their definition; their sizes."""
    for table, sql in _KEPT.items():
        assert _rows(conn, sql) == _rows(conn, _DEFINITIONS[table]), table
    return {table: len(_rows(conn, sql)) for table, sql in _KEPT.items()}


def _kept_equals_definition(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return _same_in(conn)


def test_the_facade_writes_the_copies(dataset: DataSet) -> None:
    sizes = _kept_equals_definition(dataset.sdk.store.engine)
    assert sizes["clock_facts"] >= 20  # ten complaints, two or more clocks each
    assert sizes["survey_facts"] == 3  # A, B and E answered


def test_a_reassignment_or_a_repair_is_copied_to_clocks_and_surveys(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    dataset.sdk.assign(dataset.numbers["C"], LEAD, assignee="chen", reason="handover")
    with engine.begin() as conn:  # and raw SQL, as a repair script would
        conn.execute(text("UPDATE complaints SET team = 'risk', channel = 'branch_box' "
                          "WHERE number = :n"), {"n": dataset.numbers["B"]})
        moved = conn.execute(text(
            "SELECT DISTINCT f.assignee FROM clock_facts AS f "
            "JOIN complaints AS c ON c.id = f.complaint_id WHERE c.number = :n"),
            {"n": dataset.numbers["C"]}).scalars().all()
    assert moved == ["chen"]
    _kept_equals_definition(engine)


def test_stopping_a_clock_and_changing_an_answer_are_copied(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    with engine.begin() as conn:
        conn.execute(text("UPDATE sla_clocks SET stopped_at = due_at WHERE stopped_at IS NULL"))
        conn.execute(text("UPDATE sla_clocks SET due_at = started_at WHERE name = "
                          "(SELECT min(name) FROM sla_clocks)"))
        conn.execute(text("UPDATE surveys SET score = 1, solved = false"))
        assert conn.execute(text("SELECT count(*) FROM clock_facts "
                                 "WHERE stopped_at IS NULL")).scalar_one() == 0
    _kept_equals_definition(engine)


def test_rows_written_before_their_complaint_are_copied_when_it_arrives(
        dataset: DataSet) -> None:
    """No foreign key orders the writes: a complaint re-inserted after its clocks and surveys."""
    engine = dataset.sdk.store.engine
    number = dataset.numbers["A"]
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMPORARY TABLE saved AS SELECT * FROM complaints "
                          "WHERE number = :n"), {"n": number})
        conn.execute(text("DELETE FROM complaints WHERE number = :n"), {"n": number})
        gone = conn.execute(text("SELECT count(*) FROM clock_facts WHERE complaint_id = "
                                 "(SELECT id FROM saved)")).scalar_one()
        orphans = conn.execute(text("SELECT count(*) FROM sla_clocks WHERE complaint_id = "
                                    "(SELECT id FROM saved)")).scalar_one()
        assert (gone, orphans > 0) == (0, True)  # a clock without its complaint is not counted
        _same_in(conn)
        conn.execute(text("INSERT INTO complaints SELECT * FROM saved"))
        _same_in(conn)
        conn.execute(text("DROP TABLE saved"))
    assert _kept_equals_definition(engine)["survey_facts"] == 3


def test_deleting_clocks_and_surveys_deletes_their_copies(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sla_clocks WHERE cycle >= 0 AND name = "
                          "(SELECT max(name) FROM sla_clocks)"))
        conn.execute(text("DELETE FROM surveys WHERE score = 5"))
    assert _kept_equals_definition(engine)["survey_facts"] == 2


def test_the_migration_fills_exactly_what_the_triggers_write(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    with engine.begin() as conn:
        written = {table: _rows(conn, sql) for table, sql in _KEPT.items()}
        conn.execute(delete(ClockFactRow))
        conn.execute(delete(SurveyFactRow))
        fill_outcome_facts(conn)
        assert {table: _rows(conn, sql) for table, sql in _KEPT.items()} == written
