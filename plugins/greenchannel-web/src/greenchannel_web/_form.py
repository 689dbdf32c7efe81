"""The complaint form: its fields, their checks, and the draft a valid form becomes.

The tables below are the contract with the bank's website and app; the JSON
Schema shipped beside this module (``complaint_form.schema.json``) states the
same contract for front-end developers, and a test keeps the two in step.
Every problem is reported at once, keyed by the field's path
(``customer.phone``, ``attachments[1].size``), so a form can show each error
beside its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from greenchannel_sdk.domain import Attachment, ChannelDraft, CustomerIdentity
from greenchannel_sdk.engine.intake import MAX_TEXT_CHARS
from greenchannel_sdk.engine.survey_reply import SCORE_KEY, SOLVED_KEY

from . import _checks as c

__all__ = ["ATTACHMENT_FIELDS", "CUSTOMER_FIELDS", "FORM_FIELDS", "IDEMPOTENCY_KEY",
           "SURVEY_FIELDS", "check_form", "draft_from_form"]

_KEY_PATTERN = r"[A-Za-z0-9._:-]+"
IDEMPOTENCY_KEY = c.string(min_length=8, max_length=128, pattern=_KEY_PATTERN,
                           hint="must be 8 to 128 letters, digits or . _ : - (a UUID is ideal)")

CUSTOMER_FIELDS: Mapping[str, c.Check] = {
    "customer_ref": c.string(max_length=64),
    "name": c.string(max_length=100),
    "phone": c.string(max_length=20, pattern=r"\+?[0-9]{5,20}",
                      hint="must be 5 to 20 digits, optionally starting with +"),
    "email": c.string(max_length=254, pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+",
                      hint="must be an e-mail address"),
    "id_number": c.string(max_length=32, pattern=r"[0-9A-Za-z]+",
                          hint="must be letters and digits only"),
    "account_number": c.string(max_length=34, pattern=r"[0-9A-Za-z]+",
                               hint="must be letters and digits only"),
    "vulnerabilities": c.string_list(max_items=8, item=c.string(max_length=32)),
}
#: At least one of these, so a handler can reach the customer within 24 hours (S9).
CONTACT_FIELDS = ("customer_ref", "phone", "email")

ATTACHMENT_FIELDS: Mapping[str, c.Check] = {
    "filename": c.string(max_length=255),
    "content_type": c.string(max_length=100, pattern=r"[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+",
                             hint="must be a media type such as image/jpeg"),
    "size": c.integer(maximum=100 * 1024 * 1024),
    "reference": c.string(max_length=2048),
    "sha256": c.string(max_length=64, min_length=64, pattern=r"[0-9a-f]{64}",
                       hint="must be 64 lower-case hex digits"),
}
_ATTACHMENT_REQUIRED = ("filename", "content_type", "size")
MAX_ATTACHMENTS = 10

FORM_FIELDS: Mapping[str, c.Check] = {
    "idempotency_key": IDEMPOTENCY_KEY,
    "text": c.string(max_length=MAX_TEXT_CHARS, multiline=True),
    "subject": c.string(max_length=200),
    "branch_code": c.string(max_length=16, pattern=r"[0-9A-Za-z]+",
                            hint="must be letters and digits only"),
    "amount": c.amount,
    "currency": c.string(max_length=3, pattern=r"[A-Z]{3}",
                         hint="must be an ISO 4217 code such as CNY"),
    "language": c.string(max_length=16, pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*",
                         hint="must be a language tag such as zh-Hans, zh-Hant or en"),
    "source": c.choice("website", "mobile_app"),
    "in_reply_to": c.string(max_length=64, pattern=r"[0-9A-Za-z._:-]+",
                            hint="must be a complaint number"),
}
_FORM_REQUIRED = ("text", "customer")

#: The follow-up survey (S15), answered on a page that also sends ``in_reply_to``;
#: the form's ``text`` is the customer's comment.
SURVEY_FIELDS: Mapping[str, c.Check] = {
    "score": c.integer(minimum=1, maximum=5),
    "solved": c.boolean,
}
_SURVEY_REQUIRED = ("score", "solved")

_NESTED = ("customer", "attachments", "survey")


def _check_object(value: Any, fields: Mapping[str, c.Check], required: tuple[str, ...],
                  prefix: str, problems: dict[str, str],
                  nested: tuple[str, ...] = ()) -> dict[str, Any]:
    """Clean every field of one JSON object but ``nested``, collecting problems under ``prefix``."""
    if not isinstance(value, dict):
        problems[prefix.rstrip(".") or "body"] = f"must be an object, not {c.json_type(value)}"
        return {}
    cleaned: dict[str, Any] = {}
    for name in required:
        if value.get(name) is None:
            problems[f"{prefix}{name}"] = "is required"
    for name, raw in value.items():
        check = fields.get(name)
        if name in nested or raw is None:
            continue
        if check is None:
            problems[f"{prefix}{name[:64]}"] = "is not a field of the form"
            continue
        try:
            cleaned[name] = check(raw)
        except c.Invalid as exc:
            problems[f"{prefix}{name}"] = str(exc)
    return cleaned


def check_form(document: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned form and the problems found (empty when the form is valid)."""
    problems: dict[str, str] = {}
    form = _check_object(document, FORM_FIELDS, _FORM_REQUIRED, "", problems, _NESTED)
    if not isinstance(document, dict):
        return form, problems
    if document.get("customer") is not None:
        form["customer"] = _check_customer(document["customer"], problems)
    if document.get("attachments") is not None:
        form["attachments"] = _check_attachments(document["attachments"], problems)
    if document.get("survey") is not None:
        form["survey"] = _check_object(document["survey"], SURVEY_FIELDS, _SURVEY_REQUIRED,
                                       "survey.", problems)
        if "in_reply_to" not in document:
            problems["in_reply_to"] = "is required with survey: the number of the complaint"
    return form, problems


def _check_customer(value: Any, problems: dict[str, str]) -> dict[str, Any]:
    customer = _check_object(value, CUSTOMER_FIELDS, (), "customer.", problems)
    if isinstance(value, dict) and all(value.get(name) is None for name in CONTACT_FIELDS):
        problems["customer"] = "needs at least one of customer_ref, phone or email"
    return customer


def _check_attachments(value: Any, problems: dict[str, str]) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        problems["attachments"] = f"must be an array, not {c.json_type(value)}"
        return []
    if len(value) > MAX_ATTACHMENTS:
        problems["attachments"] = f"must have at most {MAX_ATTACHMENTS} entries, got {len(value)}"
        return []
    return [_check_object(item, ATTACHMENT_FIELDS, _ATTACHMENT_REQUIRED,
                          f"attachments[{index}].", problems)
            for index, item in enumerate(value)]


def draft_from_form(form: Mapping[str, Any], *, channel: str, external_id: str,
                    received_at: datetime) -> ChannelDraft:
    """The complaint draft of a form that :func:`check_form` found valid."""
    customer = dict(form["customer"])
    customer["vulnerabilities"] = frozenset(customer.pop("vulnerabilities", ()))
    return ChannelDraft(
        channel=channel,
        external_id=external_id,
        received_at=received_at,
        text=form["text"],
        customer=CustomerIdentity(**customer),
        subject=form.get("subject"),
        attachments=tuple(Attachment(**item) for item in form.get("attachments", ())),
        branch_code=form.get("branch_code"),
        amount=form.get("amount"),
        currency=form.get("currency"),
        language=form.get("language"),
        in_reply_to=form.get("in_reply_to"),
        metadata={"source": form.get("source", "website"), **_survey_metadata(form)},
    )


def _survey_metadata(form: Mapping[str, Any]) -> dict[str, str]:
    """A survey answer in the keys the SDK reads (``greenchannel_sdk.engine.survey_reply``)."""
    survey = form.get("survey")
    if not survey:
        return {}
    return {SCORE_KEY: str(survey["score"]), SOLVED_KEY: "yes" if survey["solved"] else "no"}
