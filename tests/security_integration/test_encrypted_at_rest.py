"""S20: personal data never reaches the database in plaintext, on SQLite and PostgreSQL.

Registers complaints with known personal data through every path that
stores it (intake, a further message, a note, a survey comment, a
quarantined payload), then reads the raw SQLite file (and its WAL) or a
plain SQL dump of every PostgreSQL table, and looks for each value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text

from greenchannel_sdk import Actor, ChannelDraft, CustomerIdentity, GreenChannel, hookimpl
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.testing import make_draft, using_plugin

NAME, PHONE, ID_NUMBER = "歐陽娜娜", "13987654321", "11010519880101123X"
ACCOUNT, EMAIL = "6222021234567890123", "nana.ouyang@example.cn"
ADDRESS = "上海市浦东新区世纪大道100号"
SECRET_WORDS = "我的暗證號碼被人偷看了"
VALUES = (NAME, PHONE, ID_NUMBER, ACCOUNT, EMAIL, ADDRESS, SECRET_WORDS)


class Picky:
    """A channel that refuses everything, so the payload lands in quarantine."""

    name = "picky"

    def parse(self, payload: bytes, metadata: Any) -> list[ChannelDraft]:
        raise ValidationError("unreadable form", {"body": "not the expected layout"})


class PickyPlugin:
    @hookimpl
    def greenchannel_register_channels(self, register: Any) -> None:
        register(Picky())


def _fill(sdk: GreenChannel) -> None:
    customer = CustomerIdentity(customer_ref="C-77", name=NAME, phone=PHONE,
                                id_number=ID_NUMBER, account_number=ACCOUNT, email=EMAIL,
                                address=ADDRESS)
    complaint = sdk.intake(make_draft(f"{SECRET_WORDS},卡被盜刷", customer=customer)).complaint
    assert complaint is not None
    sdk.intake(make_draft(f"補充:{SECRET_WORDS}", customer=customer,
                          in_reply_to=complaint.number, external_id="reply-1"))
    assert complaint.assignment is not None
    handler = Actor(str(complaint.assignment.assignee), roles={"handler"},
                    team=complaint.assignment.team)
    sdk.add_note(complaint.number, handler, text=f"customer {NAME} called from {PHONE}")
    sdk.record_contact(complaint.number, handler, method="phone", outcome="ok")
    sdk.propose_resolution(complaint.number, handler, remedy="refund")
    sdk.accept_resolution(complaint.number, handler)
    sdk.record_survey(complaint.number, handler, score=4, solved=True,
                      comments=f"thanks, {NAME}")
    with using_plugin(sdk, PickyPlugin()):
        sdk.receive("picky", f"{NAME};{PHONE};{ID_NUMBER}".encode(), {"from": EMAIL})
    sdk.relay_outbox()


def _dump_postgres(url: str) -> str:
    engine = create_engine(url)
    parts = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(repr(tuple(row)))
                parts.extend(bytes(v).decode("utf-8", "replace") for v in row
                             if isinstance(v, (bytes, memoryview)))
    engine.dispose()
    return "\n".join(parts)


def _dump_sqlite(folder: Path) -> str:
    raw = b"".join(p.read_bytes() for p in folder.glob("greenchannel.db*"))
    return raw.decode("utf-8", "replace")


def test_no_personal_value_in_the_database(any_sdk: GreenChannel, database_url: str,
                                           tmp_path: Path) -> None:
    _fill(any_sdk)
    number = any_sdk.list_complaints().items[0].number
    assert any_sdk.get(number).customer.phone == PHONE  # readable through the SDK
    assert any_sdk.quarantined()[0].raw.decode().startswith(NAME)
    any_sdk.close()
    dump = _dump_sqlite(tmp_path) if database_url.startswith("sqlite") \
        else _dump_postgres(database_url)
    assert len(dump) > 1000
    found = [value for value in VALUES if value in dump]
    assert not found, f"plaintext personal data in the database: {len(found)} value(s)"
