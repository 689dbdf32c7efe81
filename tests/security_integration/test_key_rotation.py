"""Key rotation (S20): new writes use the new key at once; the job resumes and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from greenchannel_sdk import ComplaintQuery, GreenChannel
from greenchannel_sdk.cli import main
from greenchannel_sdk.security.cipher import FieldCipher, token_key_id
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.security.rotation import RotationProgress, rotate_keys
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.storage.tables import ComplaintRow
from greenchannel_sdk.testing import make_draft, make_sdk

OLD, NEW = generate_key(), generate_key()


def _key_ids(sdk: GreenChannel) -> list[str]:
    assert isinstance(sdk.store, SqlStore)
    with sdk.store.engine.connect() as conn:
        return [token_key_id(v) for v in conn.execute(select(ComplaintRow.sensitive)).scalars()]


def _register(sdk: GreenChannel, count: int) -> None:
    for i in range(count):
        sdk.intake(make_draft(f"第{i}號投訴:ATM少吐了錢"))


class Interrupted(Exception):
    pass


def test_rotation_interrupted_halfway_and_resumed(tmp_path: Path) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register(sdk, 12)
    with make_sdk(tmp_path, keys={"k1": OLD, "k2": NEW}) as sdk:
        _register(sdk, 1)  # new writes use the new key at once
        assert sorted(set(_key_ids(sdk))) == ["k1", "k2"]
        assert isinstance(sdk.store, SqlStore)
        cipher = FieldCipher(sdk.registry.key_providers["settings"])

        def stop_after_first_batch(step: RotationProgress) -> None:
            if step.table == "complaints":
                raise Interrupted

        with pytest.raises(Interrupted):
            rotate_keys(sdk.store.engine, cipher, batch=5, progress=stop_after_first_batch)
        half = _key_ids(sdk)
        assert 0 < half.count("k1") < 12  # one batch committed, the rest untouched
        assert len(list(sdk.iter_complaints(ComplaintQuery()))) == 13  # every row readable
        totals = {t.table: t for t in rotate_keys(sdk.store.engine, cipher, batch=5)}
        assert totals["complaints"].rotated == half.count("k1")
        assert set(_key_ids(sdk)) == {"k2"}
        texts = sorted(c.text for c in sdk.iter_complaints(ComplaintQuery()))
        assert len(texts) == 13
        assert texts[0].startswith("第0號")


def test_keys_cli_rotates_and_then_has_nothing_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register(sdk, 3)
    url = f"sqlite:///{tmp_path / 'greenchannel.db'}"
    monkeypatch.setenv("GREENCHANNEL_KEYS", f"k1={OLD},k2={NEW}")
    assert main(["keys", "rotate", "--database-url", url]) == 0
    assert "complaints: 3 of 3 re-encrypted to key k2" in capsys.readouterr().out
    assert main(["keys", "rotate", "--database-url", url]) == 0
    assert "complaints: 0 of 3 re-encrypted" in capsys.readouterr().out


def test_a_missing_old_key_is_a_clear_error_never_garbage(tmp_path: Path) -> None:
    from greenchannel_sdk.security.errors import DecryptionError

    with make_sdk(tmp_path, keys={"k1": OLD}) as sdk:
        _register(sdk, 1)
    with make_sdk(tmp_path, keys={"k2": NEW}) as sdk, pytest.raises(DecryptionError):
        list(sdk.iter_complaints(ComplaintQuery()))
