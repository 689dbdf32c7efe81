"""Whatever arrives, the hotline channel answers with drafts or ValidationError (S1).

Property tests over arbitrary bytes, arbitrary JSON documents and valid
records with fields replaced by arbitrary JSON values.
"""

from __future__ import annotations

import json
from typing import Any

from greenchannel_sdk.errors import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_callcentre import FIELDS, CallCentreChannel

from .conftest import FixedClock, record

CHANNEL = CallCentreChannel(clock=FixedClock())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


def parse_or_refuse(payload: bytes) -> None:
    """Drafts whose ids are the call ids, or a ValidationError naming its problems."""
    try:
        drafts = CHANNEL.parse(payload, {})
    except ValidationError as exc:
        problems = exc.problems
        assert problems
    else:
        assert drafts
        assert all(draft.channel == "hotline" for draft in drafts)


@settings(max_examples=300)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(payload: bytes) -> None:
    parse_or_refuse(payload)


@settings(max_examples=300)
@given(json_values)
def test_arbitrary_json_documents(document: Any) -> None:
    parse_or_refuse(json.dumps(document).encode())


@settings(max_examples=500)
@given(st.dictionaries(st.sampled_from(sorted(FIELDS)), json_values, min_size=1, max_size=4))
def test_valid_records_with_fields_replaced(replacements: dict[str, Any]) -> None:
    document = {**record(), **replacements}
    parse_or_refuse(json.dumps(document, ensure_ascii=False).encode())


@settings(max_examples=300)
@given(st.data())
def test_valid_records_with_bytes_mutated(data: st.DataObject) -> None:
    payload = bytearray(json.dumps(record(), ensure_ascii=False).encode())
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(payload) - 1))
        payload[position] = data.draw(st.integers(0, 255))
    parse_or_refuse(bytes(payload))
