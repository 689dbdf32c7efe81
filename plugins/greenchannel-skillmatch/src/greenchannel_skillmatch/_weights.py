"""How much each kind of matched skill counts towards a candidate's score."""

from __future__ import annotations

import math

import attrs
from greenchannel_sdk import ConfigurationError

__all__ = ["Weights"]


def _finite_non_negative(_instance: object, attribute: attrs.Attribute[float],
                         value: float) -> None:
    # A negative weight would make a matching skill count *against* a person,
    # and NaN would make every comparison false and the choice arbitrary;
    # both are configuration mistakes, so they stop start-up with the name.
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value < 0:
        raise ConfigurationError(
            f"skill_match weight {attribute.name!r} must be a finite number >= 0, "
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
    weight to 0 to ignore that kind of need.
    """

    category: float = attrs.field(default=1.0, validator=_finite_non_negative)
    subcategory: float = attrs.field(default=2.0, validator=_finite_non_negative)
    language: float = attrs.field(default=1.0, validator=_finite_non_negative)
