"""Fixtures for the SLA engine wired into the SDK: the Chinese statutory pack on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk


@pytest.fixture
def cn_sdk(database_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[GreenChannel]:
    """The SDK under the Chinese 2020 measures (``cn-nfra-2020``), on SQLite and PostgreSQL."""
    instance = make_sdk(tmp_path, clock=clock, database_url=database_url,
                        sla_policy="cn-nfra-2020")
    yield instance
    instance.close()
