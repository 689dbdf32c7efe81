"""The shipped JSON Schema and the channel's validator state the same contract (S1).

Front-end developers build forms from the schema; the channel enforces its
own checks.  If the two disagreed, a form the schema allows would be
refused (or the reverse), so they are compared on generated forms.
"""

from __future__ import annotations

from typing import Any

import pytest
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.testing import FrozenClock
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_web import WebChannel, schema
from web_samples import body, form

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(schema())
CHANNEL = WebChannel(clock=FrozenClock())


def _every_property(node: Any) -> list[tuple[str, Any]]:
    found = []
    for name, sub in node.get("properties", {}).items():
        found.append((name, sub))
        found.extend(_every_property(sub))
        found.extend(_every_property(sub.get("items", {})))
    return found


def test_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_field_is_described() -> None:
    undocumented = [name for name, sub in _every_property(schema())
                    if not sub.get("description")]
    assert undocumented == []


def _channel_accepts(document: Any) -> bool:
    """The key may come in a header instead, which the schema of the body cannot require."""
    headers = {} if "idempotency_key" in document else {"Idempotency-Key": "header-key-1"}
    try:
        CHANNEL.parse(body(document), headers)
    except ValidationError:
        return False
    return True


_values = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**9),
                    st.text(max_size=30), st.sampled_from(
                        ["CNY", "zh-Hant", "website", "12.50", "+8613800138000", "a@b.cn",
                         "image/png", "0" * 64, "ABC123", "x" * 300]))


@st.composite
def _forms(draw: st.DrawFn) -> dict[str, Any]:
    """Valid forms with a few fields replaced by arbitrary values, or removed."""
    document = form()
    for name in draw(st.lists(st.sampled_from([*sorted(document), "extra"]), max_size=3)):
        value = draw(_values)
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    if draw(st.booleans()):
        document["customer"] = {draw(st.sampled_from(["phone", "email", "name", "customer_ref",
                                                      "id_number", "x"])): draw(_values)}
    return document


def _stripped_strings(document: Any) -> bool:
    """The channel trims surrounding spaces before checking; the schema cannot say so."""
    if isinstance(document, dict):
        return all(_stripped_strings(v) for v in document.values())
    if isinstance(document, list):
        return all(_stripped_strings(v) for v in document)
    return not isinstance(document, str) or document == document.strip()


@settings(max_examples=300, deadline=None)
@given(_forms())
def test_schema_and_channel_agree(document: dict[str, Any]) -> None:
    if not _stripped_strings(document) or "\x00" in body(document).decode():
        return
    if any(isinstance(v, str) and any(ord(ch) < 32 for ch in v) for v in document.values()):
        return  # control characters: the channel refuses them, JSON Schema cannot say so
    assert _channel_accepts(document) == VALIDATOR.is_valid(document)
