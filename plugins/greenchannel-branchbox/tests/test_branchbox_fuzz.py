"""Hostile and random input: the row parser and the file readers raise only the SDK's errors."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from greenchannel_sdk.errors import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from branchbox_samples import ENGLISH, good_row, write_xlsx
from greenchannel_branchbox import BranchBoxChannel, encode_row, open_table
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


def _read_all(path: Path) -> None:
    with open_table(path) as table:
        for _number, _cells in table.rows():
            pass


def _sample_workbook(folder: Path) -> Path:
    return write_xlsx(folder / "good.xlsx", [good_row(n) for n in range(20)])


def test_workbook_with_truncated_sheet_xml_is_refused(tmp_path: Path) -> None:
    good = _sample_workbook(tmp_path)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # the sheet breaks off mid-row
            target.writestr(item, data)
    with pytest.raises(ValidationError, match="workbook"):
        _read_all(damaged)


@functools.cache
def _workbook_bytes() -> bytes:
    """One workbook for every example: saving stamps the time, so a new one differs."""
    with tempfile.TemporaryDirectory() as folder:
        return _sample_workbook(Path(folder)).read_bytes()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_workbook_with_flipped_bytes(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = bytearray(_workbook_bytes())
        for position in data.draw(st.lists(st.integers(0, len(content) - 1), min_size=1,
                                           max_size=8)):
            content[position] ^= data.draw(st.integers(1, 255))
        broken = Path(folder) / "broken.xlsx"
        broken.write_bytes(bytes(content))
        with contextlib.suppress(ValidationError):
            _read_all(broken)
