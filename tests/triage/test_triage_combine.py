"""Combining votes and signals, and manual corrections (S2, S4, S5, S21)."""

from __future__ import annotations

import pytest

from greenchannel_sdk.domain import (
    Category,
    ClassificationVote,
    Priority,
    PrioritySignal,
)
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.triage.combine import (
    combine_signals,
    combine_votes,
    override_priority,
    reclassify,
)


def vote(category: Category, confidence: float, source: str = "a",
         subcategory: str | None = None) -> ClassificationVote:
    return ClassificationVote(category=category, confidence=confidence, source=source,
                              subcategory=subcategory, reasons=(f"{source} thinks so",))


def signal(weight: float, name: str = "s") -> PrioritySignal:
    return PrioritySignal(name=name, weight=weight, reason=f"{name} reason", source="test")


def test_confidences_are_added_per_category_and_the_highest_total_wins() -> None:
    votes = [vote(Category.STAFF_SERVICE, 0.6, "x"), vote(Category.STAFF_SERVICE, 0.3, "y"),
             vote(Category.TRANSACTION_DISPUTE, 0.8, "z")]
    result = combine_votes(votes, review_below=0.4)
    assert result.category is Category.STAFF_SERVICE
    assert result.votes == tuple(votes)
    # min(1, 0.9) * 0.9 / 1.7: the disagreeing vote lowers the confidence
    assert result.confidence == pytest.approx(0.9 * 0.9 / 1.7)
    assert result.needs_review is False
    assert combine_votes(votes, review_below=0.5).needs_review is True
    assert result.reasons == ("x: x thinks so", "y: y thinks so")


def test_a_lone_vote_keeps_its_confidence_and_subcategory() -> None:
    result = combine_votes([vote(Category.OTHER, 0.7, subcategory="other/facilities")], 0.5)
    assert result.confidence == pytest.approx(0.7)
    assert result.subcategory == "other/facilities"


def test_subcategory_comes_from_the_strongest_supporting_vote() -> None:
    votes = [vote(Category.PRODUCT_SERVICE, 0.3, "a", "loans/fees"),
             vote(Category.PRODUCT_SERVICE, 0.6, "b", "bank_cards/fees")]
    assert combine_votes(votes, 0.5).subcategory == "bank_cards/fees"


@pytest.mark.parametrize(("confidence", "needs_review"), [(0.49, True), (0.5, False)])
def test_review_is_needed_below_the_threshold_only(confidence: float,
                                                   needs_review: bool) -> None:
    assert combine_votes([vote(Category.OTHER, confidence)], 0.5).needs_review is needs_review


def test_no_votes_means_other_for_a_person_to_review() -> None:
    result = combine_votes([], review_below=0.5)
    assert result.category is Category.OTHER
    assert result.confidence == 0.0
    assert result.needs_review is True
    assert result.votes == ()


def test_tie_goes_to_the_category_with_the_strongest_single_vote() -> None:
    votes = [vote(Category.OTHER, 0.9, "a"),
             vote(Category.STAFF_SERVICE, 0.45, "b"), vote(Category.STAFF_SERVICE, 0.45, "c")]
    result = combine_votes(votes, review_below=0.1)
    assert result.category is Category.OTHER
    assert result.needs_review is True
    assert result.reasons[0].startswith("tie between other, staff_service")


def test_full_tie_goes_to_the_category_declared_first() -> None:
    votes = [vote(Category.OTHER, 0.6, "a"), vote(Category.BUSINESS_OPERATION, 0.6, "b")]
    for ordered in (votes, votes[::-1]):
        result = combine_votes(ordered, review_below=0.1)
        assert result.category is Category.BUSINESS_OPERATION
        assert result.needs_review is True


def test_float_noise_does_not_break_a_tie() -> None:
    votes = [vote(Category.OTHER, 0.1), vote(Category.OTHER, 0.2),
             vote(Category.PRODUCT_SERVICE, 0.3)]
    result = combine_votes(votes, review_below=0.1)
    assert result.category is Category.PRODUCT_SERVICE
    assert result.needs_review is True


def test_reclassify_records_who_why_and_what_it_was() -> None:
    machine = combine_votes([vote(Category.OTHER, 0.3, subcategory="other/other")], 0.5)
    manual = reclassify(machine, Category.TRANSACTION_DISPUTE, "bank_cards/funds_security",
                        by="staff-17", reason="customer confirmed the card was cloned")
    assert manual.category is Category.TRANSACTION_DISPUTE
    assert manual.subcategory == "bank_cards/funds_security"
    assert manual.manual_by == "staff-17"
    assert manual.needs_review is False
    assert manual.confidence == 1.0
    assert manual.reasons == ("reclassified by staff-17 from other (other/other): "
                              "customer confirmed the card was cloned",)
    assert manual.votes == machine.votes


@pytest.mark.parametrize(("by", "reason", "field"), [("", "why", "by"), ("staff-1", " ", "reason")])
def test_manual_decisions_need_who_and_why(by: str, reason: str, field: str) -> None:
    machine = combine_votes([], 0.5)
    with pytest.raises(ValidationError) as caught:
        reclassify(machine, Category.OTHER, None, by=by, reason=reason)
    assert caught.value.problems == {field: "must not be empty"}
    with pytest.raises(ValidationError):
        override_priority(combine_signals([], 1.0), Priority.HIGH, by=by, reason=reason)


@pytest.mark.parametrize(("weights", "priority"),
                         [((), Priority.NORMAL), ((0.5,), Priority.NORMAL),
                          ((0.5, 0.5), Priority.HIGH), ((1.0,), Priority.HIGH),
                          ((1.5, -0.6), Priority.NORMAL)])
def test_signals_are_summed_against_the_threshold(weights: tuple[float, ...],
                                                  priority: Priority) -> None:
    signals = [signal(weight, f"s{index}") for index, weight in enumerate(weights)]
    assessment = combine_signals(signals, threshold=1.0)
    assert assessment.priority is priority
    assert assessment.score == pytest.approx(sum(weights))
    assert assessment.threshold == 1.0
    assert assessment.signals == tuple(signals)


def test_override_keeps_the_signals_and_records_who_and_why() -> None:
    computed = combine_signals([signal(0.4)], threshold=1.0)
    overridden = override_priority(computed, Priority.HIGH, by="lead-3",
                                   reason="customer is in hospital")
    assert overridden.priority is Priority.HIGH
    assert overridden.green_channel
    assert overridden.signals == computed.signals
    assert overridden.score == computed.score
    assert (overridden.overridden_by, overridden.override_reason) == (
        "lead-3", "customer is in hospital")
