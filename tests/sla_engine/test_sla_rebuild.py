"""Clocks rebuilt from the audit log alone equal the stored ones (S16, S22; issue 4 item 6).

A realistic history runs through the live SDK (contact, waiting for the
customer, the reply, sweeps that fire warnings, an extension, an exclusion,
a proposal, acceptance and a reopen); ``sdk.sla.rebuild`` then replays the
audit log through the same clock rules and must give the same clocks, every
field of every cycle.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from sla_engine_helpers import LEAD, events, register

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_sdk


def live_history(sdk: GreenChannel, clock: FrozenClock, *, extend: bool) -> str:
    number = register(sdk)
    clock.advance(hours=3)
    sdk.record_contact(number, LEAD, method="phone", outcome="confirmed the details")
    clock.advance(days=1)
    sdk.start_investigation(number, LEAD)
    sdk.request_customer_info(number, LEAD, what="the card statement")
    clock.advance(days=2, hours=5)
    sdk.customer_replied(number, LEAD, note="statement received")
    clock.advance(days=8)
    assert sdk.tick().warnings >= 1  # the 50 % warning of the resolution clock
    if extend:
        sdk.sla.extend(number, "resolution", LEAD, by=timedelta(days=10),
                       reason="complex case")
    sdk.sla.exclude(number, "resolution", LEAD, start=clock.now() - timedelta(days=2),
                    end=clock.now(), reason="external appraisal")
    clock.advance(days=4)
    sdk.tick()
    sdk.propose_resolution(number, LEAD, remedy="refund the fee")
    clock.advance(days=1)
    sdk.accept_resolution(number, LEAD)
    clock.advance(days=1)
    sdk.reopen(number, LEAD, reason="the refund never arrived")
    clock.advance(hours=2)
    sdk.start_investigation(number, LEAD)
    sdk.record_contact(number, LEAD, method="phone", outcome="apologised")
    sdk.request_customer_info(number, LEAD, what="the account to refund")
    clock.advance(days=30)
    sdk.tick()  # the paused internal clocks stay quiet; statutory ones breach and escalate
    return number


@pytest.mark.parametrize(("policy", "extend"), [("cn-nfra-2020", True),
                                                ("scheme-default", False)])
def test_rebuild_gives_the_stored_clocks(database_url: str, tmp_path: Path,
                                         clock: FrozenClock, policy: str, extend: bool) -> None:
    with make_sdk(tmp_path, clock=clock, database_url=database_url,
                  sla_policy=policy) as any_sdk:
        check_rebuild(any_sdk, clock, extend=extend)


def check_rebuild(any_sdk: GreenChannel, clock: FrozenClock, *, extend: bool) -> None:
    number = live_history(any_sdk, clock, extend=extend)
    stored = any_sdk.clock_states(number)
    assert {(c.name, c.cycle) for c in stored} >= {("resolution", 1), ("resolution", 2),
                                                    ("first_contact", 2), ("follow_up", 1)}
    assert len(events(any_sdk, number, "sla.adjustment")) >= 2  # extension or pause; exclusion
    rebuilt = any_sdk.sla.rebuild(number)
    assert sorted(rebuilt, key=lambda c: (c.name, c.cycle)) == \
        sorted(stored, key=lambda c: (c.name, c.cycle))


def test_rebuild_reads_the_audit_log_not_the_stored_clocks(sdk: GreenChannel,
                                                           clock: FrozenClock) -> None:
    """A clock row overwritten behind the SDK's back is restored by the rebuild."""
    number = register(sdk)
    clock.advance(hours=1)
    sdk.record_contact(number, LEAD, method="phone", outcome="ok")
    original = next(c for c in sdk.clock_states(number) if c.name == "resolution")
    with sdk.store.unit_of_work() as uow:
        uow.put_clock(attrs.evolve(original, due_at=original.due_at + timedelta(days=99)))
    rebuilt = next(c for c in sdk.sla.rebuild(number) if c.name == "resolution")
    assert rebuilt == original


def test_a_complaint_keeps_the_policy_it_was_registered_under(tmp_path: Path,
                                                              clock: FrozenClock) -> None:
    """Switching ``Settings.sla_policy`` later does not change a running complaint's rules."""
    url = f"sqlite:///{tmp_path / 'gc.db'}"
    keys = {"k1": generate_key()}
    with make_sdk(tmp_path, clock=clock, database_url=url, keys=keys) as before:
        number = register(before)
        before.record_contact(number, LEAD, method="phone", outcome="ok")
        before.propose_resolution(number, LEAD, remedy="refund")
    with make_sdk(tmp_path, clock=clock, database_url=url, keys=keys,
                  sla_policy="cn-nfra-2020") as after:
        after.accept_resolution(number, LEAD)
        stored = after.clock_states(number)
        assert {c.policy for c in stored} == {"scheme-default"}
        assert "follow_up" in {c.name for c in stored}
        assert after.sla.rebuild(number) == stored
