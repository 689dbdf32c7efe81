"""The distribution plugs into the SDK like any third-party channel (S1, P2)."""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest
from greenchannel_sdk import hookspecs
from greenchannel_sdk.interfaces import Channel

import greenchannel_email

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")


def test_hook_registers_a_default_email_channel() -> None:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(greenchannel_email)
    manager.check_pending()
    registered: list[Channel] = []
    manager.hook.greenchannel_register_channels(register=registered.append)
    (channel,) = registered
    assert isinstance(channel, Channel)
    assert channel.name == "email"


def test_entry_point_names_the_module() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    assert project["entry-points"]["greenchannel"] == {"email": "greenchannel_email"}
    assert "greenchannel-sdk" in project["dependencies"]
