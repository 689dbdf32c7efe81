"""The SMTP notifier: renders each outbox message and hands it to the bank's mail server (S13).

It opens one connection per message, so a server that restarted between
two messages costs nothing, and any failure (refused connection, timeout,
authentication, a refused recipient) raises: the outbox keeps the message
and retries it later, so a mail server that is down loses no notice.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from greenchannel_sdk.clock import Clock, SystemClock
from greenchannel_sdk.domain import OutboxMessage
from greenchannel_sdk.errors import ConfigurationError, GreenChannelError
from greenchannel_sdk.notices import (
    NoticeRenderer,
    NoticeTemplates,
    RecipientLookup,
    Recipients,
    is_customer_topic,
)

from ._compose import compose
from ._settings import SmtpSettings

__all__ = ["RecipientRefused", "SmtpNotifier"]

log = logging.getLogger(__name__)


class RecipientRefused(GreenChannelError):
    """The mail server refused every address of a notice; the outbox will retry."""


class SmtpNotifier:
    """Sends notices by email.

    Customer notices go to the complainant's email address, looked up at
    send time through ``recipients`` (or :meth:`bind_recipients`); staff
    notices go to ``settings.staff_recipients``.  ``renderer`` defaults to
    the built-in templates plus ``settings.templates``; ``ssl_context``
    defaults to the system's trust store (plus ``settings.ca_file``).
    """

    def __init__(self, settings: SmtpSettings, *, name: str = "smtp",
                 renderer: NoticeRenderer | None = None,
                 recipients: RecipientLookup | None = None,
                 ssl_context: ssl.SSLContext | None = None,
                 clock: Clock | None = None) -> None:
        self.name = name
        self.settings = settings
        self.renderer = renderer or NoticeRenderer(NoticeTemplates.for_bank(settings.templates),
                                                   default_language=settings.default_language)
        self._recipients = Recipients(recipients)
        self._ssl_context = ssl_context or ssl.create_default_context(cafile=settings.ca_file)
        self._clock = clock or SystemClock()

    def bind_recipients(self, lookup: RecipientLookup) -> None:
        self._recipients.bind(lookup)

    def send(self, message: OutboxMessage) -> None:
        notice = self.renderer.render(message)
        to = self._addresses(message, notice.number)
        email = compose(notice, message, sender=self.settings.sender, to=to,
                        reply_to=self.settings.reply_to, domain=self.settings.id_domain,
                        sent_at=self._clock.now())
        self._deliver(email, to)
        log.info("outbox message %s (%s) sent by email", message.id, message.topic)

    def _addresses(self, message: OutboxMessage, number: str | None) -> list[str]:
        if is_customer_topic(message.topic):
            address = self._recipients.of(message).email
            if not address:
                raise ConfigurationError(
                    f"complaint {number or message.complaint_id} has no customer email address; "
                    f"send the {message.topic} notice another way")
            return [address]
        if not self.settings.staff_recipients:
            raise ConfigurationError(
                f"no staff address for {message.topic} notices: set staff_recipients "
                "(GREENCHANNEL_SMTP_STAFF_TO)")
        return list(self.settings.staff_recipients)

    def _deliver(self, email: EmailMessage, to: list[str]) -> None:
        settings = self.settings
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.effective_port,
                                      timeout=settings.timeout, context=self._ssl_context)
        else:
            client = smtplib.SMTP(settings.host, settings.effective_port,
                                  timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=self._ssl_context)
            if settings.username:
                client.login(settings.username, settings.password or "")
            try:
                refused = client.send_message(email)
            except smtplib.SMTPRecipientsRefused as exc:
                # smtplib's message quotes the addresses; the outbox stores and logs
                # the error text, so only the server's reply codes are kept.
                codes = sorted({str(code) for code, _reply in exc.recipients.values()})
                raise RecipientRefused(
                    f"the mail server refused every recipient (reply {', '.join(codes)})"
                ) from None
        if refused:
            # Some staff addresses were refused but the rest got it: raising would
            # resend to those, so say so instead (counts only, no addresses).
            log.warning("%d of %d recipients refused the %s notice",
                        len(refused), len(to), email["X-GreenChannel-Topic"])

    def __repr__(self) -> str:
        return f"SmtpNotifier(name={self.name!r}, host={self.settings.host!r}, " \
               f"security={self.settings.security!r})"
