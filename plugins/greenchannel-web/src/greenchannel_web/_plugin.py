"""The pluggy side: offer the web channel once the package is installed.

With ``GREENCHANNEL_WEB_SECRET`` set, every request must be signed with it
(see :mod:`greenchannel_sdk.security.signing`); without it forms are taken
unsigned, which suits a website posting directly.  ``GREENCHANNEL_WEB_MAX_BYTES``
changes the size limit.  Hosts that build their channels in code register a
:class:`~greenchannel_web.WebChannel` themselves and block this plugin.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.security.signing import WebhookVerifier

from ._channel import DEFAULT_MAX_BYTES, WebChannel

__all__ = ["ENV_MAX_BYTES", "ENV_SECRET", "channel_from_environment",
           "greenchannel_register_channels"]

ENV_SECRET = "GREENCHANNEL_WEB_SECRET"
ENV_MAX_BYTES = "GREENCHANNEL_WEB_MAX_BYTES"


def channel_from_environment(environ: Mapping[str, str]) -> WebChannel:
    """The channel the ``GREENCHANNEL_WEB_*`` variables in ``environ`` describe."""
    secret = environ.get(ENV_SECRET, "").strip()
    raw_limit = environ.get(ENV_MAX_BYTES, "").strip() or str(DEFAULT_MAX_BYTES)
    if not raw_limit.isascii() or not raw_limit.isdigit() or int(raw_limit) == 0:
        raise ConfigurationError(f"{ENV_MAX_BYTES} must be a positive whole number of bytes")
    return WebChannel(verifier=WebhookVerifier(secret) if secret else None,
                      max_bytes=int(raw_limit))


@hookimpl
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Register the web channel configured in the environment."""
    register(channel_from_environment(os.environ))
