"""A test kit for the SDK's own tests, for banks' integration tests and for plugin authors.

``FrozenClock`` controls time; ``make_sdk`` builds a ready SDK on a
temporary SQLite file; ``using_plugin`` registers a plugin for the length
of a ``with`` block; ``make_draft`` builds a valid complaint draft with
only the fields a test cares about.  Installed with the SDK, the pytest
plugin :mod:`greenchannel_sdk.testing.pytest_plugin` offers the same as
fixtures (``gc_clock``, ``gc_sdk``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs

from ..dispatch import Directory, RoutingRule, RoutingTable
from ..domain import Category, ChannelDraft, CustomerIdentity, Priority, StaffMember, Team
from ..sdk import GreenChannel
from ..security.keys import generate_key
from ..settings import Settings

__all__ = [
    "FrozenClock",
    "make_draft",
    "make_sdk",
    "sample_directory",
    "sample_routing",
    "using_plugin",
]

#: A Monday morning in Shanghai (01:00 UTC), far from any holiday.
DEFAULT_START = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


class FrozenClock:
    """A clock that only moves when told to: ``advance(hours=2)`` or ``set(instant)``."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("FrozenClock needs timezone-aware instants")
        self._now = instant
        return self._now

    def __repr__(self) -> str:
        return f"FrozenClock({self._now.isoformat()})"


def sample_directory() -> Directory:
    """A small green-channel team (S6): a lead, specialists from three departments."""
    teams = [
        Team(id="green-channel", department="customer_relationship", lead="lead-li"),
        Team(id="risk", department="risk_control", lead="lead-li"),
        Team(id="cards", department="bank_cards", lead="lead-li"),
    ]
    staff = [
        StaffMember(id="lead-li", team="green-channel",
                    roles={"green_channel_lead", "handler"}, capacity=50),
        StaffMember(id="wang", team="green-channel", languages={"zh"}),
        StaffMember(id="zhao", team="green-channel", languages={"zh", "en"}),
        StaffMember(id="chen", team="risk", skills={"funds_security"}),
        StaffMember(id="liu", team="risk"),
        StaffMember(id="smith", team="cards", languages={"en"}),
    ]
    return Directory(teams, staff)


def sample_routing() -> RoutingTable:
    """High priority to the risk team first; transaction disputes to cards; the rest to the team."""
    return RoutingTable(
        rules=(RoutingRule(team="risk", strategy="least_loaded", priority=Priority.HIGH),
               RoutingRule(team="cards", strategy="round_robin",
                           category=Category.TRANSACTION_DISPUTE)),
        fallback=RoutingRule(team="green-channel", strategy="round_robin"),
    )


def make_sdk(
    directory: Path | str | None = None,
    *,
    clock: FrozenClock | None = None,
    settings: Settings | None = None,
    team: Directory | None = None,
    routing: RoutingTable | None = None,
    **overrides: Any,
) -> GreenChannel:
    """A ready SDK on a fresh SQLite file in ``directory`` (a new temporary one by default).

    Entry-point plugins are not loaded, so a test sees only the defaults and
    what it registers itself.  A fresh encryption key is generated unless
    the settings carry keys, so tests exercise encryption at rest (S20).
    ``overrides`` are :class:`Settings` fields.
    """
    folder = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="gc-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = settings or Settings(load_entry_points=False)
    if "database_url" not in overrides and base.database_url == Settings().database_url:
        overrides["database_url"] = f"sqlite:///{folder / 'greenchannel.db'}"
    if "keys" not in overrides and not base.keys:
        overrides["keys"] = {"blind-index": generate_key(), "test-1": generate_key()}
    return GreenChannel(attrs.evolve(base, **overrides), clock=clock or FrozenClock(),
                        directory=team or sample_directory(),
                        routing=routing or sample_routing())


@contextmanager
def using_plugin(sdk: GreenChannel, plugin: object, name: str | None = None) -> Iterator[object]:
    """Register ``plugin`` on ``sdk`` for the ``with`` block, then take it away again.

    Collected objects (channels, notifiers, strategies...) are re-collected
    on entry and exit, so a plugin's channel is usable inside the block.
    """
    registered = sdk.plugins.register(plugin, name=name)
    sdk.plugins.check_pending()
    sdk.registry.collect(sdk.plugins)
    try:
        yield plugin
    finally:
        sdk.plugins.unregister(name=registered)
        sdk.registry.collect(sdk.plugins)


_counter = iter(range(1, 10**9))


_DEFAULT_TEXT = "我的銀行卡被盜刷了五千元,請盡快處理。"


def make_draft(text: str = _DEFAULT_TEXT, **overrides: Any) -> ChannelDraft:
    """A valid draft from a new customer; ``external_id`` is unique per call unless given.

    Pass ``customer=`` to make several drafts come from the same customer
    (repeat complaints, duplicates).
    """
    n = next(_counter)
    fields: dict[str, Any] = {
        "channel": "web",
        "external_id": f"test-{n}",
        "received_at": DEFAULT_START,
        "text": text,
        "customer": CustomerIdentity(customer_ref=f"C-{n:05d}", name="测试客户",
                                     phone=f"139{n:08d}"),
        "language": "zh",
    }
    fields.update(overrides)
    return ChannelDraft(**fields)
