"""How much each kind of matched skill counts towards a candidate's score."""

from __future__ import annotations

import attrs
from greenchannel_sdk import ConfigurationError

from ._needs import Need

__all__ = ["MAX_WEIGHT", "Weights"]


#: Weights are relative, so a bound this high costs nothing and keeps every
#: sum of points small and exact.
MAX_WEIGHT = 1_000_000


def _weight(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    # A negative weight would make a matching skill count *against* a person,
    # and NaN would make every comparison false and the choice arbitrary;
    # both are configuration mistakes, so they stop start-up with the name.
    # NaN fails every comparison, so the range check refuses it as well.
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not 0 <= value <= MAX_WEIGHT:
        raise ConfigurationError(
            f"skill_match weight {attribute.name!r} must be a number from 0 to {MAX_WEIGHT}, "
            f"got {value!r}")


@attrs.frozen
class Weights:
    """Points a candidate earns for each need of the complaint their skills meet.

    ``category`` counts when the person lists the complaint's category
    (``"transaction_dispute"``); ``subcategory`` counts once for each part of
    the subcategory they list (``"bank_cards"`` and ``"funds_security"`` of
    ``"bank_cards/funds_security"``); ``language`` counts when they handle
    the complaint's language.  The defaults make a specialist area (a
    business line or a cause) worth twice a broad category, so the
    card-fraud specialist beats a generalist for the same category.  Set a
    weight to 0 to ignore that kind of need.  Weights count to six decimal
    places (up to :data:`MAX_WEIGHT`), so sums are exact and ties are real.
    """

    category: float = attrs.field(default=1.0, validator=_weight)
    subcategory: float = attrs.field(default=2.0, validator=_weight)
    language: float = attrs.field(default=1.0, validator=_weight)

    def of(self, need: Need) -> float:
        """The points ``need`` is worth."""
        points: float = getattr(self, need.kind)
        return points
