"""Repeat contacts: the same customer about the same matter is one case, not two.

A complaint arriving on any channel from a customer who already has an
open complaint in the same category, with text that overlaps enough, is
added to that complaint as a further contact instead of opening a new
case.  A person can still split it off (un-merge) later; nothing is lost
either way.  Text overlap is the Jaccard similarity of character bigrams
after folding case and Traditional to Simplified Chinese, which works for
Chinese (no word boundaries) and English alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import Category, Complaint
from ..domain.values import OPEN_STATUSES
from ..triage.keywords import normalise

__all__ = ["find_open_duplicate", "similarity"]


def _bigrams(text: str) -> set[str]:
    folded = "".join(normalise(text).split())
    return {folded[i:i + 2] for i in range(len(folded) - 1)}


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of the two texts' character bigrams, 0.0 to 1.0."""
    a, b = _bigrams(first), _bigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_open_duplicate(text: str, category: Category, history: Iterable[Complaint],
                        threshold: float) -> Complaint | None:
    """The customer's open complaint this text most likely repeats, if any."""
    best: tuple[float, Complaint] | None = None
    for earlier in history:
        if earlier.status not in OPEN_STATUSES or earlier.classification.category is not category:
            continue
        score = similarity(text, earlier.text)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, earlier)
    return None if best is None else best[1]
