"""The shapes of the objects plugins hand to the SDK.

Collect hooks (see :mod:`greenchannel_sdk.hookspecs`) give the SDK objects
that satisfy these protocols.  They are :class:`typing.Protocol` classes, so
a plugin needs no base class: any object with the right attributes works,
and mypy checks it structurally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

import attrs

from .domain import ChannelDraft, ClockGoal, Complaint, OutboxMessage, StaffMember

__all__ = [
    "AssignmentDecision",
    "AssignmentStrategy",
    "BusinessCalendar",
    "Channel",
    "KeyProvider",
    "Notifier",
    "SlaPolicy",
]


@runtime_checkable
class Channel(Protocol):
    """An intake channel (S1): turns what arrives into complaint drafts.

    ``name`` is the channel's stable name (``"wechat"``), used in numbers,
    statistics and quarantine records.  ``parse`` receives the raw payload
    and the transport's metadata (HTTP headers, query parameters, file name)
    and returns one draft per complaint it contains.  It raises
    :class:`~greenchannel_sdk.errors.ValidationError` for malformed input and
    :class:`~greenchannel_sdk.errors.ChannelAuthenticationError` for a failed
    authenticity check; the SDK then keeps the payload in quarantine with the
    reason.  It must not raise anything else for bad input.
    """

    @property
    def name(self) -> str: ...

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]: ...


@runtime_checkable
class Notifier(Protocol):
    """Delivers outbox messages (S13).  Raising means "not delivered, retry later"."""

    @property
    def name(self) -> str: ...

    def send(self, message: OutboxMessage) -> None: ...


@attrs.frozen
class AssignmentDecision:
    """A strategy's answer: the person (or team queue) and why (S7, S21)."""

    team: str
    assignee: str | None
    reason: str


@runtime_checkable
class AssignmentStrategy(Protocol):
    """Picks one of ``candidates`` for ``complaint`` (S7), or ``None`` when nobody fits.

    Candidates have already been filtered for the team the routing rules
    chose; the strategy decides among them (round-robin, least-loaded,
    skills).  ``load`` maps person id to open complaints held now.
    """

    @property
    def name(self) -> str: ...

    def choose(
        self,
        complaint: Complaint,
        candidates: Sequence[StaffMember],
        load: Mapping[str, int],
    ) -> AssignmentDecision | None: ...


@runtime_checkable
class BusinessCalendar(Protocol):
    """Working time of one region or bank, in its own time zone."""

    @property
    def name(self) -> str: ...

    def is_business_day(self, day: date) -> bool: ...

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime: ...

    def business_time_between(self, start: datetime, end: datetime) -> timedelta: ...


@runtime_checkable
class SlaPolicy(Protocol):
    """Which SLA clocks a complaint gets and their goals (S9, S22)."""

    @property
    def name(self) -> str: ...

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]: ...


@runtime_checkable
class KeyProvider(Protocol):
    """Key material for field encryption (S20): a bank's KMS or HSM plugs in here."""

    @property
    def name(self) -> str: ...

    def current_key_id(self) -> str: ...

    def key(self, key_id: str) -> bytes: ...
