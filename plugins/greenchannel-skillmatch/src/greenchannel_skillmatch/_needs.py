"""What a complaint asks of its handler, in the words of the staff directory.

The classification says what the complaint is about (a category such as
``transaction_dispute`` and a subcategory such as
``bank_cards/funds_security``) and the draft says which language the
customer wrote in.  Each of those is a *need*; a member of staff meets a
need when it appears among their ``skills`` (or, for the language, their
``languages``).  Directories are typed by people, so names are compared
without regard to case, and languages by their primary subtag: someone who
lists ``zh`` handles complaints written in ``zh-Hant`` and ``zh-Hans``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import attrs
from greenchannel_sdk import Complaint, StaffMember

__all__ = ["Need", "needs_of"]

NeedKind = Literal["category", "subcategory", "language"]


@attrs.frozen
class Need:
    """One need: its kind (which weight applies) and its value in comparable form."""

    kind: NeedKind
    value: str

    def met_by(self, member: StaffMember) -> bool:
        if self.kind == "language":
            return self.value in _primary_languages(member.languages)
        return self.value in _folded(member.skills)

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


# A directory holds a few hundred distinct skill sets at most, and the same
# frozenset objects come back on every call, so their folded forms are kept
# rather than rebuilt for each of the candidates of each complaint.
@lru_cache(maxsize=4096)
def _folded(skills: frozenset[str]) -> frozenset[str]:
    return frozenset(skill.strip().casefold() for skill in skills)


@lru_cache(maxsize=4096)
def _primary_languages(languages: frozenset[str]) -> frozenset[str]:
    return frozenset(primary_language(tag) for tag in languages if tag.strip())
