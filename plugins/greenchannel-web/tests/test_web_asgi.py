"""The ASGI adapter, called with ASGI scopes directly and behind uvicorn (S1).

The same answers as the WSGI adapter (they share one endpoint), plus what
only ASGI has: a chunked body that outgrows the limit is refused as it
arrives, lifespan events are answered, and a client that disconnects
mid-body registers nothing.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from greenchannel_sdk.sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock

from greenchannel_web import WebChannel, make_asgi_app
from web_samples import KEY, body, form, sdk_with, signed_channel, signed_headers


@pytest.fixture
def sdk_clock(tmp_path: Path) -> Iterator[tuple[GreenChannel, FrozenClock]]:
    with sdk_with(signed_channel, tmp_path) as pair:
        yield pair


def call(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]],
         ) -> tuple[int | None, dict[str, Any] | None]:
    """Run one ASGI request; the status and decoded JSON answer (``None`` if none was sent)."""
    incoming = list(messages)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    if not sent:
        return None, None
    return sent[0]["status"], json.loads(sent[1]["body"])


def http_scope(method: str = "POST", headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": "/complaints",
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}


def signed(payload: bytes, clock: FrozenClock) -> dict[str, str]:
    return {"content-type": "application/json; charset=utf-8",
            **signed_headers(payload, clock)}


def test_form_in_several_chunks_is_registered_then_duplicate(
        sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, clock = sdk_clock
    app = make_asgi_app(sdk)
    payload = body(form())
    chunks = [{"type": "http.request", "body": payload[:10], "more_body": True},
              {"type": "http.request", "body": payload[10:], "more_body": False}]
    status, answer = call(app, http_scope(headers=signed(payload, clock)), chunks)
    assert status == 201
    assert answer is not None
    status, again = call(app, http_scope(headers=signed(payload, clock)), chunks)
    assert status == 200
    assert again is not None
    assert again["complaint_number"] == answer["complaint_number"]


def test_invalid_form_gets_422_with_problems(
        sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, clock = sdk_clock
    payload = body(form(text=None))
    status, answer = call(make_asgi_app(sdk), http_scope(headers=signed(payload, clock)),
                          [{"type": "http.request", "body": payload}])
    assert status == 422
    assert answer is not None
    assert answer["problems"] == {"text": "is required"}
    assert len(sdk.quarantined()) == 1


def test_forged_request_gets_401(sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, _clock = sdk_clock
    payload = body(form())
    status, _ = call(make_asgi_app(sdk), http_scope(headers={"content-type": "application/json"}),
                     [{"type": "http.request", "body": payload}])
    assert status == 401


def test_chunked_body_past_the_limit_gets_413_without_content_length(
        sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, clock = sdk_clock
    piece = {"type": "http.request", "body": b" " * 100_000, "more_body": True}
    status, _ = call(make_asgi_app(sdk), http_scope(headers=signed(b"", clock)), [piece] * 5)
    assert status == 413
    assert sdk.quarantined() == []


def test_declared_oversize_is_refused_before_reading(
        sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, _clock = sdk_clock
    headers = {"content-type": "application/json", "content-length": "10000000"}
    status, answer = call(make_asgi_app(sdk), http_scope(headers=headers), [])
    assert status == 413
    assert answer is not None
    assert "262144" in answer["error"]


@pytest.mark.parametrize(("method", "content_type", "status"), [
    ("GET", "application/json", 405), ("POST", "text/xml", 415), ("POST", "", 415)])
def test_wrong_method_or_type(sdk_clock: tuple[GreenChannel, FrozenClock], method: str,
                              content_type: str, status: int) -> None:
    sdk, _clock = sdk_clock
    got, _ = call(make_asgi_app(sdk), http_scope(method, {"content-type": content_type}), [])
    assert got == status


def test_client_gone_mid_body_registers_nothing(
        sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, clock = sdk_clock
    payload = body(form())
    status, _ = call(make_asgi_app(sdk), http_scope(headers=signed(payload, clock)),
                     [{"type": "http.request", "body": payload[:20], "more_body": True}])
    assert status is None
    assert list(sdk.iter_complaints()) == []
    assert sdk.quarantined() == []


def test_lifespan_events_are_answered(sdk_clock: tuple[GreenChannel, FrozenClock]) -> None:
    sdk, _clock = sdk_clock
    events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return events.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(make_asgi_app(sdk)({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete",
                                         "lifespan.shutdown.complete"]


def test_behind_uvicorn(tmp_path: Path) -> None:
    """A real ASGI server in front of the adapter (uvicorn is a test-only dependency)."""
    uvicorn = pytest.importorskip("uvicorn")
    with sdk_with(lambda clock: WebChannel(clock=clock), tmp_path) as (sdk, _clock):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(make_asgi_app(sdk), host="127.0.0.1", port=port,
                                               log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            while not server.started and thread.is_alive():
                time.sleep(0.01)
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/", data=body(form()), method="POST",
                headers={"Content-Type": "application/json", "Idempotency-Key": KEY})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 201
                number = json.loads(response.read())["complaint_number"]
        finally:
            server.should_exit = True
            thread.join()
        assert sdk.get(number).external_id == KEY
