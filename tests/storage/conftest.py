"""Fixtures for the storage tests: raw connections for tampering, a recording notifier.

Every storage test runs on both backends through the ``database_url`` and
``any_sdk`` fixtures of ``tests/conftest.py``.  ``raw`` is a separate
SQLAlchemy engine on the same database, standing for someone with direct
database access (a second process, or an insider editing rows by hand).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from storage_helpers import RecorderPlugin, RecordingNotifier

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk


@pytest.fixture
def raw(database_url: str) -> Iterator[Engine]:
    """A second, plain engine on the test database (no SDK in between)."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def recorder() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def notified_sdk(database_url: str, tmp_path: Path, clock: FrozenClock,
                 recorder: RecordingNotifier) -> Iterator[GreenChannel]:
    """An SDK on each backend whose customer notices go to ``recorder``, 3 attempts max."""
    instance = make_sdk(tmp_path, clock=clock, database_url=database_url,
                        plugins=(RecorderPlugin(recorder),), customer_notifier="recorder",
                        outbox_max_attempts=3)
    yield instance
    instance.close()
