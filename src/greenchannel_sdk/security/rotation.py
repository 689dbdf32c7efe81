"""Key rotation: bring every stored value under the current master key (S20).

New writes use the current key at once; this job brings existing rows
along in two steps, each walking a table in primary-key order in small
batches, one transaction per batch:

1. data keys wrapped under an older master key are rewrapped (the data
   they protect is not touched: that is the point of envelope encryption);
2. values still sealed directly under a master key (rows written before
   data keys existed) move under their complaint's data key, created if
   needed; values with no owner (quarantined payloads) are re-encrypted
   under the current master key.

Only rows that need it are rewritten, so the job can be interrupted at any
point and simply run again.  A value is replaced only after it was
decrypted and re-sealed successfully, and the old master key must stay
available until the job reports nothing left, so no row is ever unreadable.
Erased values (a destroyed data key, or the erased marker) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import Table, select, update

from ..errors import ConfigurationError
from ..storage.mapping import ERASED_DOCUMENT, survey_row_id
from ..storage.tables import (
    CommunicationRow,
    ComplaintRow,
    DataKeyRow,
    QuarantineRow,
    SurveyRow,
)
from .cipher import FieldCipher, token_key_id
from .codec import EncryptingCodec, complaint_owner
from .data_keys import DATA_KEY_PREFIX, WrappedDataKey

if TYPE_CHECKING:
    from ..storage import SqlStore

__all__ = ["RotationProgress", "rotate_keys"]


@attrs.frozen
class RotationProgress:
    """Where a rotation run stands: per table, rows looked at and rows rewritten."""

    table: str
    examined: int
    rotated: int


RowFunction = Callable[[Any], str]


@attrs.frozen
class _Sealed:
    """A sealed column: its table, the field name bound as associated data, the row id
    bound, and the owner whose data key it belongs under (``None``: the master key)."""

    table: Table
    column: str
    field: str
    row_id: RowFunction
    owner: RowFunction | None


def _sealed_columns() -> Iterator[_Sealed]:
    yield _Sealed(ComplaintRow.__table__, "sensitive", "sensitive",  # type: ignore[arg-type]
                  lambda r: str(r.id), lambda r: complaint_owner(r.id))
    yield _Sealed(CommunicationRow.__table__, "sensitive", "sensitive",  # type: ignore[arg-type]
                  lambda r: str(r.id), lambda r: complaint_owner(r.complaint_id))
    yield _Sealed(SurveyRow.__table__, "comments", "comments",  # type: ignore[arg-type]
                  lambda r: survey_row_id(r.complaint_id, r.answered_at),
                  lambda r: complaint_owner(r.complaint_id))
    yield _Sealed(QuarantineRow.__table__, "raw", "raw",  # type: ignore[arg-type]
                  lambda r: str(r.id), None)


def rotate_keys(store: SqlStore, *, batch: int = 500,
                progress: Callable[[RotationProgress], None] | None = None,
                ) -> list[RotationProgress]:
    """Rewrap data keys, then re-seal values not yet under a data key or the current key.

    Returns per-table totals: ``data_keys`` first, then each sealed table.
    """
    if not isinstance(store.codec, EncryptingCodec):
        raise ConfigurationError("key rotation needs encryption keys: none are configured")
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    totals = [_walk(store, _DK, batch, progress, _rewrap(store.codec))]
    totals += [_walk(store, sealed.table, batch, progress, _reseal(sealed, store.codec.cipher))
               for sealed in _sealed_columns()]
    return totals


_DK: Table = DataKeyRow.__table__  # type: ignore[assignment]

#: Rewrites one row within the batch's unit of work; True when it wrote.
Step = Callable[[Any, Any], bool]


def _walk(store: SqlStore, table: Table, batch: int,
          progress: Callable[[RotationProgress], None] | None, step: Step) -> RotationProgress:
    examined = rotated = 0
    key = table.primary_key.columns.values()[0]
    after: Any = None
    while True:
        with store.unit_of_work() as uow:
            stmt = select(table).order_by(key).limit(batch)
            if after is not None:
                stmt = stmt.where(key > after)
            rows = list(uow.connection.execute(stmt))
            rotated += sum(step(uow, row) for row in rows)
        examined += len(rows)
        if progress is not None:
            progress(RotationProgress(table.name, examined, rotated))
        if len(rows) < batch:
            return RotationProgress(table.name, examined, rotated)
        after = rows[-1]._mapping[key.name]


def _rewrap(codec: EncryptingCodec) -> Step:
    def step(uow: Any, row: Any) -> bool:
        data_key = WrappedDataKey(key_id=row.key_id, owner=row.owner, wrapped=row.wrapped)
        if not codec.keyring.needs_rewrap(data_key):
            return False
        uow.connection.execute(update(_DK).where(_DK.c.key_id == row.key_id)
                               .values(wrapped=codec.keyring.rewrap(data_key).wrapped))
        return True
    return step


def _reseal(sealed: _Sealed, master: FieldCipher) -> Step:
    table, column = sealed.table, sealed.column
    key = table.primary_key.columns.values()[0]

    def step(uow: Any, row: Any) -> bool:
        stored = row._mapping[column]
        if stored is None:
            return False
        token = bytes(stored).decode("utf-8") if isinstance(stored, bytes) else stored
        if token == ERASED_DOCUMENT or token_key_id(token).startswith(DATA_KEY_PREFIX):
            return False
        row_id = sealed.row_id(row)
        if sealed.owner is None:
            if master.is_current(token):
                return False
            fresh = master.rotate_token(token, row_id=row_id, field=sealed.field)
        else:
            plain = uow.codec.unseal(token, row_id=row_id, field=sealed.field)
            fresh = uow.codec.seal(plain, row_id=row_id, field=sealed.field,
                                   owner=sealed.owner(row))
        value: Any = fresh.encode("utf-8") if isinstance(stored, bytes) else fresh
        uow.connection.execute(update(table).where(key == row._mapping[key.name])
                               .values({column: value}))
        return True
    return step
