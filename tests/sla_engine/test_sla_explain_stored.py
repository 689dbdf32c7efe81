"""``sdk.sla.explain``: every clock and cycle explained from stored data (S22; issue 4 item 5).

Under ``cn-nfra-2020`` a complaint received 2026-03-02 09:00 in Shanghai is
due 18 March 00:00; extended by 15 days it is due 2 April, and with 5-8
March excluded (external appraisal) 5 April.  Worked out by hand.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sla_engine_helpers import LEAD, SHANGHAI, register

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, tzinfo=SHANGHAI)


def test_explanation_shows_extension_and_exclusion_read_back_from_the_audit_log(
        cn_sdk: GreenChannel, clock: FrozenClock) -> None:
    number = register(cn_sdk)
    clock.advance(days=5)
    cn_sdk.sla.extend(number, "resolution", LEAD, by=timedelta(days=15),
                      reason="complex case", approved_by="lead-li")
    cn_sdk.sla.exclude(number, "resolution", LEAD, start=_at(3, 5), end=_at(3, 8),
                       reason="external appraisal")
    explanations = {item.clock: item for item in cn_sdk.sla.explain(number)}
    assert set(explanations) == {"first_contact", "resolution"}
    resolution = explanations["resolution"]
    assert resolution.due_at == _at(4, 5)
    assert resolution.statutory
    assert [(a.kind.value, a.due_after) for a in resolution.adjustments] == [
        ("extension", _at(4, 2)), ("exclusion", _at(4, 5))]
    assert resolution.extended == timedelta(days=15)
    assert resolution.paused == timedelta(days=3)
    assert "complex case, approved by lead-li" in resolution.text
    assert "external appraisal" in resolution.text
    assert resolution.steps[-1].endswith("= 2026-04-05T00:00:00+08:00.")
    data = json.loads(json.dumps(resolution.as_data()))
    assert data["due_at"] == "2026-04-05T00:00:00+08:00"
    assert [item["kind"] for item in data["adjustments"]] == ["extension", "exclusion"]


def test_elapsed_time_goals_are_shown_in_the_banks_zone(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    first_contact = next(item for item in cn_sdk.sla.explain(number)
                         if item.clock == "first_contact")
    assert first_contact.timezone == "Asia/Shanghai"
    assert first_contact.started_at.isoformat() == "2026-03-02T09:00:00+08:00"
    assert first_contact.due_at.isoformat() == "2026-03-03T09:00:00+08:00"


def test_every_cycle_is_explained_with_its_own_adjustments(sdk: GreenChannel,
                                                           clock: FrozenClock) -> None:
    number = register(sdk)
    sdk.record_contact(number, LEAD, method="phone", outcome="ok")
    clock.advance(hours=1)
    sdk.sla.exclude(number, "resolution", LEAD, start=_at(3, 3), end=_at(3, 4),
                    reason="mediation")
    sdk.propose_resolution(number, LEAD, remedy="refund")
    sdk.accept_resolution(number, LEAD)
    clock.advance(days=1)
    sdk.reopen(number, LEAD, reason="refund missing")
    cycles = {(item.clock, item.cycle): item for item in sdk.sla.explain(number)}
    assert {("resolution", 1), ("resolution", 2), ("first_contact", 1),
            ("first_contact", 2), ("follow_up", 1)} <= set(cycles)
    assert [a.reason for a in cycles["resolution", 1].adjustments] == ["mediation"]
    assert cycles["resolution", 2].adjustments == ()
    assert "goal met" in cycles["resolution", 1].text
