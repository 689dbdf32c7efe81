"""Turning every plugin's votes and signals into one decision, and correcting it by hand.

Classification (S2): confidences are added up per category and the highest
total wins, so two classifiers that agree outweigh one that disagrees.  The
combined confidence is ``min(1, winner) * winner / all``: a lone vote keeps
its own confidence, agreement raises it, disagreement lowers it.

*Tie-break*: among categories with equal totals the one whose single
strongest vote is more confident wins; if that ties too, the category
declared first in :class:`~greenchannel_sdk.domain.Category` wins.  A tie is
uncertainty by definition, so a tied result always ``needs_review``.

Priority (S4, S5): weights are added; at or above the threshold the
complaint is high priority and takes the green channel.

Manual corrections keep everything the machine said (votes, signals) and
record who changed the decision and why, so the audit trail answers both
"what did the system think?" and "who decided otherwise?".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..domain import (
    Category,
    Classification,
    ClassificationVote,
    Priority,
    PriorityAssessment,
    PrioritySignal,
)
from ..errors import ValidationError

__all__ = ["combine_signals", "combine_votes", "override_priority", "reclassify"]

_CATEGORY_ORDER = {category: index for index, category in enumerate(Category)}


def _category_rank(category: Category, totals: dict[Category, float],
                   votes: Sequence[ClassificationVote]) -> tuple[float, float, int]:
    strongest = max(vote.confidence for vote in votes if vote.category is category)
    return (-totals[category], -strongest, _CATEGORY_ORDER[category])


def combine_votes(votes: Iterable[ClassificationVote], review_below: float) -> Classification:
    """Combine classification votes into one :class:`Classification`.

    :param votes: every plugin's vote (abstentions already left out).
    :param review_below: confidence under which a person must confirm the
        result (``Settings.classification_review_below``).
    :returns: the winning category with every vote kept; no votes at all
        gives :attr:`Category.OTHER` with confidence 0, flagged for review.
    """
    votes = tuple(votes)
    if not votes:
        return Classification(category=Category.OTHER, confidence=0.0,
                              reasons=("no classifier voted",), needs_review=True)
    totals: dict[Category, float] = {}
    for vote in votes:
        totals[vote.category] = totals.get(vote.category, 0.0) + vote.confidence
    # Rounded so that float noise (0.1 + 0.2) neither makes nor breaks a tie.
    totals = {category: round(total, 9) for category, total in totals.items()}
    ranked = sorted(totals, key=lambda category: _category_rank(category, totals, votes))
    winner = ranked[0]
    tied = [category for category in ranked if totals[category] == totals[winner]]
    grand_total = sum(totals.values())
    confidence = min(1.0, totals[winner]) * totals[winner] / grand_total if grand_total else 0.0
    supporting = sorted((vote for vote in votes if vote.category is winner),
                        key=lambda vote: -vote.confidence)
    reasons = [f"{vote.source}: {reason}" for vote in supporting for reason in vote.reasons]
    if len(tied) > 1:
        names = ", ".join(category.value for category in tied)
        reasons.insert(0, f"tie between {names}: {winner.value} has the strongest single "
                          "vote or comes first")
    subcategory = next((vote.subcategory for vote in supporting if vote.subcategory), None)
    return Classification(
        category=winner,
        confidence=round(confidence, 6),
        subcategory=subcategory,
        reasons=reasons,
        votes=votes,
        needs_review=confidence < review_below or len(tied) > 1,
    )


def _require_who_and_why(by: str, reason: str) -> None:
    problems = {field: "must not be empty" for field, value in (("by", by), ("reason", reason))
                if not value.strip()}
    if problems:
        raise ValidationError("a manual decision needs who made it and why", problems)


def reclassify(classification: Classification, category: Category, subcategory: str | None,
               by: str, reason: str) -> Classification:
    """A person's correction of ``classification`` (S2: the basis stays explicit).

    The machine's votes are kept; the new reasons say what it was before,
    who changed it and why.  A person's decision needs no further review.

    :raises ValidationError: when ``by`` or ``reason`` is empty.
    """
    _require_who_and_why(by, reason)
    before = classification.category.value
    if classification.subcategory:
        before = f"{before} ({classification.subcategory})"
    return attrs.evolve(
        classification,
        category=category,
        subcategory=subcategory,
        confidence=1.0,
        reasons=(f"reclassified by {by} from {before}: {reason}",),
        needs_review=False,
        manual_by=by,
    )


def combine_signals(signals: Iterable[PrioritySignal], threshold: float) -> PriorityAssessment:
    """Add up signal weights; at or above ``threshold`` the complaint is high priority."""
    signals = tuple(signals)
    score = round(sum(signal.weight for signal in signals), 6)
    priority = Priority.HIGH if score >= threshold else Priority.NORMAL
    return PriorityAssessment(priority=priority, score=score, threshold=threshold,
                              signals=signals)


def override_priority(assessment: PriorityAssessment, priority: Priority, by: str,
                      reason: str) -> PriorityAssessment:
    """A person's override of the computed priority; the signals are kept.

    :raises ValidationError: when ``by`` or ``reason`` is empty.
    """
    _require_who_and_why(by, reason)
    return attrs.evolve(assessment, priority=priority, overridden_by=by, override_reason=reason)
