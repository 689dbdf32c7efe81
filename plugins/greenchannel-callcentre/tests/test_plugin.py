"""The distribution plugs into the SDK like any third-party channel (S1, P2)."""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest
from greenchannel_sdk import hookspecs
from greenchannel_sdk.interfaces import Channel

import greenchannel_callcentre

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")


def test_hook_registers_a_default_hotline_channel() -> None:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(greenchannel_callcentre)
    manager.check_pending()
    registered: list[Channel] = []
    manager.hook.greenchannel_register_channels(register=registered.append)
    (channel,) = registered
    assert isinstance(channel, Channel)
    assert channel.name == "hotline"


def test_entry_point_names_the_module_and_the_schema_ships_in_the_wheel() -> None:
    root = Path(__file__).parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["greenchannel"] == {"callcentre": "greenchannel_callcentre"}
    assert (root / "src/greenchannel_callcentre/call_record.schema.json").is_file()
    assert greenchannel_callcentre.schema()["title"] == "greenchannel call record"
