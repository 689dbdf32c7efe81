"""The web channel: complaint forms posted as JSON by the bank's website and app (S1).

:meth:`WebChannel.parse` is what the SDK calls from ``receive``.  It checks,
in this order: the size, the request signature (when a verifier is
configured), the JSON, every field of the form, and the idempotency key.
The key becomes the draft's ``external_id``, so a form submitted twice (a
double click, a retry after a timeout) makes one complaint.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from greenchannel_sdk.clock import Clock, SystemClock
from greenchannel_sdk.domain import ChannelDraft
from greenchannel_sdk.errors import ChannelAuthenticationError, ValidationError
from greenchannel_sdk.security.signing import WebhookVerifier

from ._checks import Invalid
from ._form import IDEMPOTENCY_KEY, check_form, draft_from_form

__all__ = ["CHANNEL_NAME", "DEFAULT_MAX_BYTES", "IDEMPOTENCY_HEADER", "NOT_AUTHENTIC",
           "WebChannel"]

CHANNEL_NAME = "web"
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: 20,000 characters of text (the SDK's limit) in UTF-8 take at most 80 KB;
#: 256 KiB leaves room for the other fields and JSON escapes.
DEFAULT_MAX_BYTES = 256 * 1024
#: Every authenticity refusal starts with this, so an HTTP adapter can tell
#: a forged request (401) from an invalid form (422) in the quarantine reason.
NOT_AUTHENTIC = "web request not authentic: "


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object naming a key twice is ambiguous (which value counts?), so it is refused."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"a key appears twice in one object ({key[:64]!r})")
        result[key] = value
    return result


def load_json(payload: bytes) -> Any:
    """The JSON document in ``payload`` (UTF-8, RFC 8259) or :class:`ValidationError`."""
    try:
        return json.loads(payload.decode("utf-8"), parse_float=Decimal,
                          parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        problem = "is not UTF-8 text"
    except RecursionError:
        problem = "is nested too deeply"
    except json.JSONDecodeError as exc:  # the message never quotes the document
        problem = f"is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:  # our own refusals, or an integer too long to convert
        problem = f"is not acceptable JSON: {exc}"
    raise ValidationError("the complaint form could not be read", {"body": problem})


def _header(metadata: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in metadata.items() if key.lower() == wanted), None)


@attrs.define(kw_only=True)
class WebChannel:
    """Complaint forms from the bank's website and mobile app.

    :param verifier: when set, every request must carry valid
        ``X-GreenChannel-Timestamp`` / ``X-GreenChannel-Signature`` headers
        (:class:`~greenchannel_sdk.security.signing.WebhookVerifier`).  Use it
        when the bank's own web back end relays forms to the SDK; a browser
        or app cannot keep a secret, so do not give them one.
    :param max_bytes: the largest body accepted.
    :param clock: the time source for ``received_at``.
    """

    name: str = CHANNEL_NAME
    verifier: WebhookVerifier | None = None
    max_bytes: int = attrs.field(default=DEFAULT_MAX_BYTES, validator=attrs.validators.gt(0))
    clock: Clock = attrs.field(factory=SystemClock)

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        """One draft per form; ``ValidationError`` or ``ChannelAuthenticationError`` otherwise."""
        self.check_size(len(payload))
        self.authenticate(payload, metadata)
        return [self.draft(payload, metadata)]

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ValidationError("the complaint form is too large", {
                "body": f"{size} bytes; the limit is {self.max_bytes} bytes"})

    def authenticate(self, payload: bytes, metadata: Mapping[str, str]) -> None:
        """Check the request signature, if this channel requires one."""
        if self.verifier is None:
            return
        try:
            self.verifier.verify(payload, metadata)
        except ChannelAuthenticationError as exc:
            raise ChannelAuthenticationError(f"{NOT_AUTHENTIC}{exc}") from None

    def draft(self, payload: bytes, metadata: Mapping[str, str]) -> ChannelDraft:
        """The draft of a well-formed form, without the signature check.

        Raises :class:`ValidationError` whose ``problems`` name every wrong
        field; an HTTP adapter returns them to the form.
        """
        self.check_size(len(payload))
        form, problems = check_form(load_json(payload))
        key = self._idempotency_key(form, metadata, problems)
        if problems or key is None:
            raise ValidationError("the complaint form is not valid", problems)
        return draft_from_form(form, channel=self.name, external_id=key,
                               received_at=self.clock.now())

    @staticmethod
    def _idempotency_key(form: Mapping[str, Any], metadata: Mapping[str, str],
                         problems: dict[str, str]) -> str | None:
        """The key from the header or the body; both may be sent if they agree."""
        header = _header(metadata, IDEMPOTENCY_HEADER)
        if header is not None:
            try:
                header = IDEMPOTENCY_KEY(header)
            except Invalid as exc:
                problems[IDEMPOTENCY_HEADER] = str(exc)
                return None
        body = form.get("idempotency_key")
        if header is not None and body is not None and header != body:
            problems["idempotency_key"] = f"differs from the {IDEMPOTENCY_HEADER} header"
            return None
        key = header or body
        if key is None and "idempotency_key" not in problems:
            problems["idempotency_key"] = (
                f"is missing: send an {IDEMPOTENCY_HEADER} header or an idempotency_key "
                "field, one fresh UUID per form, the same on every retry")
        return key
