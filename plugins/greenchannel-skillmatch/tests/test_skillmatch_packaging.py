"""How a vendor ships the strategy: an entry point, a hook, a tested SDK range (P2, P5).

The first tests read the package as it sits in the source tree; the last
needs it installed (the tox ``plugins`` environment installs it) and skips
elsewhere, because only an installed distribution has an entry point.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import greenchannel_sdk
import pluggy
import pytest
from greenchannel_sdk import AssignmentStrategy, GreenChannel, Settings, hookspecs
from greenchannel_sdk.testing import FrozenClock

import greenchannel_skillmatch
from greenchannel_skillmatch import SkillMatch

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    project: dict[str, Any] = tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project


def test_entry_point_names_the_module_that_holds_the_hook() -> None:
    assert _project()["entry-points"][hookspecs.PROJECT_NAME] == {
        "skillmatch": "greenchannel_skillmatch"}


def test_the_module_registers_the_strategy_through_a_real_plugin_manager() -> None:
    """What the SDK does with the entry point: register the module, check its hooks, collect."""
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(greenchannel_skillmatch, name="skillmatch")
    manager.check_pending()  # a misspelt hook name would fail here
    registered: list[AssignmentStrategy] = []

    manager.hook.greenchannel_register_assignment_strategies(register=registered.append)

    strategy, = registered
    assert isinstance(strategy, SkillMatch)
    assert strategy.name == "skill_match"


def test_the_sdk_under_test_is_inside_the_declared_range() -> None:
    """When the SDK moves past the range, this fails: re-test, then widen the bound."""
    specifiers = pytest.importorskip("packaging.specifiers")
    requirement, = (r for r in _project()["dependencies"] if r.startswith("greenchannel-sdk"))
    allowed = specifiers.SpecifierSet(requirement.removeprefix("greenchannel-sdk"))
    assert allowed.contains(greenchannel_sdk.__version__, prereleases=True), requirement


def test_installed_package_is_picked_up_by_a_default_sdk(tmp_path: Path) -> None:
    declared = [ep for ep in entry_points(group=hookspecs.PROJECT_NAME)
                if ep.value == "greenchannel_skillmatch"]
    if not declared:
        pytest.skip("greenchannel-skillmatch is not installed here (tox -e plugins installs it)")

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'gc.db'}")
    with GreenChannel(settings, clock=FrozenClock()) as sdk:
        assert not sdk.plugins.load_errors
        assert sdk.plugins.get_plugin(declared[0].name) is greenchannel_skillmatch
        assert isinstance(sdk.registry.strategies["skill_match"], SkillMatch)
