"""The pluggy hook registers the channel from the environment (P2 plug in channels, S1).

Installing the package and setting three variables is all a bank does to
add WeChat intake; a host without those variables starts normally.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pluggy
import pytest
from greenchannel_sdk import hookspecs
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.interfaces import Channel

import greenchannel_wechat
from greenchannel_wechat import WeChatChannel, channel_from_environment
from wechat_requests import AES_KEY, APPID, TOKEN

ENV = ("GREENCHANNEL_WECHAT_TOKEN", "GREENCHANNEL_WECHAT_APPID", "GREENCHANNEL_WECHAT_AES_KEY")


def _registered(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[Channel]:
    """Channels the plugin registers through a real pluggy manager, given ``env``."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(greenchannel_wechat)
    manager.check_pending()
    channels: list[Channel] = []
    manager.hook.greenchannel_register_channels(register=channels.append)
    return channels


def test_unconfigured_host_registers_nothing_and_says_why(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="greenchannel_wechat"):
        assert _registered(monkeypatch) == []
    assert "GREENCHANNEL_WECHAT_TOKEN" in caplog.text


def test_plaintext_configuration_registers_a_plaintext_channel(
        monkeypatch: pytest.MonkeyPatch) -> None:
    channel, = _registered(monkeypatch, GREENCHANNEL_WECHAT_TOKEN=TOKEN,
                           GREENCHANNEL_WECHAT_APPID=APPID)
    assert isinstance(channel, WeChatChannel)
    assert channel.name == "wechat"
    assert not channel.safe_mode


def test_aes_key_turns_on_safe_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    channel, = _registered(monkeypatch, GREENCHANNEL_WECHAT_TOKEN=TOKEN,
                           GREENCHANNEL_WECHAT_APPID=APPID, GREENCHANNEL_WECHAT_AES_KEY=AES_KEY)
    assert isinstance(channel, WeChatChannel)
    assert channel.safe_mode


@pytest.mark.parametrize(("env", "missing"), [
    ({"GREENCHANNEL_WECHAT_TOKEN": "t0ken"}, "GREENCHANNEL_WECHAT_APPID"),
    ({"GREENCHANNEL_WECHAT_APPID": "wx1"}, "GREENCHANNEL_WECHAT_TOKEN"),
    ({"GREENCHANNEL_WECHAT_AES_KEY": AES_KEY},
     "GREENCHANNEL_WECHAT_TOKEN and GREENCHANNEL_WECHAT_APPID"),
])
def test_partial_configuration_names_what_is_missing(env: dict[str, str], missing: str) -> None:
    with pytest.raises(ConfigurationError, match=missing):
        channel_from_environment(env)


def test_malformed_aes_key_in_the_environment_stops_start_up() -> None:
    with pytest.raises(ConfigurationError, match="EncodingAESKey"):
        channel_from_environment({"GREENCHANNEL_WECHAT_TOKEN": TOKEN,
                                  "GREENCHANNEL_WECHAT_APPID": APPID,
                                  "GREENCHANNEL_WECHAT_AES_KEY": "too-short"})


def test_entry_point_points_at_the_hook_module() -> None:
    """The SDK finds plugins through the ``greenchannel`` entry-point group."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")

    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    assert project["entry-points"][hookspecs.PROJECT_NAME] == {"wechat": "greenchannel_wechat"}
    assert "defusedxml>=0.7.1" in project["dependencies"]
