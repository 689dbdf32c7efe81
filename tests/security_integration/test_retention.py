"""Retention (S16, S20): legal hold, erasure on request, the retention purge.

Erasure destroys the complaint's data key: the raw database (an SQLite
file, a plain SQL dump of PostgreSQL) then holds no personal value in
clear and no key that could open the ciphertext left behind, as a backup
would keep it.  Statistics and the audit chain are unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from sqlalchemy import create_engine, select, text

from greenchannel_sdk import (
    Actor,
    CustomerIdentity,
    GreenChannel,
    IllegalTransition,
    PermissionDenied,
    ValidationError,
    hookimpl,
)
from greenchannel_sdk.cli import main
from greenchannel_sdk.domain import ERASED_TEXT
from greenchannel_sdk.reports import Period, build_report
from greenchannel_sdk.security.codec import EncryptingCodec, complaint_owner
from greenchannel_sdk.security.errors import DataErased
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.storage.tables import (
    CommunicationRow,
    CustomerKeyRow,
    DataKeyRow,
    SurveyRow,
)
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin

NAME, PHONE, ID_NUMBER = "歐陽娜娜", "13987654321", "11010519880101123X"
SECRET_WORDS = "我的暗證號碼被人偷看了"
NOTE = "客戶說她住在浦東"
COMMENT = "謝謝娜娜的耐心"
VALUES = (NAME, PHONE, ID_NUMBER, SECRET_WORDS, NOTE, COMMENT)

LEAD = Actor("lead-li", roles={"green_channel_lead"})
SUPERVISOR = Actor("du-cha", roles={"supervisor"})
ADMIN = Actor("admin-1", roles={"administrator"})
AUDITOR = Actor("aud-1", roles={"auditor"})
HANDLER = Actor("wang", roles={"handler"}, team="green-channel")


def _customer(ref: str = "C-77") -> CustomerIdentity:
    return CustomerIdentity(customer_ref=ref, name=NAME, phone=PHONE, id_number=ID_NUMBER)


def _resolved(sdk: GreenChannel, customer: CustomerIdentity | None = None) -> str:
    """A complaint with personal data in its text, a note and a survey comment, resolved."""
    complaint = sdk.intake(make_draft(f"{SECRET_WORDS},卡被盜刷",
                                      customer=customer or _customer())).complaint
    assert complaint is not None
    number = complaint.number
    sdk.add_note(number, LEAD, text=NOTE)
    sdk.record_contact(number, LEAD, method="phone", outcome="reached")
    sdk.propose_resolution(number, LEAD, remedy="refund")
    sdk.accept_resolution(number, LEAD)
    sdk.record_survey(number, LEAD, score=4, solved=True, comments=COMMENT)
    return number


def _archived(sdk: GreenChannel) -> str:
    complaint = sdk.intake(make_draft(f"{SECRET_WORDS}", customer=_customer())).complaint
    assert complaint is not None
    sdk.withdraw(complaint.number, LEAD, reason="customer withdrew")
    sdk.archive(complaint.number, SUPERVISOR)
    return complaint.number


def _store(sdk: GreenChannel) -> SqlStore:
    assert isinstance(sdk.store, SqlStore)
    return sdk.store


def _raw_dump(sdk: GreenChannel, database_url: str, folder: Path) -> str:
    if database_url.startswith("sqlite"):
        sdk.close()  # the last connection checkpoints the WAL into the file
        return b"".join(p.read_bytes() for p in folder.glob("greenchannel.db*")).decode(
            "utf-8", "replace")
    engine = create_engine(database_url)
    parts = []
    with engine.connect() as conn:
        names = conn.execute(text("select tablename from pg_tables "
                                  "where schemaname = current_schema()")).scalars().all()
        for name in names:
            parts.extend(repr(tuple(row)) for row in conn.execute(text(f'SELECT * FROM "{name}"')))
    engine.dispose()
    return "\n".join(parts)


def _sealed_values(sdk: GreenChannel, complaint_id: str) -> list[str]:
    with _store(sdk).engine.connect() as conn:
        notes = conn.execute(select(CommunicationRow.sensitive)
                             .where(CommunicationRow.complaint_id == complaint_id)).scalars()
        comments = conn.execute(select(SurveyRow.comments)
                                .where(SurveyRow.complaint_id == complaint_id)).scalars()
        return [*notes, *(c for c in comments if c is not None)]


def test_erasure_leaves_no_decryptable_personal_data(any_sdk: GreenChannel, database_url: str,
                                                     tmp_path: Path) -> None:
    number = _resolved(any_sdk)
    complaint = any_sdk.get(number)
    with _store(any_sdk).engine.connect() as conn:
        wrapped = conn.execute(select(DataKeyRow.wrapped).where(
            DataKeyRow.owner == complaint_owner(complaint.id))).scalar_one()
    backup = _sealed_values(any_sdk, complaint.id)  # ciphertext as a backup keeps it
    assert len(backup) >= 3
    assert all(v.startswith("v1:dk-") for v in backup)

    erased = any_sdk.retention.erase(number, ADMIN, reason="customer asked (ticket 881)")

    assert erased.erased_at == any_sdk.clock.now()
    again = any_sdk.get(number)
    assert (again.text, again.subject, again.erased_at) == (ERASED_TEXT, None, erased.erased_at)
    assert again.customer.name is None
    assert again.customer.phone is None
    assert {c.text for c in any_sdk.communications(number)} <= {ERASED_TEXT, ""}
    assert ERASED_TEXT in {c.text for c in any_sdk.communications(number)}
    assert [c.number for c in any_sdk.iter_complaints()] == [number]  # listing still works
    assert any_sdk.verify_audit() == []
    assert any_sdk.history(number)[-1].action == "personal_data.erase"
    assert any_sdk.history(number)[-1].actor == ADMIN.id
    codec = _store(any_sdk).codec
    assert isinstance(codec, EncryptingCodec)
    with _store(any_sdk).unit_of_work() as uow:
        session = codec.bind(uow)
        for token in backup:  # the ciphertext left behind opens no more
            with pytest.raises(DataErased):
                session.unseal(token, row_id="any", field="sensitive")
        assert uow.data_key_of(complaint_owner(complaint.id)).destroyed  # type: ignore[union-attr]
    with _store(any_sdk).engine.connect() as conn:
        assert conn.execute(select(CustomerKeyRow.id).where(
            CustomerKeyRow.complaint_id == complaint.id)).first() is None

    dump = _raw_dump(any_sdk, database_url, tmp_path)
    assert len(dump) > 1000
    assert wrapped not in dump, "the wrapped data key is still in the database"
    assert wrapped.split(":")[2][:24] not in dump
    found = [value for value in VALUES if value in dump]
    assert not found, f"plaintext personal data in the database: {len(found)} value(s)"


def test_statistics_are_identical_after_erasure(any_sdk: GreenChannel) -> None:
    numbers = [_resolved(any_sdk) for _ in range(2)]
    _resolved(any_sdk, _customer("C-88"))
    period = Period.of_days(date(2026, 3, 1), date(2026, 3, 31), "Asia/Shanghai")
    as_of = any_sdk.clock.now()

    def report() -> object:
        return build_report(_store(any_sdk).engine, period, as_of=as_of)

    before = report()
    assert before.volume.total == 3  # type: ignore[attr-defined]
    assert before.repeats.repeat_customers == 1  # type: ignore[attr-defined]
    erasure = any_sdk.retention.erase_customer(ADMIN, reason="customer asked",
                                               identity=CustomerIdentity(phone=PHONE))
    assert len(erasure.erased) == 3
    assert set(numbers) <= set(erasure.erased)
    assert report() == before


def test_legal_hold_blocks_erasure_and_purge(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = _archived(sdk)
    held = sdk.retention.place_legal_hold(number, SUPERVISOR, reason="court order 2026-17")
    assert held.legal_hold_since == clock.now()
    with pytest.raises(IllegalTransition, match="legal hold"):
        sdk.retention.erase(number, ADMIN, reason="customer asked")
    clock.advance(days=6 * 366)
    report = sdk.retention.purge(ADMIN)
    assert (report.expired, report.held, report.erased) == (1, 1, 0)
    assert sdk.get(number).erased_at is None
    assert sdk.get(number).text.startswith(SECRET_WORDS)

    with pytest.raises(ValidationError, match="reason"):
        sdk.retention.lift_legal_hold(number, SUPERVISOR, reason=" ")
    sdk.retention.lift_legal_hold(number, SUPERVISOR, reason="case settled")
    events = [(e.action, e.actor, e.reason) for e in sdk.history(number)][-2:]
    assert events == [("legal_hold.place", SUPERVISOR.id, "court order 2026-17"),
                      ("legal_hold.lift", SUPERVISOR.id, "case settled")]
    report = sdk.retention.purge(ADMIN)
    assert (report.expired, report.held, report.erased, report.numbers) == (1, 0, 1, (number,))
    assert sdk.get(number).text == ERASED_TEXT
    with pytest.raises(ValidationError, match="erased"):
        sdk.retention.place_legal_hold(number, SUPERVISOR, reason="too late")


def test_retention_period_is_counted_from_archiving(tmp_path: Path) -> None:
    clock = FrozenClock()
    with make_sdk(tmp_path, clock=clock, retention_years=2) as sdk:
        number = _archived(sdk)
        archived_at = clock.now()
        clock.advance(days=365)
        younger = _archived(sdk)
        clock.set(archived_at + timedelta(days=2 * 365 - 1))  # one day short of two years
        report = sdk.retention.purge(ADMIN, dry_run=True)
        assert (report.expired, report.erased) == (0, 0)
        clock.set(archived_at + timedelta(days=2 * 365 + 1))
        report = sdk.retention.purge(ADMIN, dry_run=True)
        assert (report.expired, report.erased, report.numbers) == (1, 0, (number,))
        assert sdk.get(number).erased_at is None  # a dry run erases nothing
        report = sdk.retention.purge(ADMIN)
        assert (report.expired, report.erased) == (1, 1)
        assert sdk.get(number).erased_at is not None
        assert sdk.get(younger).erased_at is None
        assert sdk.retention.purge(ADMIN).expired == 0


def test_open_complaints_are_not_erased(sdk: GreenChannel) -> None:
    complaint = sdk.intake(make_draft(SECRET_WORDS, customer=_customer())).complaint
    assert complaint is not None
    with pytest.raises(IllegalTransition, match="still open"):
        sdk.retention.erase(complaint.number, ADMIN, reason="customer asked")
    report = sdk.retention.erase_customer(ADMIN, reason="customer asked",
                                          identity=CustomerIdentity(customer_ref="C-77"))
    assert report.still_open == (complaint.number,)
    assert report.erased == ()
    assert sdk.get(complaint.number).text == SECRET_WORDS


def test_erasure_unlinks_the_customer(sdk: GreenChannel) -> None:
    first = _resolved(sdk)
    sdk.retention.erase(first, ADMIN, reason="customer asked")
    assert sdk.get(first).customer.customer_ref is not None
    assert sdk.get(first).customer.customer_ref != "C-77"  # a random stand-in
    later = sdk.intake(make_draft("又被盜刷了", customer=CustomerIdentity(phone=PHONE))).complaint
    assert later is not None
    assert not any(s.name == "repeat_complaint" for s in later.priority.signals)
    with pytest.raises(Exception, match="erased"):
        sdk.record_survey(first, LEAD, score=5, solved=True, comments="new personal words")


@pytest.mark.parametrize(("actor", "allowed"), [
    (SUPERVISOR, {"hold", "lift"}),
    (ADMIN, {"erase", "purge"}),
    (LEAD, set()),
    (AUDITOR, set()),
    (HANDLER, set()),
    (Actor.system("retention"), {"erase", "purge"}),
])
def test_who_may_hold_erase_and_purge(sdk: GreenChannel, actor: Actor,
                                      allowed: set[str]) -> None:
    held = _archived(sdk)
    sdk.retention.place_legal_hold(held, SUPERVISOR, reason="inquiry")
    attempts = {
        "hold": lambda: sdk.retention.place_legal_hold(_archived(sdk), actor, reason="inquiry"),
        "lift": lambda: sdk.retention.lift_legal_hold(held, actor, reason="inquiry over"),
        "erase": lambda: sdk.retention.erase(_archived(sdk), actor, reason="customer asked"),
        "erase_customer": lambda: sdk.retention.erase_customer(
            actor, reason="customer asked", identity=CustomerIdentity(customer_ref="C-1")),
        "purge": lambda: sdk.retention.purge(actor, dry_run=True),
    }
    for name, attempt in attempts.items():
        if name.split("_")[0] in allowed or name in allowed:
            attempt()
        else:
            with pytest.raises(PermissionDenied):
                attempt()


def test_purge_cli_prints_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with make_sdk(tmp_path) as sdk:
        keys = dict(sdk.settings.keys)
        _archived(sdk)
        held = _archived(sdk)
        sdk.retention.place_legal_hold(held, SUPERVISOR, reason="inquiry")
    url = f"sqlite:///{tmp_path / 'greenchannel.db'}"
    monkeypatch.setenv("GREENCHANNEL_KEYS", ",".join(f"{k}={v}" for k, v in keys.items()))
    monkeypatch.setenv("GREENCHANNEL_RETENTION_YEARS", "1")
    later = ["--now", "2028-01-01T00:00:00+08:00", "--database-url", url]
    assert main(["retention", "purge", "--dry-run", *later]) == 0
    out = capsys.readouterr().out
    assert "2 due, 1 under legal hold (kept), 1 would be erased (dry run)" in out
    assert main(["retention", "purge", *later]) == 0
    out = capsys.readouterr().out
    assert "2 due, 1 under legal hold (kept), 1 erased" in out
    assert "quarantined channel payloads: 0 handled ones deleted, 0 still waiting" in out


def test_retention_years_is_checked() -> None:
    from greenchannel_sdk import ConfigurationError, Settings

    assert Settings().retention_years == 5
    assert Settings.from_env({"GREENCHANNEL_RETENTION_YEARS": "7"}).retention_years == 7
    with pytest.raises(ConfigurationError, match="at least 1"):
        Settings(retention_years=0)
    with pytest.raises(ConfigurationError, match="whole number"):
        Settings.from_env({"GREENCHANNEL_RETENTION_YEARS": "five"})
    assert attrs.evolve(Settings(), retention_years=10).retention_years == 10


def test_a_missing_data_key_is_an_integrity_alarm_not_an_erasure(sdk: GreenChannel) -> None:
    from greenchannel_sdk.security.errors import DecryptionError

    complaint = sdk.intake(make_draft(SECRET_WORDS, customer=_customer())).complaint
    assert complaint is not None
    with _store(sdk).engine.begin() as conn:
        conn.execute(DataKeyRow.__table__.delete())
    with pytest.raises(DecryptionError, match="not in the data-key table") as caught:
        sdk.get(complaint.number)
    assert not isinstance(caught.value, DataErased)


class _Unreadable:
    """A channel whose every payload fails to parse: what quarantine keeps (S1)."""

    name = "unreadable"

    def parse(self, payload: bytes, metadata: object) -> list[object]:
        raise ValidationError("not a complaint form", {"body": "expected JSON"})


class _UnreadablePlugin:
    @hookimpl
    def greenchannel_register_channels(self, register: Any) -> None:
        register(_Unreadable())


def test_purge_deletes_handled_quarantined_payloads_past_the_period(
        tmp_path: Path, clock: FrozenClock, database_url: str) -> None:
    """Raw channel payloads hold personal data too; those a person handled go with the period."""
    with make_sdk(tmp_path, clock=clock, retention_years=1, database_url=database_url) as sdk, \
            using_plugin(sdk, _UnreadablePlugin()):
        [handled] = sdk.receive("unreadable", f"{NAME} {PHONE}".encode())
        [waiting] = sdk.receive("unreadable", f"{NAME} again".encode())
        assert handled.quarantined is not None
        assert waiting.quarantined is not None
        sdk.discard_quarantined(handled.quarantined.id, LEAD, reason="a test message")
        clock.advance(days=360)
        report = sdk.retention.purge(ADMIN)
        assert (report.quarantine_purged, report.quarantine_waiting) == (0, 0)
        clock.advance(days=10)
        report = sdk.retention.purge(ADMIN, dry_run=True)
        assert (report.quarantine_purged, report.quarantine_waiting) == (1, 1)
        assert len(sdk.store.quarantined(include_resolved=True)) == 2  # a dry run deletes none
        report = sdk.retention.purge(ADMIN)
        assert (report.quarantine_purged, report.quarantine_waiting) == (1, 1)
        [kept] = sdk.store.quarantined(include_resolved=True)
        assert kept.id == waiting.quarantined.id  # still waiting for a person
        assert sdk.retention.purge(ADMIN).quarantine_purged == 0
