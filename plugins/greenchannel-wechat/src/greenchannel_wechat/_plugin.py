"""The pluggy side: register the channel when the host configured it.

The SDK discovers this module through the ``greenchannel`` entry-point
group.  Configuration comes from the environment so that installing the
package is enough; a host without WeChat settings is normal (the package may
be installed for another deployment), so it registers nothing and says so
at INFO level instead of failing the host's start-up.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping

from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import Channel

from ._channel import WeChatChannel

__all__ = ["ENV_AES_KEY", "ENV_APPID", "ENV_TOKEN", "channel_from_environment",
           "greenchannel_register_channels"]

logger = logging.getLogger("greenchannel_wechat")

ENV_TOKEN = "GREENCHANNEL_WECHAT_TOKEN"
ENV_APPID = "GREENCHANNEL_WECHAT_APPID"
ENV_AES_KEY = "GREENCHANNEL_WECHAT_AES_KEY"


def channel_from_environment(environ: Mapping[str, str]) -> WeChatChannel | None:
    """The channel the variables in ``environ`` describe, or ``None`` if none are set.

    Token and AppID go together: one without the other is a mistake worth
    stopping for, so it raises
    :class:`~greenchannel_sdk.errors.ConfigurationError` naming the missing
    variable.  An AES key alone is the same mistake.
    """
    token = environ.get(ENV_TOKEN, "").strip()
    appid = environ.get(ENV_APPID, "").strip()
    aes_key = environ.get(ENV_AES_KEY, "").strip() or None
    if not token and not appid and aes_key is None:
        return None
    missing = [name for name, value in ((ENV_TOKEN, token), (ENV_APPID, appid)) if not value]
    if missing:
        raise ConfigurationError(
            f"the WeChat channel is partly configured: set {' and '.join(missing)} too, "
            f"or unset the other GREENCHANNEL_WECHAT_* variables"
        )
    return WeChatChannel(token, appid, aes_key)


@hookimpl
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Register the WeChat channel configured in the environment, if any."""
    channel = channel_from_environment(os.environ)
    if channel is None:
        logger.info("WeChat channel not registered: %s and %s are not set",
                    ENV_TOKEN, ENV_APPID)
        return
    register(channel)
