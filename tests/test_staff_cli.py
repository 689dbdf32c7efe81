"""``greenchannel staff import`` / ``list``: clear per-row errors, nothing half-imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenchannel_sdk.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "staff.csv"


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gc.db'}"


def _run(tmp_path: Path, *args: str) -> int:
    return main(["staff", *args, "--database-url", _url(tmp_path)])


def test_csv_import_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "import", str(EXAMPLE), "--actor", "admin-1") == 0
    assert "3 people, 2 teams, 2 departments: 7 added" in capsys.readouterr().out
    assert _run(tmp_path, "list") == 0
    listing = capsys.readouterr().out
    assert "team cards (department customer_relationship, lead li)" in listing
    assert "wang: roles handler; skills bank_card,fees; languages zh; capacity 20; 6 shifts" \
        in listing
    assert "chen:" in listing
    assert "unavailable" in listing
    assert "王五" not in listing  # names only with --json
    assert _run(tmp_path, "list", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    wang = next(m for m in document["staff"] if m["id"] == "wang")
    assert wang["leave"] == [{"first_day": "2026-03-02", "last_day": "2026-03-06",
                              "reason": "leave"}]
    assert wang["display_name"] == "王五"


def test_a_bad_row_names_its_line_and_imports_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "import", str(EXAMPLE), "--actor", "admin-1") == 0
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,team,department,capacity,shifts,leave\n"
        "new1,cards,,5,,\n"
        "new2,cards,,lots,mon-fri 9-5,\n"
        ",cards,,3,,2026-02-30\n", encoding="utf-8")
    assert _run(tmp_path, "import", str(bad), "--actor", "admin-1") == 2
    errors = capsys.readouterr().err
    assert "line 3: capacity: 'lots' is not a whole number; shifts:" in errors
    assert "line 4: id: required; leave: '2026-02-30'" in errors
    assert "line 2" not in errors
    assert _run(tmp_path, "list", "--json") == 0
    assert "new1" not in capsys.readouterr().out


def test_a_row_naming_an_unknown_team_imports_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "orphan.csv"
    file.write_text("id,team\nok,nowhere\n", encoding="utf-8")
    assert _run(tmp_path, "import", str(file), "--actor", "admin-1") == 2
    assert "staff ok.team: unknown team 'nowhere'" in capsys.readouterr().err


def test_json_import_reports_entries_by_position(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "dir.json"
    file.write_text(json.dumps({
        "departments": [{"id": "cr"}],
        "teams": [{"id": "t", "department": "cr", "lead": "a"}],
        "staff": [{"id": "a", "team": "t", "roles": ["green_channel_lead"],
                   "shifts": [{"weekday": 0, "start": "09:00", "end": "17:00"}]},
                  {"id": "b", "team": "t", "capacity": "many"}]}), encoding="utf-8")
    assert _run(tmp_path, "import", str(file), "--actor", "admin-1") == 2
    errors = capsys.readouterr().err
    assert "staff[1]:" in errors
    assert "capacity" in errors
    doc = json.loads(file.read_text())
    doc["staff"].pop()
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert _run(tmp_path, "import", str(file), "--actor", "admin-1") == 0
    assert "3 added" in capsys.readouterr().out


def test_unknown_columns_are_refused(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "typo.csv"
    file.write_text("id,team,capasity\na,t,3\n", encoding="utf-8")
    assert _run(tmp_path, "import", str(file), "--actor", "admin-1") == 2
    assert "unknown columns ['capasity']" in capsys.readouterr().err


def test_remove_a_leaver(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "import", str(EXAMPLE), "--actor", "admin-1") == 0
    assert _run(tmp_path, "remove", "li", "--reason", "left", "--actor", "admin-1") == 2
    assert "li leads team cards" in capsys.readouterr().err
    assert _run(tmp_path, "remove", "chen", "--reason", "left the bank",
                "--actor", "admin-1") == 0
    assert capsys.readouterr().out.startswith("removed chen from team")
    assert _run(tmp_path, "list") == 0
    assert "chen:" not in capsys.readouterr().out


def test_list_says_when_assignment_uses_a_hook_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    from greenchannel_sdk import Directory, Settings, StaffMember, Team, hookimpl
    from greenchannel_sdk.cli import staff

    class HrSystem:
        @hookimpl
        def greenchannel_directory(self, settings: Settings) -> Directory:
            return Directory([Team(id="t", department="hr")], [StaffMember(id="hr", team="t")])

    assert _run(tmp_path, "import", str(EXAMPLE), "--actor", "admin-1") == 0
    assert _run(tmp_path, "list") == 0
    assert "note" not in capsys.readouterr().err
    with_hook = staff.settings_from
    monkeypatch.setattr(staff, "settings_from", lambda args: attrs.evolve(
        with_hook(args), plugins=(HrSystem(),)))
    assert _run(tmp_path, "list") == 0
    captured = capsys.readouterr()
    assert "greenchannel_directory hook, not this stored one" in captured.err
    assert "wang:" in captured.out
