"""The webhook notifier: POSTs each notice as signed JSON and insists on a 2xx answer (S13).

Anything short of a 2xx answer raises, so the outbox keeps the message and
retries it: a refused connection, a timeout, a 5xx, a 401 from a receiver
whose secret was rotated, and a redirect too (a redirected POST would be
replayed as a GET by some clients, so redirects are not followed: point the
URL at the final address).
"""

from __future__ import annotations

import logging
import ssl
import urllib.request
from urllib.error import HTTPError

from greenchannel_sdk.clock import Clock
from greenchannel_sdk.domain import CustomerIdentity, OutboxMessage
from greenchannel_sdk.errors import GreenChannelError
from greenchannel_sdk.notices import (
    NoticeRenderer,
    NoticeTemplates,
    RecipientLookup,
    Recipients,
    is_customer_topic,
)
from greenchannel_sdk.security.signing import WebhookSigner

from ._body import encode_body
from ._settings import WebhookSettings

__all__ = ["MESSAGE_ID_HEADER", "TOPIC_HEADER", "WebhookNotifier", "WebhookRejected"]

log = logging.getLogger(__name__)

MESSAGE_ID_HEADER = "X-GreenChannel-Message-Id"
TOPIC_HEADER = "X-GreenChannel-Topic"


class WebhookRejected(GreenChannelError):
    """The receiver answered, but not with 2xx; the outbox will retry."""


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


class WebhookNotifier:
    """Posts notices to ``settings.url``, signed with ``settings.secret``.

    ``recipients`` (or :meth:`bind_recipients`) looks the complainant up
    when ``settings.include_recipient`` is on.  ``clock`` stamps the
    signature (default: the system clock, which the receiver compares with
    its own).
    """

    def __init__(self, settings: WebhookSettings, *, name: str = "webhook",
                 renderer: NoticeRenderer | None = None,
                 recipients: RecipientLookup | None = None,
                 ssl_context: ssl.SSLContext | None = None,
                 clock: Clock | None = None) -> None:
        self.name = name
        self.settings = settings
        self.renderer = renderer or NoticeRenderer(NoticeTemplates.for_bank(settings.templates),
                                                   default_language=settings.default_language)
        self._recipients = Recipients(recipients)
        self._signer = WebhookSigner(settings.secret, clock=clock)
        context = ssl_context or ssl.create_default_context(cafile=settings.ca_file)
        self._opener = urllib.request.build_opener(
            _RefuseRedirects(), urllib.request.HTTPSHandler(context=context))

    def bind_recipients(self, lookup: RecipientLookup) -> None:
        self._recipients.bind(lookup)

    def send(self, message: OutboxMessage) -> None:
        notice = self.renderer.render(message)
        body = encode_body(message, notice, self._recipient(message))
        request = urllib.request.Request(self.settings.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            MESSAGE_ID_HEADER: message.id,
            TOPIC_HEADER: message.topic,
            **self._signer.headers(body),
        })
        try:
            with self._opener.open(request, timeout=self.settings.timeout) as response:
                status = response.status
        except HTTPError as exc:
            raise WebhookRejected(f"webhook receiver answered {exc.code} {exc.reason} "
                                  f"to message {message.id}") from None
        if not 200 <= status < 300:
            raise WebhookRejected(f"webhook receiver answered {status} to message {message.id}")
        log.info("outbox message %s (%s) posted to the webhook", message.id, message.topic)

    def _recipient(self, message: OutboxMessage) -> CustomerIdentity | None:
        if self.settings.include_recipient and is_customer_topic(message.topic):
            return self._recipients.of(message)
        return None

    def __repr__(self) -> str:
        return f"WebhookNotifier(name={self.name!r}, url={self.settings.url!r})"
