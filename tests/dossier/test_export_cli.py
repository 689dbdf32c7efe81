"""``greenchannel export NUMBER`` writes both files, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dossier_helpers import PHONE, whole_lifecycle

from greenchannel_sdk.cli import main
from greenchannel_sdk.dossier import dossier_from_json
from greenchannel_sdk.testing import FrozenClock, make_sdk


def _archived(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    sdk = make_sdk(tmp_path, clock=FrozenClock(), database_url=database_url)
    try:
        number = whole_lifecycle(sdk, FrozenClock())
        keys = ",".join(f"{k}={v}" for k, v in sdk.settings.keys.items())
    finally:
        sdk.close()
    monkeypatch.setenv("GREENCHANNEL_KEYS", keys)
    return number


def test_export_writes_json_and_html(tmp_path: Path, database_url: str,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    number = _archived(tmp_path, database_url, monkeypatch)
    out = tmp_path / "archive"
    assert main(["export", number, "--actor", "lead-li", "--role", "green_channel_lead",
                 "--out", str(out), "--database-url", database_url]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == [f"{number}.dossier.html", f"{number}.dossier.json"]
    text = (out / f"{number}.dossier.json").read_text(encoding="utf-8")
    dossier = dossier_from_json(text)
    assert dossier.number == number
    assert dossier.personal_data == "decrypted"
    assert json.loads(text)["complaint"]["customer"]["phone"] == PHONE
    assert dossier.events[-1].action == "personal_data.read"
    assert dossier.events[-1].actor == "lead-li"
    assert number in (out / f"{number}.dossier.html").read_text(encoding="utf-8")
    assert "personal data decrypted" in capsys.readouterr().out


def test_export_masks_for_an_auditor(tmp_path: Path, database_url: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    number = _archived(tmp_path, database_url, monkeypatch)
    assert main(["export", number, "--actor", "aud-wu", "--role", "auditor",
                 "--out", str(tmp_path), "--database-url", database_url]) == 0
    text = (tmp_path / f"{number}.dossier.json").read_text(encoding="utf-8")
    assert PHONE not in text
    assert dossier_from_json(text).personal_data == "masked"


def test_unknown_number_is_a_clear_error(tmp_path: Path, database_url: str,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _archived(tmp_path, database_url, monkeypatch)
    assert main(["export", "GC-20990101-W-HQ-000001-X", "--actor", "aud-wu", "--role",
                 "auditor", "--out", str(tmp_path / "x"), "--database-url", database_url]) == 2
    err = capsys.readouterr().err
    assert "greenchannel: error: no complaint numbered 'GC-20990101-W-HQ-000001-X'" in err
    assert not (tmp_path / "x").exists()
