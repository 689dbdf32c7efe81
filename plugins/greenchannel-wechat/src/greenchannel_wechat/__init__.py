"""WeChat Official Account intake channel for greenchannel-sdk (S1).

Installing this package makes the SDK offer a ``wechat`` channel once
``GREENCHANNEL_WECHAT_TOKEN`` and ``GREENCHANNEL_WECHAT_APPID`` (and, for
safe mode, ``GREENCHANNEL_WECHAT_AES_KEY``) are set.  Hosts that build their
channels in code use :class:`WeChatChannel` directly.
"""

from __future__ import annotations

from ._channel import DEFAULT_MAX_BYTES, WeChatChannel
from ._plugin import channel_from_environment, greenchannel_register_channels

__all__ = [
    "DEFAULT_MAX_BYTES",
    "WeChatChannel",
    "channel_from_environment",
    "greenchannel_register_channels",
]
