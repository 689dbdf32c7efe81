"""Forms, secrets and SDK set-ups shared by the web channel's tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.sdk import GreenChannel
from greenchannel_sdk.security.signing import WebhookSigner, WebhookVerifier
from greenchannel_sdk.testing import FrozenClock, make_sdk, using_plugin

from greenchannel_web import WebChannel

SECRET = "web-test-secret-0123456789abcdef"
KEY = "3f2b8c1e-6a4d-4c1b-9e2f-7d5a0b8c9e10"


def form(**changes: Any) -> dict[str, Any]:
    """A valid form; ``changes`` replace fields (``None`` removes one)."""
    document: dict[str, Any] = {
        "idempotency_key": KEY,
        "text": "我的信用卡昨晚被盗刷了三笔,共 8,000 元,请立即处理。",
        "subject": "信用卡盗刷",
        "customer": {"name": "王小明", "phone": "+8613800138000", "customer_ref": "C-1001"},
        "amount": "8000.00",
        "currency": "CNY",
        "language": "zh-Hans",
        "source": "mobile_app",
        "attachments": [{"filename": "账单.png", "content_type": "image/png", "size": 20480,
                         "reference": "docstore://2026/11/abc"}],
    }
    for name, value in changes.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    return document


def body(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def signed_channel(clock: FrozenClock) -> WebChannel:
    return WebChannel(verifier=WebhookVerifier(SECRET, clock=clock), clock=clock)


def signed_headers(payload: bytes, clock: FrozenClock) -> dict[str, str]:
    return WebhookSigner(SECRET, clock=clock).headers(payload)


class RegistersChannel:
    """A host plugin registering one pre-built channel (the test owns its clock)."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self.channel)


@contextmanager
def sdk_with(channel_factory: Callable[[FrozenClock], WebChannel],
             folder: Path) -> Iterator[tuple[GreenChannel, FrozenClock]]:
    clock = FrozenClock()
    with make_sdk(folder, clock=clock) as sdk, \
            using_plugin(sdk, RegistersChannel(channel_factory(clock))):
        yield sdk, clock
