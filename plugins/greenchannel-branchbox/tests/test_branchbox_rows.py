"""One typed-in form (a row) becomes a draft, or a clear per-column refusal (S1).

Headers may be English, Traditional or Simplified Chinese; the form's
serial number (or, without one, the row's content) gives a stable
``external_id`` so re-imports recognise every row.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from greenchannel_sdk.errors import ValidationError

from branchbox_samples import ENGLISH, SIMPLIFIED, TRADITIONAL, good_row
from greenchannel_branchbox import BranchBoxChannel, encode_row
from greenchannel_branchbox._columns import map_headers

CHANNEL = BranchBoxChannel()


def row(**cells: str) -> bytes:
    values = dict(zip(("branch_code", "form_serial", "received_date", "customer_name",
                       "phone", "complaint_text", "amount", "currency"), good_row(7),
                      strict=True))
    values.update(cells)
    return encode_row(values)


def problems(payload: bytes) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        CHANNEL.parse(payload, {})
    return caught.value.problems


def test_row_becomes_a_draft() -> None:
    draft, = CHANNEL.parse(row(), {"file": "march.csv", "row": "2"})
    assert draft.channel == "branch_box"
    assert draft.external_id == "SH001:F0000007"
    assert draft.received_at == datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert draft.branch_code == "SH001"
    assert draft.customer.phone == "13800000007"
    assert draft.amount == Decimal("25.00")
    assert draft.metadata == {"file": "march.csv", "row": "2"}


def test_without_a_serial_the_id_is_a_hash_of_the_content() -> None:
    first, = CHANNEL.parse(row(form_serial=""), {"row": "2"})
    same, = CHANNEL.parse(row(form_serial=""), {"row": "9"})
    other, = CHANNEL.parse(row(form_serial="", complaint_text="另一件事"), {})
    assert first.external_id.startswith("row-sha256:")
    assert first.external_id == same.external_id
    assert other.external_id != first.external_id


def test_date_with_time_and_slashes() -> None:
    draft, = CHANNEL.parse(row(received_date="2026/3/1 14:30"), {})
    assert draft.received_at == datetime(2026, 3, 1, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("cells", "column", "why"), [
    ({"received_date": "2026-02-30"}, "received_date", "not a real date"),
    ({"received_date": "yesterday"}, "received_date", "like 2026-03-02"),
    ({"complaint_text": ""}, "complaint_text", "is empty"),
    ({"branch_code": ""}, "branch_code", "is empty"),
    ({"branch_code": "上海一支"}, "branch_code", "letters and digits"),
    ({"phone": "", "id_number": ""}, "phone", "at least one"),
    ({"phone": "call me"}, "phone", "5 to 20 digits"),
    ({"amount": "1,000"}, "amount", "like 1234.50"),
    ({"currency": "rmb"}, "currency", "ISO 4217"),
    ({"complaint_text": "x" * 20_001}, "complaint_text", "the limit is 20000"),
    ({"customer_name": "a\x00b"}, "customer_name", "control characters"),
])
def test_bad_cell_is_named_with_its_remedy(cells: dict[str, str], column: str,
                                           why: str) -> None:
    assert why in problems(row(**cells))[column]


def test_extra_cells_and_unknown_columns_are_refused() -> None:
    assert "more cells" in problems(encode_row({"branch_code": "A"}, ["stray"]))["row"]
    assert "not a column" in problems(b'{"colour": "red"}')["colour"]
    assert "JSON object" in problems(b"[1]")["row"]


def test_problems_never_repeat_personal_data() -> None:
    with pytest.raises(ValidationError) as caught:
        CHANNEL.parse(row(phone="李四 13912345678"), {})
    assert "13912345678" not in str(caught.value)
    assert "李四" not in str(caught.value)


@pytest.mark.parametrize("headers", [ENGLISH, TRADITIONAL, SIMPLIFIED,
                                     [h.upper() + " " for h in ENGLISH]])
def test_headers_in_any_accepted_language(headers: list[str]) -> None:
    mapped = map_headers(headers)
    assert mapped.positions["complaint_text"] == 5
    assert mapped.ignored == ()


def test_header_row_missing_a_column_names_what_would_do() -> None:
    with pytest.raises(ValidationError) as caught:
        map_headers(["branch_code", "备注", "received_date"])
    assert "投訴內容" in caught.value.problems["complaint_text"]


def test_unknown_headers_are_ignored_and_reported() -> None:
    assert map_headers([*ENGLISH, "备注"]).ignored == ("备注",)


def test_repeated_column_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        map_headers([*ENGLISH, "投訴內容"])
    assert "columns 6 and 9" in caught.value.problems["complaint_text"]


def test_unknown_time_zone_is_a_configuration_error() -> None:
    from greenchannel_sdk.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="Asia/Shanghai"):
        BranchBoxChannel(timezone="Mars/Olympus")
