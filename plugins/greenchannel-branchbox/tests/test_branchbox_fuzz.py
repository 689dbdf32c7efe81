"""Hostile and random input: the row parser and the CSV reader raise only the SDK's errors."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

from greenchannel_sdk.errors import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from branchbox_samples import ENGLISH, good_row
from greenchannel_branchbox import BranchBoxChannel, encode_row
from greenchannel_branchbox._columns import COLUMNS, map_headers
from greenchannel_branchbox._readers import CsvTable

CHANNEL = BranchBoxChannel()


def _parses_or_refuses(payload: bytes) -> None:
    with contextlib.suppress(ValidationError):
        CHANNEL.parse(payload, {})


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(payload: bytes) -> None:
    _parses_or_refuses(payload)


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_random_json(document: Any) -> None:
    _parses_or_refuses(json.dumps(document).encode())


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(COLUMNS)), st.text(max_size=200))
def test_any_text_in_any_column(column: str, text: str) -> None:
    values = dict(zip(ENGLISH, good_row(1), strict=True))
    values[column] = text
    _parses_or_refuses(encode_row(values))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_csv_reader_on_random_bytes(content: bytes) -> None:
    data = b"branch_code,received_date,complaint_text\n" + content
    try:
        table = CsvTable(io.BytesIO(data), len(data), "utf-8-sig")
        map_headers(table.headers)
        for _number, _cells in table.rows():
            pass
    except ValidationError:
        pass
