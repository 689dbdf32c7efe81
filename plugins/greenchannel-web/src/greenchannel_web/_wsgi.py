"""A WSGI application that takes complaint forms: mount it in any WSGI host.

Flask, Django or a bare server: route ``POST /complaints`` (or any path) to
the callable :func:`make_wsgi_app` returns, for example with werkzeug's
``DispatcherMiddleware`` or Django's ``WSGIHandler`` chain.  It needs no
framework; the tests serve it with :mod:`wsgiref`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from greenchannel_sdk.sdk import GreenChannel

from ._channel import CHANNEL_NAME
from ._endpoint import Answer, IntakeEndpoint, JsonPostEndpoint
from ._status import StatusEndpoint

__all__ = ["make_status_wsgi_app", "make_wsgi_app"]

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

#: WSGI keeps these two headers outside the ``HTTP_`` namespace.
_UNPREFIXED = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}


def request_headers(environ: Mapping[str, Any]) -> dict[str, str]:
    """Request headers under their usual names: ``HTTP_IDEMPOTENCY_KEY`` is ``Idempotency-Key``."""
    headers = {name: str(environ[key]) for key, name in _UNPREFIXED.items() if environ.get(key)}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").title()] = str(value)
    return headers


def _content_length(environ: Mapping[str, Any]) -> int | None:
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def make_wsgi_app(sdk: GreenChannel, channel_name: str = CHANNEL_NAME) -> WsgiApp:
    """The WSGI callable receiving forms into ``sdk`` through the channel ``channel_name``."""
    return _serving(IntakeEndpoint(sdk, channel_name))


def make_status_wsgi_app(sdk: GreenChannel) -> WsgiApp:
    """The WSGI callable answering customers' status lookups (S23); mount it on its own path."""
    return _serving(StatusEndpoint(sdk))


def _serving(endpoint: JsonPostEndpoint) -> WsgiApp:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = _content_length(environ)
        answer = endpoint.refuse_early(str(environ.get("REQUEST_METHOD", "")),
                                       environ.get("CONTENT_TYPE"), length)
        if answer is None:
            answer = _read_and_handle(endpoint, environ, length)
        start_response(answer.status_line, answer.all_headers())
        return [answer.encoded()]

    return app


def _read_and_handle(endpoint: JsonPostEndpoint, environ: Mapping[str, Any],
                     length: int | None) -> Answer:
    stream: IO[bytes] = environ["wsgi.input"]
    # Without a Content-Length a WSGI server may block on read(); PEP 3333
    # allows reading exactly the declared length, and no more.
    body = stream.read(length) if length else b""
    return endpoint.handle(body, request_headers(environ))
