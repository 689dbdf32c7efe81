"""``greenchannel sla tick`` and ``greenchannel sla explain`` (S22; issue 4 item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sla_engine_helpers import register

from greenchannel_sdk.cli import main
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_sdk


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A database with one complaint received 2026-03-02 09:00 Shanghai; (url, number)."""
    key = generate_key()
    url = f"sqlite:///{tmp_path / 'gc.db'}"
    with make_sdk(tmp_path, clock=FrozenClock(), database_url=url,
                  keys={"k1": key}) as sdk:
        number = register(sdk)
    monkeypatch.setenv("GREENCHANNEL_KEYS", f"k1={key}")
    return url, number


def test_tick_fires_what_is_due_once(database: tuple[str, str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """25 hours after receipt the first-contact clock warned twice, breached, escalated."""
    url, _ = database
    argv = ["sla", "tick", "--now", "2026-03-03T10:00:00+08:00", "--database-url", url]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == (
        "checked 1 clock(s): 2 warning(s), 1 breach(es), 1 escalation(s)")
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("checked 0 clock(s)")


def test_tick_refuses_a_time_without_offset(database: tuple[str, str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = database
    with pytest.raises(SystemExit) as exited:
        main(["sla", "tick", "--now", "2026-03-03T10:00:00", "--database-url", url])
    assert exited.value.code == 2
    assert "with its offset" in capsys.readouterr().err


def test_explain_prints_the_arithmetic(database: tuple[str, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    url, number = database
    assert main(["sla", "explain", number, "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "Clock 'first_contact' (cycle 1)" in out
    assert "Clock 'resolution' (cycle 1)" in out
    assert "= 2026-03-18T00:00:00+08:00." in out


def test_explain_json(database: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    url, number = database
    assert main(["sla", "explain", number, "--json", "--database-url", url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {item["clock"]: item["due_at"] for item in data} == {
        "first_contact": "2026-03-03T09:00:00+08:00",
        "resolution": "2026-03-18T00:00:00+08:00"}


def test_explain_an_unknown_number_is_an_error(database: tuple[str, str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = database
    assert main(["sla", "explain", "GC-NOPE", "--database-url", url]) == 2
    assert "greenchannel: error:" in capsys.readouterr().err
