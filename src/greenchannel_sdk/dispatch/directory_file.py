"""Directory import files: CSV (one row per person) or JSON (departments, teams, staff).

Every row is checked and every problem is reported with its line or
position before anything is written; the caller stores the result in one
transaction, so a file with one bad row imports nothing.  The formats are
described in ``docs/dispatch.md``.

CSV columns: ``id`` and ``team`` are required; ``department`` (needed when
the team is new), ``roles``, ``skills``, ``languages`` (``;``-separated),
``capacity``, ``available``, ``shifts`` (``mon-fri 09:00-17:30; sat
09:00-12:00``), ``leave`` (``2026-03-02..2026-03-06; 2026-04-01``) and
``display_name`` are optional.  A person whose roles include
``green_channel_lead`` becomes their team's lead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date, time
from pathlib import Path
from typing import Any

import cattrs

from ..domain import Department, DirectoryRecords, Leave, Shift, StaffMember, Team, structure
from ..errors import ValidationError

__all__ = ["CSV_COLUMNS", "parse_leave", "parse_shifts", "read_directory_file"]

CSV_COLUMNS = ("id", "team", "department", "roles", "skills", "languages", "capacity",
               "available", "shifts", "leave", "display_name")
_REQUIRED = ("id", "team")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
_LEAD = "green_channel_lead"


def read_directory_file(path: Path | str) -> DirectoryRecords:
    """The departments, teams and staff in ``path`` (``.csv`` or ``.json``).

    Raises :class:`ValidationError` whose ``problems`` name each bad line
    (CSV) or entry (JSON) with what is wrong, in file order.
    """
    file = Path(path)
    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read {file.name}", {"file": str(exc)}) from None
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return parse_csv(content)
    if suffix == ".json":
        return parse_json(content)
    raise ValidationError(f"cannot import {file.name}",
                          {"file": "the name must end in .csv or .json"})


# CSV -------------------------------------------------------------------------------------


def parse_csv(content: str) -> DirectoryRecords:
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip() for name in reader.fieldnames or ()]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    missing = [name for name in _REQUIRED if name not in header]
    if unknown or missing:
        wrong = ([f"unknown columns {unknown} (known: {', '.join(CSV_COLUMNS)})"]
                 if unknown else []) + ([f"missing columns {missing}"] if missing else [])
        raise ValidationError("the CSV header is wrong", {"line 1": "; ".join(wrong)})
    problems: dict[str, str] = {}
    staff: list[StaffMember] = []
    team_department: dict[str, str] = {}
    leads: dict[str, list[str]] = {}
    for line, raw in enumerate(reader, start=2):
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items()
               if key is not None}
        if not any(row.values()):
            continue
        errors: list[str] = []
        member = _csv_member(row, errors)
        department = row.get("department", "")
        if member is not None and department:
            known = team_department.setdefault(member.team, department)
            if known != department:
                errors.append(f"department: team {member.team!r} was given department "
                              f"{known!r} on an earlier line")
        if errors or member is None:
            problems[f"line {line}"] = "; ".join(errors)
            continue
        staff.append(member)
        if _LEAD in member.roles:
            leads.setdefault(member.team, []).append(member.id)
    for team, ids in leads.items():
        if len(ids) > 1:
            problems[f"team {team}"] = f"more than one green_channel_lead: {', '.join(ids)}"
    if problems:
        raise ValidationError("the CSV file has errors; nothing was imported", problems)
    teams = tuple(Team(id=team, department=department, lead=next(iter(leads.get(team, [])), None))
                  for team, department in sorted(team_department.items()))
    return DirectoryRecords(
        departments=tuple(Department(id=d) for d in sorted(set(team_department.values()))),
        teams=teams, staff=tuple(staff))


def _csv_member(row: Mapping[str, str], errors: list[str]) -> StaffMember | None:
    for name in _REQUIRED:
        if not row.get(name):
            errors.append(f"{name}: required")
    values: dict[str, Any] = {"id": row.get("id", ""), "team": row.get("team", "")}
    for name in ("roles", "skills", "languages"):
        if row.get(name):
            values[name] = frozenset(part.strip() for part in row[name].split(";")
                                     if part.strip())
    if row.get("capacity"):
        try:
            values["capacity"] = int(row["capacity"])
        except ValueError:
            errors.append(f"capacity: {row['capacity']!r} is not a whole number")
    if row.get("available"):
        flag = _YES.get(row["available"].lower())
        if flag is None:
            errors.append(f"available: {row['available']!r} is not yes or no")
        values["available"] = bool(flag)
    for name, parse in (("shifts", parse_shifts), ("leave", parse_leave)):
        if row.get(name):
            try:
                values[name] = parse(row[name])
            except ValueError as exc:
                errors.append(f"{name}: {exc}")
    if row.get("display_name"):
        values["display_name"] = row["display_name"]
    return None if errors else StaffMember(**values)


def parse_shifts(text: str) -> tuple[Shift, ...]:
    """``mon-fri 09:00-17:30; sat 09:00-12:00`` as weekly shifts (0 = Monday)."""
    shifts: list[Shift] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, _, hours = part.partition(" ")
        start, _, end = hours.strip().partition("-")
        try:
            begin, finish = time.fromisoformat(start), time.fromisoformat(end)
        except ValueError:
            raise ValueError(f"{part!r}: write hours as HH:MM-HH:MM") from None
        shifts.extend(Shift(weekday=day, start=begin, end=finish) for day in _weekdays(days))
    return tuple(shifts)


def _weekdays(text: str) -> list[int]:
    days: list[int] = []
    for piece in text.lower().split(","):
        first, _, last = piece.partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise ValueError(f"{text!r}: days are {', '.join(_DAYS)}, ranges like mon-fri")
        days.extend(range(_DAYS.index(first), _DAYS.index(last or first) + 1))
    return days


def parse_leave(text: str) -> tuple[Leave, ...]:
    """``2026-03-02..2026-03-06; 2026-04-01`` as leave periods (both ends included)."""
    periods: list[Leave] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        first, _, last = part.partition("..")
        try:
            periods.append(Leave(first_day=date.fromisoformat(first),
                                 last_day=date.fromisoformat(last or first)))
        except ValueError:
            raise ValueError(f"{part!r}: write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD") from None
    return tuple(periods)


# JSON ------------------------------------------------------------------------------------

_JSON_KINDS: dict[str, type[Any]] = {"departments": Department, "teams": Team,
                                     "staff": StaffMember}


def parse_json(content: str) -> DirectoryRecords:
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ValidationError("the JSON file is not valid JSON",
                              {f"line {exc.lineno}": exc.msg}) from None
    if not isinstance(document, dict):
        raise ValidationError("the JSON file has errors; nothing was imported",
                              {"document": "expected an object with departments, teams, staff"})
    problems: dict[str, str] = {}
    unknown = sorted(set(document) - set(_JSON_KINDS))
    if unknown:
        problems["document"] = f"unknown keys {unknown}; known: {', '.join(_JSON_KINDS)}"
    parsed: dict[str, list[Any]] = {kind: [] for kind in _JSON_KINDS}
    for kind, cls in _JSON_KINDS.items():
        entries = document.get(kind, [])
        if not isinstance(entries, list):
            problems[kind] = "expected a list"
            continue
        for position, entry in enumerate(entries):
            try:
                parsed[kind].append(structure(entry, cls))
            except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
                problems[f"{kind}[{position}]"] = _why(exc)
    if problems:
        raise ValidationError("the JSON file has errors; nothing was imported", problems)
    return DirectoryRecords(departments=tuple(parsed["departments"]),
                            teams=tuple(parsed["teams"]), staff=tuple(parsed["staff"]))


def _why(exc: Exception) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc))
    return str(exc)
