"""Fixtures shared by the security tests: keys made fresh for every test."""

from __future__ import annotations

import pytest

from greenchannel_sdk.security import SettingsKeyProvider, generate_key


@pytest.fixture
def old_key() -> str:
    return generate_key()


@pytest.fixture
def new_key() -> str:
    return generate_key()


@pytest.fixture
def provider(old_key: str, new_key: str) -> SettingsKeyProvider:
    """Two keys configured; ``k2`` (the last) is current."""
    return SettingsKeyProvider({"k1": old_key, "k2": new_key})
