"""The plugin system (P2): one manager per SDK, defaults overridable, failures named."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from greenchannel_sdk import (
    Category,
    ClassificationVote,
    GreenChannel,
    PluginError,
    Settings,
    hookimpl,
)
from greenchannel_sdk.interfaces import Notifier
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin


class AlwaysOther:
    """A bank classifier that is very sure everything is 'other'."""

    @hookimpl
    def greenchannel_classify(self, draft: object) -> ClassificationVote:
        return ClassificationVote(category=Category.OTHER, confidence=1.0, source="bank",
                                  reasons=("bank rule",))


class Broken:
    @hookimpl
    def greenchannel_classify(self, draft: object) -> ClassificationVote:
        raise RuntimeError("classifier database is down")


@pytest.fixture
def fake_module() -> Iterator[Callable[[str, str], None]]:
    created: list[str] = []

    def make(name: str, source: str) -> None:
        module = types.ModuleType(name)
        exec(source, module.__dict__)
        sys.modules[name] = module
        created.append(name)

    yield make
    for name in created:
        sys.modules.pop(name, None)


def test_each_sdk_has_its_own_manager(tmp_path: Path) -> None:
    with make_sdk(tmp_path / "a") as one, make_sdk(tmp_path / "b") as two:
        assert one.plugins is not two.plugins
        with using_plugin(one, AlwaysOther()):
            assert two.plugins.get_plugins() != one.plugins.get_plugins()


def test_a_bank_plugin_outvotes_the_default_classifier(sdk: GreenChannel) -> None:
    with using_plugin(sdk, AlwaysOther()):
        complaint = sdk.intake(make_draft("我的信用卡被盜刷")).complaint
    assert complaint is not None
    assert complaint.classification.category is Category.OTHER
    assert any(v.source == "bank" for v in complaint.classification.votes)


def test_blocking_a_default_by_name(tmp_path: Path) -> None:
    with make_sdk(tmp_path, blocked_plugins=("greenchannel.classifier",)) as sdk:
        complaint = sdk.intake(make_draft()).complaint
    assert complaint is not None
    assert complaint.classification.votes == ()
    assert complaint.classification.needs_review


def test_blocking_through_the_environment(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENCHANNEL_BLOCK_PLUGINS", "greenchannel.priority")
    with make_sdk(tmp_path) as sdk:
        assert not sdk.plugins.has_plugin("greenchannel.priority")


def test_misspelt_hook_fails_loudly(tmp_path: Path) -> None:
    class Typo:
        @hookimpl
        def greenchannel_clasify(self, draft: object) -> None:  # one 's'
            return None

    with pytest.raises(PluginError, match=r"greenchannel_clasify|does not define"):
        make_sdk(tmp_path, plugins=(Typo(),))


def test_broken_optional_plugin_is_named_and_skipped(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        sdk = make_sdk(tmp_path, plugins=("no_such_bank_plugin_module",))
    assert "no_such_bank_plugin_module" in sdk.plugins.load_errors
    assert "no_such_bank_plugin_module" in caplog.text
    sdk.close()


def test_strict_mode_stops_on_a_broken_plugin(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="no_such_bank_plugin_module"):
        make_sdk(tmp_path, plugins=("no_such_bank_plugin_module",), strict_plugins=True)


def test_module_plugins_load_by_name(tmp_path: Path,
                                     fake_module: Callable[[str, str], None]) -> None:
    fake_module("bank_sms", (
        "from greenchannel_sdk import hookimpl\n"
        "class Sms:\n"
        "    name = 'sms'\n"
        "    def send(self, message):\n"
        "        pass\n"
        "@hookimpl\n"
        "def greenchannel_register_notifiers(register):\n"
        "    register(Sms())\n"))
    with make_sdk(tmp_path, plugins=("bank_sms",)) as sdk:
        assert "sms" in sdk.registry.notifiers
        assert "log" in sdk.registry.notifiers


def test_a_plugin_object_replaces_a_default_of_the_same_name(sdk: GreenChannel) -> None:
    class QuietLog:
        name = "log"

        def send(self, message: object) -> None:
            pass

    class Plugin:
        @hookimpl
        def greenchannel_register_notifiers(self, register: Callable[[Notifier], None]) -> None:
            register(QuietLog())

    with using_plugin(sdk, Plugin()):
        assert isinstance(sdk.registry.notifiers["log"], QuietLog)
    assert not isinstance(sdk.registry.notifiers["log"], QuietLog)


def test_a_raising_plugin_is_named_and_nothing_is_written(sdk: GreenChannel) -> None:
    with using_plugin(sdk, Broken(), name="acme-classifier"), \
            pytest.raises(PluginError, match="acme-classifier"):
        sdk.intake(make_draft())
    assert sdk.list_complaints().items == ()


def test_a_raising_plugin_during_receive_quarantines_the_payload(sdk: GreenChannel) -> None:
    class Json:
        name = "json"

        def parse(self, payload: bytes, metadata: object) -> list[object]:
            return [make_draft(channel="json", text=payload.decode())]

    class Plugin:
        @hookimpl
        def greenchannel_register_channels(self, register: Callable[[object], None]) -> None:
            register(Json())

    with using_plugin(sdk, Plugin()), using_plugin(sdk, Broken(), name="acme"):
        results = sdk.receive("json", b"hello")
    assert [r.outcome for r in results] == ["quarantined"]
    kept = sdk.quarantined()
    assert len(kept) == 1
    assert kept[0].raw == b"hello"
    assert "acme" in kept[0].reason


def test_default_sdk_needs_no_configuration(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", load_entry_points=False)
    with GreenChannel(settings, clock=FrozenClock()) as sdk:
        result = sdk.intake(make_draft())
    assert result.outcome == "registered"
