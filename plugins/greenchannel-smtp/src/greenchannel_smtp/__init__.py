"""greenchannel-smtp: customer and staff notices by email (S13, S23).

Installed, it is found through the ``greenchannel`` entry point; the hook
below registers an :class:`SmtpNotifier` named ``smtp`` only when
``GREENCHANNEL_SMTP_HOST`` is set (see :meth:`SmtpSettings.from_env`), so
installing the package alone changes nothing.  Point
``Settings.customer_notifier`` (and/or ``staff_notifier``) at ``"smtp"`` to
use it.  A bank that configures it in code registers its own instance
instead, with :class:`greenchannel_sdk.notices.NotifierPlugin`.
"""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Notifier

from ._compose import message_id, thread_id
from ._notifier import RecipientRefused, SmtpNotifier
from ._settings import SECURITY_MODES, SmtpSettings

__all__ = [
    "SECURITY_MODES",
    "RecipientRefused",
    "SmtpNotifier",
    "SmtpSettings",
    "greenchannel_register_notifiers",
    "message_id",
    "thread_id",
]


@hookimpl
def greenchannel_register_notifiers(register: Callable[[Notifier], None]) -> None:
    """Register the SMTP notifier when the environment configures one."""
    settings = SmtpSettings.from_env()
    if settings is not None:
        register(SmtpNotifier(settings))
