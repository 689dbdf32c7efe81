"""Classification (S2) and priority (S4, S5): the votes and the decision.

Plugins *contribute* votes and signals; the core combines them into one
:class:`Classification` and one :class:`PriorityAssessment`.  Both keep every
contribution with its reasons, so "why is this complaint high priority?" is
always answerable from the stored record.
"""

from __future__ import annotations

import attrs

from .values import Category, Priority, str_tuple

__all__ = [
    "Classification",
    "ClassificationVote",
    "PriorityAssessment",
    "PrioritySignal",
]


def _unit_interval(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


@attrs.frozen
class ClassificationVote:
    """One classifier's opinion: a category, how sure it is, and why.

    ``reasons`` are short human-readable strings such as
    ``"rule fees: matched '手續費'"``; ``source`` names the plugin.
    """

    category: Category
    confidence: float = attrs.field(validator=_unit_interval)
    source: str
    subcategory: str | None = None
    reasons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)


@attrs.frozen
class Classification:
    """The combined classification stored on a complaint.

    ``needs_review`` is set when the winning confidence is below the
    configured threshold: a person confirms or corrects it.  A manual
    correction sets ``manual_by`` and ``reasons`` carries the person's reason.
    """

    category: Category
    confidence: float = attrs.field(validator=_unit_interval)
    subcategory: str | None = None
    reasons: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    votes: tuple[ClassificationVote, ...] = ()
    needs_review: bool = False
    manual_by: str | None = None


@attrs.frozen
class PrioritySignal:
    """One reason to raise (positive weight) or lower the urgency."""

    name: str
    weight: float
    reason: str
    source: str


@attrs.frozen
class PriorityAssessment:
    """The priority decision and everything that led to it.

    ``score`` is the sum of the signals' weights, ``threshold`` the score at
    which a complaint becomes high priority.  A manual override keeps the
    computed signals and records who overrode and why.
    """

    priority: Priority
    score: float = 0.0
    threshold: float = 1.0
    signals: tuple[PrioritySignal, ...] = ()
    overridden_by: str | None = None
    override_reason: str | None = None

    @property
    def green_channel(self) -> bool:
        """High-priority complaints take the green channel (S5)."""
        return self.priority is Priority.HIGH
