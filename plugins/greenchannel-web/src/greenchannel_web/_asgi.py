"""An ASGI application that takes complaint forms: mount it in any ASGI host.

Starlette's ``Mount``, FastAPI's ``app.mount``, Django Channels' router, or
uvicorn on its own: the callable :func:`make_asgi_app` returns speaks plain
ASGI 3 (HTTP and lifespan scopes) and needs no framework.  Intake writes to
the database, so it runs in the event loop's default thread pool and never
blocks other requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from greenchannel_sdk.sdk import GreenChannel

from ._channel import CHANNEL_NAME
from ._endpoint import Answer, IntakeEndpoint, JsonPostEndpoint
from ._status import StatusEndpoint

__all__ = ["make_asgi_app", "make_status_asgi_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _headers(scope: Scope) -> dict[str, str]:
    """Header names as sent, values decoded as Latin-1 (HTTP's own rule)."""
    return {bytes(name).decode("latin-1").title(): bytes(value).decode("latin-1")
            for name, value in scope.get("headers", ())}


def _content_length(headers: dict[str, str]) -> int | None:
    raw = headers.get("Content-Length", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


async def _send(send: Send, answer: Answer) -> None:
    await send({"type": "http.response.start", "status": answer.status,
                "headers": [(k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in answer.all_headers()]})
    await send({"type": "http.response.body", "body": answer.encoded()})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def make_asgi_app(sdk: GreenChannel, channel_name: str = CHANNEL_NAME) -> AsgiApp:
    """The ASGI callable receiving forms into ``sdk`` through the channel ``channel_name``."""
    return _serving(IntakeEndpoint(sdk, channel_name))


def make_status_asgi_app(sdk: GreenChannel) -> AsgiApp:
    """The ASGI callable answering customers' status lookups (S23); mount it on its own path."""
    return _serving(StatusEndpoint(sdk))


def _serving(endpoint: JsonPostEndpoint) -> AsgiApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(f"this endpoint serves HTTP, not {scope['type']!r}")
        headers = _headers(scope)
        answer = endpoint.refuse_early(scope.get("method", ""), headers.get("Content-Type"),
                                       _content_length(headers))
        if answer is None:
            try:
                body = await _read_body(receive, endpoint.max_bytes)
            except _ClientGone:
                return  # nobody is waiting for an answer, and half a form is not a form
            if body is None:
                answer = endpoint.too_large(endpoint.max_bytes + 1)
            else:
                loop = asyncio.get_running_loop()
                answer = await loop.run_in_executor(None, endpoint.handle, body, headers)
        await _send(send, answer)

    return app


class _ClientGone(Exception):
    """The client disconnected before sending the whole body."""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request body, or ``None`` once it grows past ``limit`` (chunked uploads too)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
