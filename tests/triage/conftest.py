"""Helpers shared by the triage tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest

from greenchannel_sdk.domain import ChannelDraft, CustomerIdentity

RECEIVED = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def make_draft() -> Callable[..., ChannelDraft]:
    """A draft with the given text; keyword arguments override any other field."""

    def build(text: str = "", **fields: object) -> ChannelDraft:
        values: dict[str, object] = {"channel": "web", "external_id": "m-1",
                                     "received_at": RECEIVED, "text": text,
                                     "customer": CustomerIdentity(customer_ref="c-1")}
        values.update(fields)
        return ChannelDraft(**values)  # type: ignore[arg-type]

    return build
