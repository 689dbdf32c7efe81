"""greenchannel-webhook: notices POSTed to a bank's system as signed JSON (S13, S20).

Installed, it is found through the ``greenchannel`` entry point; the hook
below registers a :class:`WebhookNotifier` named ``webhook`` only when
``GREENCHANNEL_WEBHOOK_URL`` is set (see :meth:`WebhookSettings.from_env`).
Point ``Settings.customer_notifier`` (and/or ``staff_notifier``) at
``"webhook"`` to use it.  The receiver checks each request with
:class:`greenchannel_sdk.security.signing.WebhookVerifier`.
"""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Notifier

from ._body import RECIPIENT_FIELDS
from ._notifier import MESSAGE_ID_HEADER, TOPIC_HEADER, WebhookNotifier, WebhookRejected
from ._settings import WebhookSettings

__all__ = [
    "MESSAGE_ID_HEADER",
    "RECIPIENT_FIELDS",
    "TOPIC_HEADER",
    "WebhookNotifier",
    "WebhookRejected",
    "WebhookSettings",
    "greenchannel_register_notifiers",
]


@hookimpl
def greenchannel_register_notifiers(register: Callable[[Notifier], None]) -> None:
    """Register the webhook notifier when the environment configures one."""
    settings = WebhookSettings.from_env()
    if settings is not None:
        register(WebhookNotifier(settings))
