"""S20: no customer name, phone or ID number in logs or error messages.

Runs the demo scenario with every logger at DEBUG (SQLAlchemy included)
and fails if any personal value of any simulated customer shows up.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from greenchannel_sdk import ComplaintQuery, CustomerIdentity, ValidationError
from greenchannel_sdk.domain import PERSONAL_FIELDS
from greenchannel_sdk.simulation import simulate
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk


def _personal_values(identity: CustomerIdentity) -> set[str]:
    return {value for name in PERSONAL_FIELDS
            if isinstance(value := getattr(identity, name), str) and len(value) >= 4}


def test_demo_scenario_logs_no_personal_data(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    clock = FrozenClock()
    with caplog.at_level(logging.DEBUG), make_sdk(tmp_path, clock=clock) as sdk:
        logging.getLogger("sqlalchemy").setLevel(logging.DEBUG)
        simulate(sdk, clock, weeks=1, per_day=6)
        secrets: set[str] = set()
        for complaint in sdk.iter_complaints(ComplaintQuery()):
            secrets |= _personal_values(complaint.customer)
    assert secrets, "the scenario should have registered customers with personal data"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    leaked = sorted(s for s in secrets if s in logged)
    assert not leaked, f"{len(leaked)} personal values appeared in the logs"


def test_error_messages_carry_no_personal_data(tmp_path: Path) -> None:
    customer = CustomerIdentity(name="王小明", phone="13912345678", id_number="110105194912310021")
    with make_sdk(tmp_path) as sdk:
        with pytest.raises(ValidationError) as info:
            sdk.intake(make_draft(" ", customer=customer))
        message = str(info.value) + repr(info.value.problems)
        draft = make_draft("x", customer=customer)
    for value in ("王小明", "13912345678", "110105194912310021"):
        assert value not in message
        assert value not in repr(draft)
