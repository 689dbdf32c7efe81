"""Builders for the strategy's inputs: registered complaints and members of staff.

The strategy only reads the classification, the language and the staff
directory, so the builders take just those and fill the rest with fixed,
valid values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone

import pytest
from greenchannel_sdk import (
    Category,
    Classification,
    Complaint,
    Priority,
    PriorityAssessment,
    StaffMember,
    Status,
)

RECEIVED = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def complaint() -> Callable[..., Complaint]:
    """``complaint(category, subcategory, language)``: a registered card-fraud complaint."""

    def build(category: Category = Category.TRANSACTION_DISPUTE,
              subcategory: str | None = "bank_cards/funds_security",
              language: str | None = "zh") -> Complaint:
        return Complaint(
            id="c-1", number="GC-2026-000001", status=Status.REGISTERED, channel="web",
            external_id="m-1", received_at=RECEIVED, registered_at=RECEIVED,
            text="(not read by the strategy)",
            classification=Classification(category=category, confidence=0.9,
                                           subcategory=subcategory),
            priority=PriorityAssessment(priority=Priority.HIGH), language=language)

    return build


@pytest.fixture
def staff() -> Callable[..., StaffMember]:
    """``staff(id, skills=..., languages=..., team=...)``: a handler with capacity 20."""

    def build(member_id: str, skills: Iterable[str] = (), languages: Iterable[str] = ("zh",),
              team: str = "cards") -> StaffMember:
        return StaffMember(id=member_id, team=team, skills=frozenset(skills),
                           languages=frozenset(languages))

    return build
