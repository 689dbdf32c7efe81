"""The directory stored through the storage layer (S6, S8), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from pathlib import Path

import attrs
import pytest

from greenchannel_sdk import (
    Actor,
    Complaint,
    CustomerIdentity,
    Directory,
    GreenChannel,
    PermissionDenied,
    RoutingRule,
    RoutingTable,
    Settings,
    StaffMember,
    Team,
    ValidationError,
    hookimpl,
)
from greenchannel_sdk.dispatch import StoredDirectory
from greenchannel_sdk.domain import Department, DirectoryRecords, Leave, Shift
from greenchannel_sdk.errors import ConfigurationError, NotFound
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_draft

MONDAY_10_SHANGHAI = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
LOW = "the branch queue number machine was broken this morning"
ADMIN = Actor("admin-1", roles={"administrator"})
LEAD = Actor("lead-1", roles={"green_channel_lead"})


KEYS = {"k1": generate_key(), "blind-index": generate_key()}


def _open(url: str, clock: FrozenClock | None = None, **settings: object) -> GreenChannel:
    """An SDK with no ``directory=``: the stored directory (the default plugin) is used."""
    base = Settings(database_url=url, load_entry_points=False, keys=KEYS)
    return GreenChannel(attrs.evolve(base, **settings), clock=clock or FrozenClock(
        MONDAY_10_SHANGHAI), routing=RoutingTable(fallback=RoutingRule(team="t",
                                                                        strategy="round_robin")))


@pytest.fixture
def stored(database_url: str) -> Iterator[GreenChannel]:
    sdk = _open(database_url)
    sdk.staff.add_department(Department(id="cr", display_name="客戶關係部"), ADMIN)
    sdk.staff.save_team(Team(id="t", department="cr"), ADMIN)
    yield sdk
    sdk.close()


_customers = iter(range(10**6))


def _registered(sdk: GreenChannel, text: str = LOW) -> Complaint:
    complaint = sdk.intake(make_draft(f"{text} #{next(_customers)}", language="en",
                                      customer=CustomerIdentity(
                                          customer_ref=f"C-{next(_customers)}"))).complaint
    assert complaint is not None
    return complaint


def _assignee(sdk: GreenChannel, text: str = LOW) -> str | None:
    complaint = _registered(sdk, text)
    assert complaint.assignment is not None
    return complaint.assignment.assignee


def test_everything_stored_comes_back_as_it_was_written(stored: GreenChannel,
                                                       database_url: str) -> None:
    member = StaffMember(
        id="h1", team="t", roles={"handler", "specialist"}, skills={"bank_card", "fees"},
        languages={"zh", "en"}, capacity=7, display_name="王小明",
        shifts=(Shift(weekday=0, start=time(9), end=time(17, 30)),),
        leave=(Leave(date(2026, 4, 1), date(2026, 4, 3), reason="annual"),))
    stored.staff.add(member, ADMIN)
    stored.staff.save_team(Team(id="t", department="cr", lead="h1", display_name="Cards"), ADMIN)
    again = _open(database_url)  # a second process reading the same database
    try:
        records = again.staff.records()
        assert records.staff == (member,)
        assert records.teams == (Team(id="t", department="cr", lead="h1", display_name="Cards"),)
        assert records.departments == (Department(id="cr", display_name="客戶關係部"),)
        assert isinstance(again.directory, StoredDirectory)
        assert again.directory.staff["h1"] == member
    finally:
        again.close()


def test_names_and_leave_reasons_are_sealed_at_rest(stored: GreenChannel) -> None:
    from sqlalchemy import text

    stored.staff.add(StaffMember(id="h1", team="t", display_name="王小明",
                                 leave=(Leave(date(2026, 4, 1), date(2026, 4, 1),
                                              reason="hospital"),)), ADMIN)
    engine = stored.store.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        raw = " ".join(str(v) for row in conn.execute(text("select * from staff")) for v in row)
    assert "王小明" not in raw
    assert "hospital" not in raw


def test_leave_is_respected_by_assignment(stored: GreenChannel) -> None:
    stored.staff.add(StaffMember(id="a", team="t"), ADMIN)
    stored.staff.add(StaffMember(id="b", team="t"), ADMIN)
    assert {_assignee(stored) for _ in range(4)} == {"a", "b"}
    stored.staff.mark_leave("a", LEAD, first_day=date(2026, 3, 1), last_day=date(2026, 3, 6))
    assert {_assignee(stored) for _ in range(4)} == {"b"}


def test_capacity_is_respected_and_the_lead_takes_the_rest(stored: GreenChannel) -> None:
    stored.staff.add(StaffMember(id="one", team="t", capacity=2), ADMIN)
    stored.staff.add(StaffMember(id="boss", team="t", roles={"green_channel_lead"}), ADMIN)
    stored.staff.save_team(Team(id="t", department="cr", lead="boss"), ADMIN)
    assert [_assignee(stored) for _ in range(4)] == ["one", "one", "boss", "boss"]
    stored.staff.update("one", ADMIN, capacity=3, reason="more hours")
    assert _assignee(stored) == "one"


def test_a_change_in_one_process_reaches_the_other(stored: GreenChannel,
                                                   database_url: str) -> None:
    other = _open(database_url)
    try:
        stored.staff.add(StaffMember(id="new", team="t"), ADMIN)
        assert _assignee(other) == "new"
    finally:
        other.close()


def test_moving_between_teams_drops_the_old_lead(stored: GreenChannel) -> None:
    stored.staff.save_team(Team(id="risk", department="cr"), ADMIN)
    stored.staff.add(StaffMember(id="li", team="t"), ADMIN)
    stored.staff.save_team(Team(id="t", department="cr", lead="li"), ADMIN)
    moved = stored.staff.move("li", LEAD, team="risk", reason="fraud cases need her")
    assert moved.team == "risk"
    teams = {team.id: team for team in stored.staff.records().teams}
    assert teams["t"].lead is None
    assert stored.directory.team_of("li") == "risk"


def test_a_leaver_is_removed_once_their_cases_and_team_are_handed_over(
        stored: GreenChannel, database_url: str) -> None:
    stored.staff.add(StaffMember(id="stays", team="t"), ADMIN)
    stored.staff.add(StaffMember(id="leaves", team="t", display_name="王小明"), ADMIN)
    stored.staff.save_team(Team(id="t", department="cr", lead="leaves"), ADMIN)
    held = [c.number for c in (_registered(stored) for _ in range(2))
            if c.assignment is not None and c.assignment.assignee == "leaves"]
    assert held
    with pytest.raises(ValidationError, match=f"leaves still holds {len(held)} open"):
        stored.staff.remove("leaves", ADMIN, reason="left the bank")
    for number in held:
        stored.assign(number, LEAD, assignee="stays", reason="handover")
    with pytest.raises(ValidationError, match="leads team t"):
        stored.staff.remove("leaves", ADMIN, reason="left the bank")
    stored.staff.save_team(Team(id="t", department="cr", lead="stays"), ADMIN)
    with pytest.raises(ValidationError, match="reason"):
        stored.staff.remove("leaves", ADMIN, reason=" ")

    gone = stored.staff.remove("leaves", ADMIN, reason="left the bank")
    assert (gone.id, gone.display_name) == ("leaves", "王小明")
    assert [m.id for m in stored.staff.records().staff] == ["stays"]
    assert {_assignee(stored) for _ in range(3)} == {"stays"}
    other = _open(database_url)  # another process sees the removal too
    try:
        assert "leaves" not in other.directory.staff  # type: ignore[attr-defined]
    finally:
        other.close()
    event = dict(stored.store.iter_audit_chains())["directory"][-1]
    assert (event.action, event.reason, event.data) == (
        "directory.staff_removed", "left the bank", {"staff": "leaves"})
    with pytest.raises(NotFound):
        stored.staff.remove("leaves", ADMIN, reason="again")


def test_every_change_is_audited_without_personal_data(stored: GreenChannel) -> None:
    stored.staff.add(StaffMember(id="h1", team="t", display_name="王小明"), ADMIN)
    stored.staff.mark_leave("h1", LEAD, first_day=date(2026, 5, 4), reason="hospital")
    chain = dict(stored.store.iter_audit_chains())["directory"]
    assert [e.action for e in chain] == ["directory.department_added", "directory.team_saved",
                                         "directory.staff_added", "directory.leave_marked"]
    assert [e.actor for e in chain][-2:] == ["admin-1", "lead-1"]
    text = repr(chain)
    assert "王小明" not in text
    assert "hospital" not in text
    assert stored.verify_audit() == []


def test_only_administrators_and_leads_may_change_it(stored: GreenChannel) -> None:
    with pytest.raises(PermissionDenied):
        stored.staff.add(StaffMember(id="x", team="t"), Actor("h", roles={"handler"}))
    assert stored.staff.records().staff == ()


def test_an_inconsistent_change_is_refused_whole(stored: GreenChannel) -> None:
    with pytest.raises(ValidationError) as refused:
        stored.staff.add(StaffMember(id="x", team="nowhere", capacity=-1), ADMIN)
    assert set(refused.value.problems) == {"staff x.team", "staff x.capacity"}
    with pytest.raises(ValidationError, match="already exists"):
        stored.staff.add_department(Department(id="cr"), ADMIN)
    with pytest.raises(ValidationError, match="mark_leave"):
        stored.staff.update("x", ADMIN, leave=())
    assert stored.staff.records().staff == ()


def test_the_bank_hook_wins_over_the_stored_directory(tmp_path: Path) -> None:
    class HrSystem:
        @hookimpl
        def greenchannel_directory(self, settings: Settings) -> Directory:
            return Directory([Team(id="t", department="hr")], [StaffMember(id="from-hr",
                                                                           team="t")])

    url = f"sqlite:///{tmp_path / 'x.db'}"
    with _open(url) as plain:
        plain.staff.add_department(Department(id="cr"), ADMIN)
        plain.staff.save_team(Team(id="t", department="cr"), ADMIN)
        plain.staff.add(StaffMember(id="from-db", team="t"), ADMIN)
    with _open(url, plugins=(HrSystem(),)) as sdk:
        assert _assignee(sdk) == "from-hr"
        with pytest.raises(ConfigurationError, match="change it there"):
            sdk.staff.add(StaffMember(id="y", team="t"), ADMIN)


def test_an_empty_database_queues_for_the_green_channel_team(tmp_path: Path) -> None:
    sdk = GreenChannel(Settings(database_url=f"sqlite:///{tmp_path / 'e.db'}",
                                load_entry_points=False), clock=FrozenClock())
    with sdk:
        complaint = sdk.intake(make_draft(LOW, language="en")).complaint
    assert complaint is not None
    assert complaint.assignment is not None
    assert (complaint.assignment.team, complaint.assignment.assignee) == ("green-channel", None)


def test_import_adds_and_replaces_in_one_go(stored: GreenChannel) -> None:
    stored.staff.add(StaffMember(id="a", team="t", capacity=1), ADMIN)
    summary = stored.staff.import_records(DirectoryRecords(
        departments=(Department(id="risk"),), teams=(Team(id="r", department="risk"),),
        staff=(StaffMember(id="a", team="t", capacity=5), StaffMember(id="b", team="r"))), ADMIN)
    assert (summary.added, summary.updated) == (3, 1)
    assert {m.id: m.capacity for m in stored.staff.records().staff} == {"a": 5, "b": 20}


def test_simultaneous_registrations_never_overbook_the_last_slot_of_a_stored_person(
        database_url: str) -> None:
    """The PostgreSQL concurrency guarantee holds with the directory read from the store."""
    with _open(database_url) as setup:
        setup.staff.import_records(DirectoryRecords(
            departments=(Department(id="cr"),),
            teams=(Team(id="t", department="cr", lead="lead"),),
            staff=(StaffMember(id="last-slot", team="t", capacity=1),
                   StaffMember(id="lead", team="t", roles={"green_channel_lead"}))), ADMIN)
    sdks = [_open(database_url) for _ in range(2)]
    barrier = threading.Barrier(2)
    assignees: list[str | None] = []

    def register(sdk: GreenChannel) -> None:
        barrier.wait()
        assignees.append(_assignee(sdk))

    threads = [threading.Thread(target=register, args=(sdk,)) for sdk in sdks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sdk in sdks:
        sdk.close()
    assert sorted(map(str, assignees)) == ["last-slot", "lead"]


def test_blocking_the_default_leaves_the_lone_team_and_refuses_edits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    with _open(url) as plain:
        plain.staff.add_department(Department(id="cr"), ADMIN)
        plain.staff.save_team(Team(id="t", department="cr"), ADMIN)
    with _open(url, blocked_plugins=("greenchannel.directory",)) as sdk:
        assert not isinstance(sdk.directory, StoredDirectory)
        assert set(sdk.directory.teams) == {"green-channel"}
        with pytest.raises(ConfigurationError):
            sdk.staff.add(StaffMember(id="y", team="t"), ADMIN)
