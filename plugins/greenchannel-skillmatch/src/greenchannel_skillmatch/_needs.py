"""What a complaint asks of its handler, in the words of the staff directory.

The classification says what the complaint is about (a category such as
``transaction_dispute`` and a subcategory such as
``bank_cards/funds_security``) and the draft says which language the
customer wrote in.  Each of those is a *need*; a member of staff meets a
need when it appears among their ``skills`` (or, for the language, their
``languages``).  Directories are typed by people, so names are compared
without regard to case or surrounding spaces, and languages by their
primary subtag: someone who lists ``zh`` handles ``zh-Hant`` and ``zh-Hans``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import attrs
from greenchannel_sdk import Complaint, StaffMember

__all__ = ["Need", "NeedKind", "WeightedNeeds", "as_score", "needs_of", "primary_language"]

NeedKind = Literal["category", "subcategory", "language"]

# Points are kept as whole millionths of a weight: integer sums are exact, so
# two candidates whose weights add up to the same score (0.1 + 0.2 and 0.3)
# really tie and load decides, not floating-point noise.
_SCALE = 1_000_000


@attrs.frozen
class Need:
    """One need: its kind (which weight applies) and its value in comparable form."""

    kind: NeedKind
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


def needs_of(complaint: Complaint) -> tuple[Need, ...]:
    """The complaint's needs, most general first, each once."""
    classification = complaint.classification
    needs = [Need("category", classification.category.value.casefold())]
    needs.extend(Need("subcategory", part.strip().casefold())
                 for part in (classification.subcategory or "").split("/") if part.strip())
    if complaint.language and complaint.language.strip():
        needs.append(Need("language", primary_language(complaint.language)))
    return tuple(dict.fromkeys(needs))


def primary_language(tag: str) -> str:
    """``"zh-Hant"``, ``"zh_TW"`` and ``"ZH"`` all become ``"zh"``."""
    return tag.strip().replace("_", "-").split("-", 1)[0].casefold()


class WeightedNeeds:
    """A complaint's needs with the points each is worth, ready to score many candidates.

    Built once per decision; :meth:`points` runs once per candidate, so it
    walks the candidate's few skills against a table rather than need by
    need.  Needs worth nothing are dropped: they neither count nor appear in
    a reason.
    """

    def __init__(self, weighted: Iterable[tuple[Need, float]]) -> None:
        self._points = {need: round(weight * _SCALE) for need, weight in weighted}
        self.needs = tuple(need for need, points in self._points.items() if points > 0)
        self._skill_points: dict[str, int] = {}
        self._language_points: dict[str, int] = {}
        for need in self.needs:
            table = self._language_points if need.kind == "language" else self._skill_points
            table[need.value] = table.get(need.value, 0) + self._points[need]
        self.possible = sum(self._points[need] for need in self.needs)

    def points(self, member: StaffMember) -> int:
        """What ``member``'s skills and languages earn, in millionths (see :func:`as_score`)."""
        total = 0
        for skill in _folded(member.skills):
            if skill in self._skill_points:
                total += self._skill_points[skill]
        for language in _primary_languages(member.languages):
            if language in self._language_points:
                total += self._language_points[language]
        return total

    def met(self, member: StaffMember) -> tuple[Need, ...]:
        """The needs ``member`` meets, in the order of :func:`needs_of` (for the reason)."""
        skills, languages = _folded(member.skills), _primary_languages(member.languages)
        return tuple(need for need in self.needs
                     if need.value in (languages if need.kind == "language" else skills))


def as_score(points: int) -> str:
    """Points as the weights were written: ``5000000`` is ``"5"``, ``500000`` is ``"0.5"``."""
    return f"{points / _SCALE:g}"


# A directory holds a few hundred distinct skill sets at most, and the same
# frozenset objects come back on every call, so their folded forms are kept
# rather than rebuilt for each of the candidates of each complaint.
@lru_cache(maxsize=4096)
def _folded(skills: frozenset[str]) -> frozenset[str]:
    return frozenset(skill.strip().casefold() for skill in skills)


@lru_cache(maxsize=4096)
def _primary_languages(languages: frozenset[str]) -> frozenset[str]:
    return frozenset(primary_language(tag) for tag in languages if tag.strip())
