"""End to end on a real SDK: a routing rule names ``skill_match``; complaints find their specialist.

S7: assignment by category and priority to the responsible person; S8:
fallback to the green-channel lead; S21: every assignment explains why this
person, in the complaint's assignment and in its audit trail.  The SDK is
built with its own test kit, as a vendor's test suite would build it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from greenchannel_sdk import (
    AssignmentStrategy,
    Complaint,
    Directory,
    GreenChannel,
    RoutingRule,
    RoutingTable,
    StaffMember,
    Team,
    hookimpl,
)
from greenchannel_sdk.testing import make_draft, make_sdk

import greenchannel_skillmatch
from greenchannel_skillmatch import SkillMatch, Weights

CARD_FRAUD = "我的銀行卡被盜刷了五千元,請盡快處理。"
CARD_FRAUD_EN = "Someone used my credit card without my consent: 3000 GBP of fraud."
MIS_SELLING = "理财经理误导我购买高风险产品"


def _directory(*, specialists_available: bool = True) -> Directory:
    """One card-and-wealth team: a lead who coordinates, two specialists, one generalist."""
    return Directory(
        [Team(id="cards", department="bank_cards", lead="lead-li")],
        [StaffMember(id="lead-li", team="cards", roles={"green_channel_lead"}),
         StaffMember(id="gao", team="cards", skills={"transaction_dispute"},
                     languages={"zh", "en"}),
         StaffMember(id="fan", team="cards", skills={"bank_cards", "funds_security"},
                     languages={"zh"}, available=specialists_available),
         StaffMember(id="he", team="cards", skills={"wealth_management", "sales_practice"},
                     languages={"zh"}, available=specialists_available)])


ROUTING = RoutingTable(rules=(RoutingRule(team="cards", strategy="skill_match"),),
                       fallback=RoutingRule(team="cards", strategy="least_loaded"))


@pytest.fixture
def sdk(tmp_path: Path) -> Iterator[GreenChannel]:
    with make_sdk(tmp_path, team=_directory(), routing=ROUTING,
                  plugins=(greenchannel_skillmatch,)) as sdk:
        yield sdk


def _registered(sdk: GreenChannel, text: str, language: str = "zh") -> Complaint:
    result = sdk.intake(make_draft(text, language=language))
    assert result.outcome == "registered"
    assert result.complaint is not None
    return result.complaint


def test_card_fraud_goes_to_the_card_fraud_specialist_with_the_reason_recorded(
        sdk: GreenChannel) -> None:
    complaint = _registered(sdk, CARD_FRAUD)
    assert complaint.classification.subcategory == "bank_cards/funds_security"  # the premise

    assignment = complaint.assignment
    assert assignment is not None
    assert (assignment.team, assignment.assignee, assignment.strategy) == \
        ("cards", "fan", "skill_match")
    why = ("skill match: matched subcategory bank_cards, subcategory funds_security, "
           "language zh, score 5 of 6; 0 open of capacity 20")
    assert why in assignment.reason

    assign_event, = (e for e in sdk.history(complaint.number) if e.action == "assign")
    assert why in assign_event.reason
    assert assign_event.data["assignee"] == "fan"
    assert assign_event.data["strategy"] == "skill_match"


def test_skill_outweighs_load_so_the_specialist_keeps_getting_card_fraud(
        sdk: GreenChannel) -> None:
    first, second = _registered(sdk, CARD_FRAUD), _registered(sdk, CARD_FRAUD)

    assert first.assignment is not None
    assert second.assignment is not None
    assert first.assignment.assignee == second.assignment.assignee == "fan"
    assert "1 open of capacity 20" in second.assignment.reason


def test_mis_selling_goes_to_the_wealth_specialist(sdk: GreenChannel) -> None:
    complaint = _registered(sdk, MIS_SELLING)
    assert complaint.classification.subcategory == "wealth_management/sales_practice"

    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "he"
    assert "subcategory wealth_management, subcategory sales_practice" in \
        complaint.assignment.reason


def test_with_nobody_to_choose_from_the_sdk_falls_back_to_the_lead(tmp_path: Path) -> None:
    """S8: the strategy answers ``None``; the lead coordinates the complaint instead."""
    nobody = Directory([Team(id="cards", department="bank_cards", lead="lead-li")],
                       [StaffMember(id="lead-li", team="cards", roles={"green_channel_lead"})])
    with make_sdk(tmp_path, team=nobody, routing=ROUTING,
                  plugins=(greenchannel_skillmatch,)) as sdk:
        complaint = _registered(sdk, CARD_FRAUD)

    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "lead-li"
    assert "fell back to the green-channel lead" in complaint.assignment.reason


def test_only_available_people_are_considered(tmp_path: Path) -> None:
    """The SDK filters out people off shift or on leave before the strategy sees anyone."""
    with make_sdk(tmp_path, team=_directory(specialists_available=False), routing=ROUTING,
                  plugins=(greenchannel_skillmatch,)) as sdk:
        complaint = _registered(sdk, CARD_FRAUD)

    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "gao"
    assert "matched category transaction_dispute" in complaint.assignment.reason


class _LanguageFirst:
    """A host's own plugin: the same strategy name, weights of the bank's choosing."""

    @hookimpl
    def greenchannel_register_assignment_strategies(
            self, register: Callable[[AssignmentStrategy], None]) -> None:
        register(SkillMatch(Weights(language=10)))


def test_a_host_plugin_replaces_the_default_weights(tmp_path: Path) -> None:
    with make_sdk(tmp_path, team=_directory(), routing=ROUTING,
                  plugins=(greenchannel_skillmatch, _LanguageFirst())) as sdk:
        complaint = _registered(sdk, CARD_FRAUD_EN, language="en")

    assert complaint.classification.subcategory == "bank_cards/funds_security"
    assert complaint.assignment is not None
    assert complaint.assignment.assignee == "gao"
    assert "language en" in complaint.assignment.reason
