"""Key rotation: re-encrypt every sealed value under the current key (S20).

New writes use the current key at once; this job brings existing rows
along.  It walks each table in primary-key order in small batches, one
transaction per batch, and rewrites only values not yet under the current
key, so it can be interrupted at any point and simply run again: finished
rows are skipped.  A value is replaced only after it was decrypted and
re-encrypted successfully, and the old key must stay available until the
job reports nothing left, so no row is ever unreadable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
from sqlalchemy import Engine, Table, select, update

from ..storage.mapping import survey_row_id
from ..storage.tables import CommunicationRow, ComplaintRow, QuarantineRow, SurveyRow
from .cipher import FieldCipher

__all__ = ["RotationProgress", "rotate_keys"]


@attrs.frozen
class RotationProgress:
    """Where a rotation run stands: per table, rows looked at and rows re-encrypted."""

    table: str
    examined: int
    rotated: int


def _sealed_columns() -> Iterator[tuple[Table, str, str, Callable[[Any], str]]]:
    """(table, column, field name bound as associated data, row id of a row)."""
    for model in (ComplaintRow, CommunicationRow):
        yield model.__table__, "sensitive", "sensitive", lambda r: str(r.id)  # type: ignore[misc]
    yield QuarantineRow.__table__, "raw", "raw", lambda r: str(r.id)  # type: ignore[misc]
    yield (SurveyRow.__table__, "comments", "comments",  # type: ignore[misc]
           lambda r: survey_row_id(r.complaint_id, r.answered_at))


def rotate_keys(engine: Engine, cipher: FieldCipher, *, batch: int = 500,
                progress: Callable[[RotationProgress], None] | None = None,
                ) -> list[RotationProgress]:
    """Re-encrypt every sealed value not yet under the current key; return per-table totals."""
    totals = []
    for table, column, field, row_id in _sealed_columns():
        examined = rotated = 0
        key = table.primary_key.columns.values()[0]
        after: Any = None
        while True:
            with engine.begin() as conn:
                stmt = select(table).where(table.c[column].is_not(None)).order_by(key).limit(batch)
                if after is not None:
                    stmt = stmt.where(key > after)
                rows = list(conn.execute(stmt))
                for row in rows:
                    stored = row._mapping[column]
                    token = bytes(stored).decode("utf-8") if isinstance(stored, bytes) else stored
                    fresh = cipher.rotate_token(token, row_id=row_id(row), field=field)
                    if fresh != token:
                        value: Any = fresh.encode("utf-8") if isinstance(stored, bytes) else fresh
                        conn.execute(update(table).where(key == row._mapping[key.name])
                                     .values({column: value}))
                        rotated += 1
            examined += len(rows)
            if progress is not None:
                progress(RotationProgress(table.name, examined, rotated))
            if len(rows) < batch:
                break
            after = rows[-1]._mapping[key.name]
        totals.append(RotationProgress(table.name, examined, rotated))
    return totals
