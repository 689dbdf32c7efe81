"""Installing the package offers the ``web`` channel through pluggy (P2, S1)."""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest
from greenchannel_sdk import hookspecs
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.interfaces import Channel

import greenchannel_web
from greenchannel_web import WebChannel, channel_from_environment


def _registered(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[Channel]:
    for name in ("GREENCHANNEL_WEB_SECRET", "GREENCHANNEL_WEB_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(greenchannel_web)
    manager.check_pending()
    channels: list[Channel] = []
    manager.hook.greenchannel_register_channels(register=channels.append)
    return channels


def test_default_channel_takes_unsigned_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    channel, = _registered(monkeypatch)
    assert isinstance(channel, WebChannel)
    assert channel.name == "web"
    assert channel.verifier is None


def test_secret_in_the_environment_requires_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    channel, = _registered(monkeypatch, GREENCHANNEL_WEB_SECRET="s" * 32,
                           GREENCHANNEL_WEB_MAX_BYTES="1000")
    assert isinstance(channel, WebChannel)
    assert channel.verifier is not None
    assert channel.max_bytes == 1000


@pytest.mark.parametrize("env", [{"GREENCHANNEL_WEB_SECRET": "short"},
                                 {"GREENCHANNEL_WEB_MAX_BYTES": "lots"},
                                 {"GREENCHANNEL_WEB_MAX_BYTES": "0"}])
def test_bad_configuration_stops_start_up(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        channel_from_environment(env)


def test_entry_point_points_at_the_hook_module() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    assert project["entry-points"][hookspecs.PROJECT_NAME] == {"web": "greenchannel_web"}
