"""Intake and a full lifecycle work the same on SQLite and PostgreSQL (P1, S3)."""

from greenchannel_sdk import GreenChannel, Status
from greenchannel_sdk.testing import make_draft


def test_register_on_each_backend(any_sdk: GreenChannel) -> None:
    draft = make_draft()
    result = any_sdk.intake(draft)
    assert result.outcome == "registered"
    assert result.complaint is not None
    stored = any_sdk.get(result.complaint.number)
    assert stored.status is Status.ASSIGNED
    assert stored.customer.phone == draft.customer.phone
    assert stored.received_at == result.complaint.received_at
