"""Fixtures for the report tests: the known data set on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reports_dataset import DataSet, build, scripted_sdk

from greenchannel_sdk.testing import FrozenClock


@pytest.fixture
def dataset(database_url: str, tmp_path: Path) -> Iterator[DataSet]:
    """The data set of ``reports_dataset``, built through the facade on each backend."""
    clock = FrozenClock()
    sdk = scripted_sdk(tmp_path, database_url, clock)
    yield build(sdk, clock)
    sdk.close()
