"""Plugin packages under plugins/ install and load through the `greenchannel` entry point (P2, P4).

Runs in the tox ``plugins`` environment, where every package under
``plugins/`` is installed; elsewhere the packages are absent and it skips.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from greenchannel_sdk import GreenChannel, Settings
from greenchannel_sdk.testing import FrozenClock

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
PACKAGES = sorted(p.name for p in PLUGINS.iterdir() if (p / "pyproject.toml").is_file())


def _installed() -> set[str]:
    return {ep.value.split(":")[0].split(".")[0] for ep in entry_points(group="greenchannel")}


@pytest.mark.parametrize("package", PACKAGES)
def test_package_declares_an_entry_point_and_is_installed(package: str) -> None:
    module = package.replace("-", "_")
    text = (PLUGINS / package / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.greenchannel]' in text
    if module not in _installed():
        pytest.skip(f"{package} is not installed here (the tox 'plugins' env installs it)")
    assert (PLUGINS / package / "src" / module / "py.typed").is_file()


def test_installed_plugins_load_into_a_default_sdk(tmp_path: Path) -> None:
    installed = _installed() & {p.replace("-", "_") for p in PACKAGES}
    if not installed:
        pytest.skip("no plugin package installed here (the tox 'plugins' env installs them)")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'gc.db'}")
    with GreenChannel(settings, clock=FrozenClock()) as sdk:
        names = {sdk.plugins.get_name(p) for p in sdk.plugins.get_plugins()}
        assert not sdk.plugins.load_errors
    for ep in entry_points(group="greenchannel"):
        if ep.value.split(".")[0] in installed:
            assert ep.name in names
