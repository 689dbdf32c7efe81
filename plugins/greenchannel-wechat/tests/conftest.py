"""Fixtures: channels for the fictitious account of :mod:`wechat_requests`, a still clock."""

from __future__ import annotations

import pytest

from greenchannel_wechat import WeChatChannel
from wechat_requests import AES_KEY, APPID, NOW, TOKEN, FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def plain_channel(clock: FixedClock) -> WeChatChannel:
    return WeChatChannel(TOKEN, APPID, clock=clock)


@pytest.fixture
def safe_channel(clock: FixedClock) -> WeChatChannel:
    return WeChatChannel(TOKEN, APPID, AES_KEY, clock=clock)
