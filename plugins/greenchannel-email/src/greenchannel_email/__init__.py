"""greenchannel-email: complaints sent by email, as an intake channel (S1).

Install the distribution and the SDK finds it through the ``greenchannel``
entry point; the hook below registers an :class:`EmailChannel` with default
settings.  A bank that needs other settings registers its own instance under
the same name from its own plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel

from ._channel import DEFAULT_MAX_BYTES, EmailChannel
from ._imap import ImapConnection, ImapPoller, PollResult, Submit

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EmailChannel",
    "ImapConnection",
    "ImapPoller",
    "PollResult",
    "Submit",
    "greenchannel_register_channels",
]


@hookimpl
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Offer the email channel with default settings."""
    register(EmailChannel())
