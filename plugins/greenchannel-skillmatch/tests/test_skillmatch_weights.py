"""The weights a bank configures decide whose skills count most (S7).

Bad weights stop start-up with the name of the weight, never silently
produce an arbitrary choice.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from greenchannel_sdk import Complaint, ConfigurationError, StaffMember

from greenchannel_skillmatch import SkillMatch, Weights

ComplaintBuilder = Callable[..., Complaint]  # the ``complaint`` fixture of conftest.py
StaffBuilder = Callable[..., StaffMember]  # the ``staff`` fixture


def test_by_default_one_specialism_outweighs_the_broad_category(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    generalist = staff("a-generalist", skills={"transaction_dispute"})
    specialist = staff("b-specialist", skills={"funds_security"})

    decision = SkillMatch().choose(complaint(), [generalist, specialist], {"b-specialist": 2})

    assert decision is not None
    assert decision.assignee == "b-specialist"
    assert "score 3 of 6" in decision.reason


def test_a_bank_can_put_the_customers_language_first(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    generalist = staff("a-generalist", skills={"transaction_dispute"}, languages={"en"})
    specialist = staff("b-specialist", skills={"funds_security"}, languages={"zh"})
    language_first = SkillMatch(Weights(language=10))

    decision = language_first.choose(complaint(language="en"), [generalist, specialist], {})

    assert decision is not None
    assert decision.assignee == "a-generalist"
    assert "score 11 of 15" in decision.reason


def test_a_zero_weight_takes_that_need_out_of_the_score_and_the_reason(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    speaks_it = staff("a-zh", languages={"zh"})
    knows_cards = staff("b-cards", skills={"bank_cards"}, languages={"en"})
    no_language = SkillMatch(Weights(language=0, subcategory=0.5))

    decision = no_language.choose(complaint(), [speaks_it, knows_cards], {"b-cards": 5})

    assert decision is not None
    assert decision.assignee == "b-cards"
    assert decision.reason.startswith(
        "skill match: matched subcategory bank_cards, score 0.5 of 2;")
    assert "language" not in decision.reason


def test_equal_sums_of_fractional_weights_are_a_tie_that_load_decides(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    """0.1 + 0.2 is not 0.3 in floating point; the choice must not hinge on that."""
    weights = Weights(category=0.1, language=0.2, subcategory=0.3)
    category_and_language = staff("a", skills={"transaction_dispute"}, languages={"zh"})
    one_specialism = staff("b", skills={"bank_cards"}, languages={"en"})

    decision = SkillMatch(weights).choose(
        complaint(), [category_and_language, one_specialism], {"a": 3, "b": 1})

    assert decision is not None
    assert decision.assignee == "b"
    assert "fewest open complaints of 2 with this score" in decision.reason


@pytest.mark.parametrize("bad", [-1, -0.5, 1_000_001, float("nan"), float("inf"), "2", True, None])
@pytest.mark.parametrize("field", ["category", "subcategory", "language"])
def test_a_bad_weight_is_refused_by_name(field: str, bad: object) -> None:
    with pytest.raises(ConfigurationError,
                       match=f"weight '{field}' must be a number from 0 to 1000000"):
        Weights(**{field: bad})  # type: ignore[arg-type]


def test_with_every_weight_at_zero_it_is_least_loaded_and_says_so(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    specialist = staff("a", skills={"bank_cards", "funds_security"})
    idle = staff("b")

    decision = SkillMatch(Weights(category=0, subcategory=0, language=0)).choose(
        complaint(), [specialist, idle], {"a": 1})

    assert decision is not None
    assert decision.assignee == "b"
    assert decision.reason == ("skill match: no skill matched (wanted nothing), score 0 of 0; "
                               "0 open of capacity 20; fewest open complaints of 2 with this score")


def test_the_bounds_themselves_are_allowed() -> None:
    assert Weights(category=0, subcategory=1_000_000, language=0.000001).subcategory == 1_000_000


def test_a_second_instance_can_be_offered_under_its_own_name() -> None:
    language_first = SkillMatch(Weights(language=10), name="skill_match_language_first")
    assert language_first.name == "skill_match_language_first"
    assert language_first.weights.language == 10
