"""Key rotation (S20) with per-complaint data keys.

New writes use the new master key at once (new data keys are wrapped
under it); ``rotate_keys`` rewraps older data keys and moves rows written
before data keys existed under their complaint's data key.  It resumes
after an interruption and never leaves a row unreadable, and afterwards
the old master key can be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from greenchannel_sdk import Actor, ComplaintQuery, GreenChannel
from greenchannel_sdk.cli import main
from greenchannel_sdk.security.cipher import token_key_id
from greenchannel_sdk.security.codec import EncryptingCodec
from greenchannel_sdk.security.errors import DecryptionError
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.security.rotation import RotationProgress, rotate_keys
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.storage.tables import ComplaintRow, DataKeyRow
from greenchannel_sdk.store import DataKeyStore
from greenchannel_sdk.testing import make_draft, make_sdk

OLD, NEW, INDEX = generate_key(), generate_key(), generate_key()


class MasterKeyOnly(EncryptingCodec):
    """How the SDK sealed values before data keys: everything under the master key."""

    def bind(self, keys: DataKeyStore) -> MasterKeyOnly:  # type: ignore[override]
        return self

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        return self.cipher.encrypt(document, row_id=row_id, field=field)


def _store(sdk: GreenChannel) -> SqlStore:
    assert isinstance(sdk.store, SqlStore)
    return sdk.store


def _complaint_key_ids(sdk: GreenChannel) -> list[str]:
    with _store(sdk).engine.connect() as conn:
        return [token_key_id(v) for v in conn.execute(select(ComplaintRow.sensitive)).scalars()]


def _wrapping_keys(sdk: GreenChannel) -> list[str]:
    with _store(sdk).engine.connect() as conn:
        return [token_key_id(v) for v in conn.execute(select(DataKeyRow.wrapped)).scalars()]


def _register(sdk: GreenChannel, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        sdk.intake(make_draft(f"第{i}號投訴:ATM少吐了錢"))


def _register_legacy(sdk: GreenChannel, count: int) -> None:
    """Complaints (and a note each) sealed directly under the master key, as before."""
    store = _store(sdk)
    modern = store.codec
    assert isinstance(modern, EncryptingCodec)
    store.codec = MasterKeyOnly(modern.cipher)
    try:
        _register(sdk, count)
        for complaint in sdk.iter_complaints():
            assert complaint.assignment is not None
            sdk.add_note(complaint.number, Actor("lead", roles={"green_channel_lead"}),
                         text=f"note on {complaint.text[:4]}")
    finally:
        store.codec = modern


def test_rows_sealed_under_the_master_key_still_read(tmp_path: Path) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register_legacy(sdk, 2)
        _register(sdk, 1, start=2)
        assert sorted(_complaint_key_ids(sdk))[-2:] == ["k1", "k1"]  # two legacy rows
        texts = sorted(c.text for c in sdk.iter_complaints())
        assert [t[:3] for t in texts] == ["第0號", "第1號", "第2號"]
        number = next(c.number for c in sdk.iter_complaints() if c.text.startswith("第0號"))
        assert sdk.communications(number)[-1].text == "note on 第0號投"


class Interrupted(Exception):
    pass


def test_rotation_interrupted_halfway_and_resumed(tmp_path: Path) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register_legacy(sdk, 7)
        _register(sdk, 5, start=7)
    with make_sdk(tmp_path, keys={"k1": OLD, "k2": NEW}) as sdk:
        _register(sdk, 1, start=12)  # its data key is wrapped under the new key at once
        assert sorted(_wrapping_keys(sdk)) == ["k1"] * 5 + ["k2"]
        assert _complaint_key_ids(sdk).count("k1") == 7

        def stop_in_complaints(step: RotationProgress) -> None:
            if step.table == "complaints":
                raise Interrupted

        with pytest.raises(Interrupted):
            rotate_keys(_store(sdk), batch=4, progress=stop_in_complaints)
        assert set(_wrapping_keys(sdk)) == {"k2"}  # data keys done before the interruption
        legacy_left = _complaint_key_ids(sdk).count("k1")
        assert 0 < legacy_left < 7  # one batch of complaints moved, the rest untouched
        assert len(list(sdk.iter_complaints(ComplaintQuery()))) == 13  # every row readable

        totals = {t.table: t for t in rotate_keys(_store(sdk), batch=4)}
        assert totals["data_keys"].rotated == 0
        assert totals["complaints"].rotated == legacy_left
        assert totals["communications"].rotated == 7  # the legacy notes
        assert not any(k.startswith("k") for k in _complaint_key_ids(sdk))
        again = {t.table: t.rotated for t in rotate_keys(_store(sdk), batch=4)}
        assert set(again.values()) == {0}
    with make_sdk(tmp_path, keys={"k2": NEW}) as sdk:  # the old master key is gone
        complaints = list(sdk.iter_complaints())
        assert sorted(c.text[:4] for c in complaints)[0] == "第0號投"
        assert len(complaints) == 13
        noted = next(c for c in complaints if c.text.startswith("第3號"))
        assert sdk.communications(noted.number)[-1].text == "note on 第3號投"


def test_keys_cli_rotates_and_then_has_nothing_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register(sdk, 3)
    url = f"sqlite:///{tmp_path / 'greenchannel.db'}"
    monkeypatch.setenv("GREENCHANNEL_KEYS", f"k1={OLD},k2={NEW}")
    assert main(["keys", "rotate", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "data_keys: 3 of 3 rewrapped (master key k2)" in out
    assert "complaints: 0 of 3 re-sealed" in out
    assert main(["keys", "rotate", "--database-url", url]) == 0
    assert "data_keys: 0 of 3 rewrapped" in capsys.readouterr().out


def test_a_missing_old_key_is_a_clear_error_never_garbage(tmp_path: Path) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register(sdk, 1)
    with make_sdk(tmp_path, keys={"k2": NEW}) as sdk, pytest.raises(DecryptionError):
        list(sdk.iter_complaints(ComplaintQuery()))
