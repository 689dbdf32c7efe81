"""Field validation of the web complaint form: every problem named, per field (S1).

A website shows each problem beside its input, so the error's ``problems``
must be keyed by the field's path and say what a valid value looks like,
without repeating what the customer typed (S20).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.testing import FrozenClock

from greenchannel_web import WebChannel
from web_samples import KEY, body, form


@pytest.fixture
def channel() -> WebChannel:
    return WebChannel(clock=FrozenClock())


def problems_of(channel: WebChannel, document: Any, headers: dict[str, str] | None = None,
                ) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(document), headers or {})
    return caught.value.problems


def test_valid_form_becomes_a_draft_with_every_field(channel: WebChannel) -> None:
    draft, = channel.parse(body(form()), {})
    assert draft.channel == "web"
    assert draft.external_id == KEY
    assert draft.received_at == FrozenClock().now()
    assert draft.text.startswith("我的信用卡")
    assert draft.customer.phone == "+8613800138000"
    assert draft.customer.customer_ref == "C-1001"
    assert draft.amount == Decimal("8000.00")
    assert draft.currency == "CNY"
    assert draft.attachments[0].filename == "账单.png"
    assert draft.attachments[0].size == 20480
    assert draft.metadata["source"] == "mobile_app"


def test_minimal_form_needs_only_text_contact_and_key(channel: WebChannel) -> None:
    draft, = channel.parse(body({"text": "ATM 吞卡", "customer": {"email": "a@b.cn"}}),
                           {"Idempotency-Key": KEY})
    assert draft.customer.email == "a@b.cn"
    assert draft.metadata["source"] == "website"
    assert draft.attachments == ()


def test_every_wrong_field_is_reported_at_once(channel: WebChannel) -> None:
    problems = problems_of(channel, form(
        text="   ", amount=12.5, currency="rmb", source="fax", branch_code="01-02",
        customer={"phone": "call me", "email": "nobody"},
        attachments=[{"filename": "x.png", "content_type": "png", "size": -1}]))
    assert set(problems) == {"text", "amount", "currency", "source", "branch_code",
                             "customer.phone", "customer.email",
                             "attachments[0].content_type", "attachments[0].size"}
    assert problems["text"] == "must not be blank"
    assert "like \"1234.50\"" in problems["amount"]
    assert "ISO 4217" in problems["currency"]


@pytest.mark.parametrize(("changes", "field", "why"), [
    ({"text": None}, "text", "is required"),
    ({"customer": None}, "customer", "is required"),
    ({"customer": {"name": "王小明"}}, "customer", "customer_ref, phone or email"),
    ({"customer": "王小明"}, "customer", "must be an object"),
    ({"colour": "red"}, "colour", "is not a field of the form"),
    ({"customer": {"phone": "13800138000", "age": 70}}, "customer.age", "not a field"),
    ({"subject": "two\nlines"}, "subject", "single line"),
    ({"text": "bell\x07"}, "text", "control characters"),
    ({"text": "x" * 20_001}, "text", "at most 20000 characters"),
    ({"attachments": [{}] * 11}, "attachments", "at most 10"),
    ({"attachments": [{"filename": "a"}]}, "attachments[0].size", "is required"),
    ({"attachments": [{"filename": "a", "content_type": "a/b", "size": True}]},
     "attachments[0].size", "whole number"),
    ({"idempotency_key": "short"}, "idempotency_key", "8 to 128"),
])
def test_field_problem_names_field_and_remedy(channel: WebChannel, changes: dict[str, Any],
                                              field: str, why: str) -> None:
    assert why in problems_of(channel, form(**changes))[field]


def test_problems_never_repeat_personal_data(channel: WebChannel) -> None:
    """S20: what the customer typed stays out of errors (and so out of logs)."""
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(form(customer={"phone": "王小明 13800138000",
                                          "id_number": "11010519491231002X-"})), {})
    assert "13800138000" not in str(caught.value)
    assert "11010519491231002X" not in str(caught.value)


def test_idempotency_key_may_come_from_the_header(channel: WebChannel) -> None:
    draft, = channel.parse(body(form(idempotency_key=None)), {"idempotency-key": "form-12345"})
    assert draft.external_id == "form-12345"


def test_header_and_body_keys_must_agree(channel: WebChannel) -> None:
    problems = problems_of(channel, form(), {"Idempotency-Key": "another-key-1"})
    assert "differs" in problems["idempotency_key"]


def test_missing_idempotency_key_says_how_to_send_one(channel: WebChannel) -> None:
    problems = problems_of(channel, form(idempotency_key=None))
    assert "Idempotency-Key header" in problems["idempotency_key"]


@pytest.mark.parametrize(("payload", "why"), [
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"text": "a",', "not JSON"),
    (b'{"text": "a", "text": "b"}', "twice"),
    (b'{"amount": NaN}', "NaN"),
    (b"[" * 100_000, "nested too deeply"),
    ('\ufeff{"text": "a"}'.encode(), "not JSON"),
])
def test_unreadable_body_is_a_body_problem(channel: WebChannel, payload: bytes,
                                           why: str) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(payload, {})
    assert why in caught.value.problems["body"]


def test_unpaired_surrogate_is_refused_not_stored(channel: WebChannel) -> None:
    """A ``\\ud800`` escape is valid JSON but no character; it could not be encrypted."""
    with pytest.raises(ValidationError) as caught:
        channel.parse(json.dumps(form(text="abc\ud800")).encode("ascii"), {})
    assert "surrogate" in caught.value.problems["text"]


def test_size_limit_is_checked_before_reading() -> None:
    small = WebChannel(max_bytes=100, clock=FrozenClock())
    with pytest.raises(ValidationError) as caught:
        small.parse(b"{" + b" " * 200 + b"}", {})
    assert "limit is 100 bytes" in caught.value.problems["body"]
