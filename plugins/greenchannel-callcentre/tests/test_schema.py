"""The JSON Schema shipped for the telephony vendor and the validator agree (S1).

The vendor validates against the schema; the channel validates in code.  If
the two drift, records the vendor thinks valid land in quarantine.
"""

from __future__ import annotations

from typing import Any

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_callcentre import FIELDS, REQUIRED, CallCentreChannel, schema

from .conftest import body, record
from .test_records import INVALID_FIELDS

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(schema())


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_schema_lists_exactly_the_fields_and_required_fields_of_the_validator() -> None:
    definition = schema()["$defs"]["record"]
    assert list(definition["properties"]) == list(FIELDS)
    assert set(definition["required"]) == REQUIRED
    assert definition["additionalProperties"] is False


@pytest.mark.parametrize(
    "document",
    [record(), [record(call_id="A"), record(call_id="B")], record(recording_ref=None)],
)
def test_records_the_channel_accepts_are_valid_by_the_schema(
    channel: CallCentreChannel, document: Any
) -> None:
    assert channel.parse(body(document), {})
    assert not list(VALIDATOR.iter_errors(document))


#: A pattern cannot tell 30 February from a real date; the schema says so in words.
PATTERN_CHECKABLE = [case for case in INVALID_FIELDS if "real date" not in case[2]]


@pytest.mark.parametrize(("field", "value", "reason"), PATTERN_CHECKABLE)
def test_records_the_channel_refuses_field_by_field_the_schema_refuses_too(
    channel: CallCentreChannel, field: str, value: Any, reason: str
) -> None:
    document = record(**{field: value})
    with pytest.raises(ValidationError):
        channel.parse(body(document), {})
    assert list(VALIDATOR.iter_errors(document)), f"schema accepts a bad {field}"
