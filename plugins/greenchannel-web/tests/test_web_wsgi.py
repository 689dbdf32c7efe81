"""The WSGI adapter behind a real HTTP server (wsgiref on 127.0.0.1), driven with urllib (S1).

What a website sees: 201 and the complaint number for a new form, 200 and
the same number for a resubmission, 422 with per-field problems for an
invalid form (kept in quarantine), 401 for a bad signature, 413, 405, 415.
"""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import setup_testing_defaults

import pytest
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk

from greenchannel_web import WebChannel, make_wsgi_app
from web_samples import body, form, sdk_with, signed_channel, signed_headers


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; pytest shows failures anyway."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, GreenChannel, FrozenClock]]:
    """A real server on a free local port, serving the adapter for a signed channel."""
    with sdk_with(signed_channel, tmp_path) as (sdk, clock):
        server: WSGIServer = make_server("127.0.0.1", 0, make_wsgi_app(sdk),
                                         handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/complaints", sdk, clock
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


def post(url: str, payload: bytes, headers: dict[str, str],
         method: str = "POST") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=payload, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def signed(payload: bytes, clock: FrozenClock) -> dict[str, str]:
    return {"Content-Type": "application/json", **signed_headers(payload, clock)}


def test_new_form_gets_201_and_its_complaint_number(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, sdk, clock = served
    payload = body(form())
    status, answer = post(url, payload, signed(payload, clock))
    assert status == 201
    assert answer["outcome"] == "registered"
    assert sdk.get(answer["complaint_number"]).channel == "web"


def test_resubmitted_form_gets_200_and_the_same_number(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, _sdk, clock = served
    payload = body(form())
    _, first = post(url, payload, signed(payload, clock))
    clock.advance(seconds=30)  # a retry after a timeout: freshly signed, same key
    status, again = post(url, payload, signed(payload, clock))
    assert status == 200
    assert again["outcome"] == "duplicate"
    assert again["complaint_number"] == first["complaint_number"]


def test_key_in_header_only_makes_one_complaint(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, _sdk, clock = served
    payload = body(form(idempotency_key=None))
    headers = {**signed(payload, clock), "Idempotency-Key": "web-form-000042"}
    assert post(url, payload, headers)[0] == 201
    assert post(url, payload, headers)[0] == 200


def test_invalid_form_gets_422_with_problems_and_is_quarantined(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, sdk, clock = served
    payload = body(form(currency="rmb", customer={"phone": "x"}))
    status, answer = post(url, payload, signed(payload, clock))
    assert status == 422
    assert set(answer["problems"]) == {"currency", "customer.phone"}
    assert "kept for review" in answer["error"]
    kept, = sdk.quarantined()
    assert kept.id == answer["quarantine_id"]
    assert kept.raw == payload


def test_bad_signature_gets_401_without_the_reason(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, sdk, clock = served
    payload = body(form())
    headers = signed(body(form(text="something else")), clock)
    status, answer = post(url, payload, headers)
    assert status == 401
    assert "secret" not in json.dumps(answer)
    kept, = sdk.quarantined()
    assert "signature does not match" in kept.reason


def test_oversize_body_gets_413_and_is_not_read(
        served: tuple[str, GreenChannel, FrozenClock]) -> None:
    url, sdk, clock = served
    payload = body(form(text="x" * 300_000))
    status, answer = post(url, payload, signed(payload, clock))
    assert status == 413
    assert "limit" in answer["error"]
    assert sdk.quarantined() == []


@pytest.mark.parametrize(("method", "content_type", "status"), [
    ("GET", "application/json", 405),
    ("PUT", "application/json", 405),
    ("POST", "text/plain", 415),
    ("POST", "application/x-www-form-urlencoded", 415),
])
def test_wrong_method_or_content_type_is_refused(
        served: tuple[str, GreenChannel, FrozenClock], method: str, content_type: str,
        status: int) -> None:
    url, _sdk, _clock = served
    got, answer = post(url, body(form()) if method != "GET" else None,  # type: ignore[arg-type]
                       {"Content-Type": content_type}, method)
    assert got == status
    assert answer["error"]


def test_channel_must_be_registered_before_mounting(tmp_path: Path) -> None:
    with make_sdk(tmp_path) as sdk, pytest.raises(ConfigurationError, match="WebChannel"):
        make_wsgi_app(sdk)


def test_unsigned_channel_accepts_plain_posts(tmp_path: Path) -> None:
    """Without a verifier (a website posting directly) no signature is needed."""
    with sdk_with(lambda clock: WebChannel(clock=clock), tmp_path) as (sdk, _clock):
        app = make_wsgi_app(sdk)
        payload = body(form())
        environ: dict[str, Any] = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json",
                                   "CONTENT_LENGTH": str(len(payload))}
        setup_testing_defaults(environ)
        environ["wsgi.input"] = io.BytesIO(payload)
        statuses: list[str] = []
        reply = b"".join(app(environ, lambda status, _headers: statuses.append(status)))
        assert statuses == ["201 Created"]
        assert sdk.get(json.loads(reply)["complaint_number"]).external_id == form()[
            "idempotency_key"]
