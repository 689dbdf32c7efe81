"""The customer's status lookup over HTTP (S23), behind a real WSGI server and over ASGI.

The customer files a form, then asks where it stands with the number and
the phone they gave: 200 with states and dates; the same 404 for a wrong
number and a wrong phone; 422 for a request naming no identifier or with
unknown fields; 405, 415 and 413 before anything is read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIServer, make_server

import pytest

from greenchannel_web import WebChannel, make_status_asgi_app, make_status_wsgi_app, make_wsgi_app
from test_web_asgi import call, http_scope
from test_web_wsgi import _QuietHandler, post
from web_samples import body, form, sdk_with

JSON = {"Content-Type": "application/json", "Idempotency-Key": "status-test-0001"}


def _unsigned(clock: Any) -> WebChannel:
    return WebChannel(clock=clock)


@pytest.fixture
def urls(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """The intake on /complaints and the status lookup on /status, one real server."""
    with sdk_with(_unsigned, tmp_path) as (sdk, _clock):
        intake, status = make_wsgi_app(sdk), make_status_wsgi_app(sdk)

        def routed(environ: dict[str, Any], start_response: Any) -> Any:
            app = status if environ.get("PATH_INFO") == "/status" else intake
            return app(environ, start_response)

        server: WSGIServer = make_server("127.0.0.1", 0, routed, handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            yield f"{base}/complaints", f"{base}/status", sdk
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


def _filed(intake_url: str) -> str:
    code, answer = post(intake_url, body(form(idempotency_key=None)), JSON)
    assert code == 201
    number: str = answer["complaint_number"]
    return number


def test_the_customer_sees_where_the_case_stands(urls: tuple[str, str, Any]) -> None:
    intake_url, status_url, _sdk = urls
    number = _filed(intake_url)
    code, answer = post(status_url, body({"number": number, "phone": "138 0013 8000"}),
                        {"Content-Type": "application/json"})
    assert code == 200
    assert answer["number"] == number
    assert answer["status"] == "assigned"
    assert answer["label"] == "已分派专人处理"
    assert [step["status"] for step in answer["steps"]] == ["registered", "assigned"]
    assert answer["answer_due_by"] is not None
    assert answer["waiting_for_you"] is False
    assert "王小明" not in str(answer)

    code, english = post(status_url, body({"number": number, "customer_ref": "C-1001",
                                           "language": "en"}),
                         {"Content-Type": "application/json"})
    assert (code, english["label"]) == (200, "assigned to a case handler")


def test_wrong_details_and_bad_requests(urls: tuple[str, str, Any]) -> None:
    intake_url, status_url, _sdk = urls
    number = _filed(intake_url)
    as_json = {"Content-Type": "application/json"}
    wrong_phone = post(status_url, body({"number": number, "phone": "13900139000"}), as_json)
    unknown = number[:-3] + "999"
    wrong_number = post(status_url, body({"number": unknown, "phone": "13800138000"}), as_json)
    assert wrong_phone[0] == wrong_number[0] == 404
    assert wrong_phone[1]["error"].replace(number, "N") == \
        wrong_number[1]["error"].replace(unknown, "N")

    code, answer = post(status_url, body({"number": number}), as_json)
    assert code == 422
    assert "proof" in answer["problems"]
    code, answer = post(status_url, body({"number": number, "phone": 138, "colour": "x"}),
                        as_json)
    assert (code, answer["problems"]) == (422, {
        "phone": "must be a non-empty string of at most 128 characters",
        "colour": "unknown field"})
    assert post(status_url, b"{not json", as_json)[0] == 422
    assert post(status_url, b"[]", as_json)[0] == 422
    assert post(status_url, body({"number": number}), {"Content-Type": "text/plain"})[0] == 415
    assert post(status_url, b"x" * 5000, as_json)[0] == 413
    assert post(status_url, b"", as_json, method="PUT")[0] == 405


def test_the_asgi_adapter_answers_the_same(tmp_path: Path) -> None:
    with sdk_with(_unsigned, tmp_path) as (sdk, _clock):
        number = sdk.receive("web", body(form()), {})[0].complaint.number  # type: ignore[union-attr]
        app = make_status_asgi_app(sdk)
        payload = body({"number": number, "phone": "+86 13800138000"})
        code, answer = call(app, http_scope(headers={"content-type": "application/json"}),
                            [{"type": "http.request", "body": payload}])
        assert code == 200
        assert answer is not None
        assert answer["number"] == number
        code, _answer = call(app, http_scope(headers={"content-type": "application/json"}),
                             [{"type": "http.request",
                               "body": body({"number": number, "phone": "13900139000"})}])
        assert code == 404
