"""Turning an outbox message into the words a person reads (S13, S23).

The message payload carries plain data only (the number, the state, the
channel, the language; for SLA events the clock and its deadline).  The
renderer picks the template for the message's topic in the reader's
language and fills it from that payload, plus a few values derived from it
(``status_label``, ``due_local``) and any constants the bank supplies
(``bank_name``, a hotline).  It never sees personal data: the recipient is
looked up separately by the notifier, at send time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ..domain import OutboxMessage
from ..errors import ConfigurationError
from .labels import STATUS_LABELS
from .languages import SIMPLIFIED_CHINESE, pick_language
from .templates import NoticeTemplates, TemplateError
from .topics import is_customer_topic

__all__ = ["Notice", "NoticeRenderer"]


@attrs.frozen
class Notice:
    """A rendered notice: what a notifier puts in front of the reader."""

    topic: str
    language: str
    subject: str
    body: str
    number: str | None = None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class NoticeRenderer:
    """Renders outbox messages with a template set.

    ``default_language`` is used when the customer's language is unknown or
    not offered by the templates; ``staff_language`` is the language of SLA
    notices to staff (default: ``default_language``).  ``timezone`` is
    where ``due_local`` is shown.  ``variables`` are constants available to
    every template; ``status_labels`` replaces the built-in
    language -> state -> label table.
    """

    def __init__(
        self,
        templates: NoticeTemplates | None = None,
        *,
        default_language: str = SIMPLIFIED_CHINESE,
        staff_language: str | None = None,
        timezone: str = "Asia/Shanghai",
        variables: Mapping[str, str] | None = None,
        status_labels: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.templates = templates if templates is not None else NoticeTemplates.builtin()
        self._default_language = default_language
        self._staff_language = staff_language or default_language
        try:
            self._zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigurationError(f"unknown time zone {timezone!r} for notices: use an IANA "
                                     "name such as 'Asia/Shanghai'") from exc
        self._constants = dict(variables or {})
        self._labels = STATUS_LABELS if status_labels is None else status_labels

    def language_for(self, message: OutboxMessage) -> str:
        """The template language ``message`` is rendered in."""
        wanted = (_text(message.payload.get("language")) if is_customer_topic(message.topic)
                  else self._staff_language)
        language = pick_language(wanted, self._default_language, self.templates.languages)
        if language is None:
            raise TemplateError(
                f"the templates offer no language for {wanted or 'an unknown language'!r} and "
                f"none in the default {self._default_language!r}")
        return language

    def variables(self, message: OutboxMessage, language: str) -> dict[str, str]:
        """What the templates can use for ``message``: constants, payload, derived values."""
        values = {**self._constants,
                  **{key: _text(value) for key, value in message.payload.items()}}
        status = values.get("status")
        if status:
            values["status_label"] = self._labels.get(language, {}).get(status, status)
        due = self._local_time(message.payload.get("due_at"))
        if due is not None:
            values["due_local"] = due
        return values

    def render(self, message: OutboxMessage) -> Notice:
        """The notice for ``message``; raises :class:`TemplateError` if it cannot be written."""
        language = self.language_for(message)
        template = self.templates.get(language, message.topic)
        subject, body = template.render(self.variables(message, language), message.topic)
        number = message.payload.get("number")
        return Notice(topic=message.topic, language=language, subject=subject, body=body,
                      number=None if number is None else str(number))

    def _local_time(self, value: object) -> str | None:
        if not isinstance(value, str):
            return None
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return None
        if instant.tzinfo is None:
            return None
        return f"{instant.astimezone(self._zone):%Y-%m-%d %H:%M} ({self._zone.key})"
