"""Which template language a customer gets, from whatever tag the channel recorded.

Channels record languages loosely: ``"zh"``, ``"zh-CN"``, ``"zh_TW"``,
``"zh-Hant-HK"``, ``"en-GB"`` or nothing at all.  Notices need one of the
languages a template set offers, so a tag is tried as given, then as its
Chinese script (Traditional for Taiwan, Hong Kong and Macao, Simplified
otherwise), then as its primary language, and finally the default.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

__all__ = ["SIMPLIFIED_CHINESE", "TRADITIONAL_CHINESE", "language_candidates", "pick_language"]

SIMPLIFIED_CHINESE = "zh-Hans"
TRADITIONAL_CHINESE = "zh-Hant"

_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})


def _chinese_script(subtags: list[str]) -> str:
    rest = set(subtags[1:])
    if "hant" in rest or (rest & _TRADITIONAL_REGIONS and "hans" not in rest):
        return TRADITIONAL_CHINESE
    return SIMPLIFIED_CHINESE


def _candidates(tag: str | None, default: str) -> Iterator[str]:
    if tag and tag.strip():
        cleaned = tag.strip().replace("_", "-")
        subtags = cleaned.lower().split("-")
        yield cleaned
        if subtags[0] == "zh":
            yield _chinese_script(subtags)
        yield subtags[0]
    yield default


def language_candidates(tag: str | None, default: str) -> list[str]:
    """The languages to try for ``tag``, best first, without repeats (case-insensitive)."""
    seen: set[str] = set()
    ordered: list[str] = []
    for candidate in _candidates(tag, default):
        if candidate.lower() not in seen:
            seen.add(candidate.lower())
            ordered.append(candidate)
    return ordered


def pick_language(tag: str | None, default: str, offered: Collection[str]) -> str | None:
    """The first candidate for ``tag`` that ``offered`` contains (as spelt there), or ``None``."""
    by_lower = {language.lower(): language for language in offered}
    for candidate in language_candidates(tag, default):
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None
