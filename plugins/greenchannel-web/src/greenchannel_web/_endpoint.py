"""What the HTTP intake answers, independent of WSGI or ASGI.

Both adapters ask the same two questions: may this request be read at all
(method, content type, declared size), and what became of the body once the
SDK received it.  Keeping the answers here means the WSGI and ASGI adapters
cannot drift apart; they only move bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import attrs
from greenchannel_sdk.errors import ConfigurationError, ValidationError
from greenchannel_sdk.sdk import GreenChannel, IntakeResult

from ._channel import CHANNEL_NAME, NOT_AUTHENTIC, WebChannel

__all__ = ["Answer", "IntakeEndpoint", "JsonPostEndpoint"]

_JSON_TYPES = ("application/json",)


@attrs.frozen
class Answer:
    """An HTTP response: status, JSON body, extra headers."""

    status: int
    body: Mapping[str, Any]
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def encoded(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def all_headers(self) -> list[tuple[str, str]]:
        return [("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(self.encoded()))), *self.headers]


def _error(status: int, message: str, **extra: Any) -> Answer:
    headers = (("Allow", "POST"),) if status == HTTPStatus.METHOD_NOT_ALLOWED else ()
    return Answer(status, {"error": message, **extra}, headers)


class JsonPostEndpoint:
    """What every endpoint of this package refuses before reading: not a JSON POST, too big.

    ``what`` names the document in the messages ("the complaint form").
    Subclasses answer the body in :meth:`handle`, and may raise the limit.
    """

    what = "the request"

    @property
    def max_bytes(self) -> int:
        return 4096

    def refuse_early(self, method: str, content_type: str | None,
                     content_length: int | None) -> Answer | None:
        """An answer for a request not worth reading, or ``None`` to read the body."""
        if method.upper() != "POST":
            return _error(HTTPStatus.METHOD_NOT_ALLOWED, f"send {self.what} with POST")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type not in _JSON_TYPES:
            return _error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                          f"send {self.what} as Content-Type: application/json")
        if content_length is not None and content_length > self.max_bytes:
            return self.too_large(content_length)
        return None

    def too_large(self, size: int) -> Answer:
        return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                      f"{self.what} is {size} bytes or more; the limit is "
                      f"{self.max_bytes} bytes")

    def handle(self, body: bytes, headers: Mapping[str, str]) -> Answer:
        """The answer to a body that passed :meth:`refuse_early`."""
        raise NotImplementedError


class IntakeEndpoint(JsonPostEndpoint):
    """Turns one HTTP request into ``sdk.receive(channel, body, headers)`` and an answer.

    The channel registered under ``channel_name`` must be a
    :class:`~greenchannel_web.WebChannel`: its size limit is enforced before
    the body is read, and its field checks give a 422 its per-field problems.
    """

    what = "the complaint form"

    def __init__(self, sdk: GreenChannel, channel_name: str = CHANNEL_NAME) -> None:
        channel = sdk.registry.channels.get(channel_name)
        if not isinstance(channel, WebChannel):
            raise ConfigurationError(
                f"no WebChannel is registered as {channel_name!r}; register one with the "
                "greenchannel_register_channels hook before mounting the intake endpoint")
        self.sdk = sdk
        self.channel = channel

    @property
    def max_bytes(self) -> int:
        return self.channel.max_bytes

    def handle(self, body: bytes, headers: Mapping[str, str]) -> Answer:
        """Receive ``body`` through the SDK and say what became of it."""
        results = self.sdk.receive(self.channel.name, body, headers)
        if len(results) != 1:
            raise ConfigurationError(f"the web channel made {len(results)} results from one "
                                     "form; expected exactly one")
        return self._answer(results[0], body, headers)

    def _answer(self, result: IntakeResult, body: bytes,
                headers: Mapping[str, str]) -> Answer:
        if result.complaint is not None and result.outcome == "registered":
            return Answer(HTTPStatus.CREATED, {
                "outcome": "registered", "complaint_number": result.complaint.number,
                "message": "your complaint was received; quote the complaint number when "
                           "you contact us"})
        if result.complaint is not None:
            return Answer(HTTPStatus.OK, {
                "outcome": result.outcome, "complaint_number": result.complaint.number,
                "message": "this form was already received; nothing new was created"})
        quarantined = result.quarantined
        if quarantined is None:
            raise ConfigurationError(f"intake answered {result.outcome!r} without a complaint")
        kept = {"outcome": "quarantined", "quarantine_id": quarantined.id}
        if quarantined.reason.startswith(NOT_AUTHENTIC):
            # The reason stays in the quarantine for staff; a forger learns nothing.
            return _error(HTTPStatus.UNAUTHORIZED, "the request signature was not accepted; "
                          "the request was kept for review", **kept)
        return _error(HTTPStatus.UNPROCESSABLE_ENTITY,
                      "the complaint form is not valid; it was kept for review, and a "
                      "corrected form may be sent again with the same idempotency key",
                      problems=self._problems(body, headers, quarantined.reason), **kept)

    def _problems(self, body: bytes, headers: Mapping[str, str],
                  reason: str) -> dict[str, str]:
        """Per-field problems of a refused form: the channel's own checks say which."""
        try:
            self.channel.draft(body, headers)
        except ValidationError as exc:
            return dict(exc.problems)
        return {"form": reason}  # the SDK's own draft rules refused it
