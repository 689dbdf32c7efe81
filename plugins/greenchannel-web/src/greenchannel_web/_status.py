"""The customer's status lookup over HTTP (S23): number and identifier in, states out.

A status page posts ``{"number": ..., "phone": ...}`` (or ``email``,
``id_number``, ``account_number``, ``card_number``, ``wechat_openid``,
``customer_ref``; optionally ``language``) and gets
:meth:`GreenChannel.customer_status`'s answer as JSON.  A POST rather than
a GET keeps the identifier out of URLs, server logs and browser history.
A wrong number and a wrong identifier give the same 404.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from greenchannel_sdk import CaseStatus, CustomerIdentity
from greenchannel_sdk.errors import NotFound, ValidationError
from greenchannel_sdk.sdk import GreenChannel

from ._endpoint import Answer, JsonPostEndpoint

__all__ = ["StatusEndpoint"]

_IDENTIFIERS = ("phone", "email", "id_number", "account_number", "card_number",
                "wechat_openid", "customer_ref")
_FIELDS = frozenset({"number", "language", *_IDENTIFIERS})


class StatusEndpoint(JsonPostEndpoint):
    """Answers one status lookup with ``sdk.customer_status``."""

    what = "the status request"

    def __init__(self, sdk: GreenChannel) -> None:
        self.sdk = sdk

    def handle(self, body: bytes, headers: Mapping[str, str]) -> Answer:
        try:
            request = _fields(body)
        except ValidationError as exc:
            return _refused(exc)
        proof = CustomerIdentity(**{k: request[k] for k in _IDENTIFIERS if k in request})
        try:
            status = self.sdk.customer_status(request["number"], proof,
                                              language=request.get("language"))
        except NotFound as exc:
            return Answer(HTTPStatus.NOT_FOUND, {"error": str(exc)})
        except ValidationError as exc:
            return _refused(exc)
        return Answer(HTTPStatus.OK, _document(status))


def _refused(exc: ValidationError) -> Answer:
    return Answer(HTTPStatus.UNPROCESSABLE_ENTITY,
                  {"error": str(exc).split(" (", 1)[0], "problems": dict(exc.problems)})


def _fields(body: bytes) -> dict[str, str]:
    """The request's fields, all strings; problems named per field, values never echoed."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError("the status request is not JSON",
                              {"body": "send a JSON object"}) from None
    if not isinstance(document, dict):
        raise ValidationError("the status request is not a JSON object",
                              {"body": "send a JSON object"})
    problems = {name: "unknown field" for name in document if name not in _FIELDS}
    problems.update({name: "must be a non-empty string of at most 128 characters"
                     for name, value in document.items() if name in _FIELDS
                     and not (isinstance(value, str) and 0 < len(value.strip()) <= 128)})
    if "number" not in document:
        problems["number"] = "required: the complaint number"
    if problems:
        raise ValidationError("the status request has errors", problems)
    return {name: value.strip() for name, value in document.items()}


def _document(status: CaseStatus) -> dict[str, Any]:
    return {
        "number": status.number, "status": status.status, "label": status.label,
        "language": status.language, "received_at": status.received_at.isoformat(),
        "updated_at": status.updated_at.isoformat(),
        "waiting_for_you": status.waiting_for_you,
        "answer_due_by": None if status.answer_due_by is None
        else status.answer_due_by.isoformat(),
        "steps": [{"at": step.at.isoformat(), "status": step.status, "label": step.label}
                  for step in status.steps],
    }
