"""pytest fixtures of the test kit, loaded automatically where the SDK is installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..sdk import GreenChannel
from . import FrozenClock, make_sdk


@pytest.fixture
def gc_clock() -> FrozenClock:
    """A frozen clock at a Monday morning in Shanghai; advance it explicitly."""
    return FrozenClock()


@pytest.fixture
def gc_sdk(tmp_path: Path, gc_clock: FrozenClock) -> Iterator[GreenChannel]:
    """A ready SDK on a fresh SQLite file, driven by ``gc_clock``."""
    sdk = make_sdk(tmp_path, clock=gc_clock)
    yield sdk
    sdk.close()
