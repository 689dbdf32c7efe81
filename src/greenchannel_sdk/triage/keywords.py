"""Keyword matching that works the same for English and both Chinese scripts.

A rule keyword is written by a person at a bank, not a programmer, so the
syntax stays small:

* ``盗刷`` or ``unauthorised``: the phrase appears.  Chinese is matched as a
  substring; an English word must stand on its own (``fee`` does not match
  ``feel``).  Spaces match any run of white space; ``-`` also matches a space
  or nothing (``mis-sold`` matches "mis sold" and "missold").
* ``refund*``: an English word that starts so (refund, refunds, refunded);
  any word of a phrase may end in ``*`` (``freez* up``).
* ``态度~差``, ``charged~twice``: every part appears, in this order, with at
  most :data:`MAX_GAP` characters between neighbours ("态度非常差",
  "charged me twice").

Both the text and the keyword are normalised first (:func:`normalise`):
full-width characters become ASCII, case is folded and Traditional Chinese
is folded to Simplified.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import attrs

from .chinese import to_simplified

__all__ = ["MAX_GAP", "Keyword", "KeywordSet", "normalise", "quoted"]

#: Characters allowed between the parts of a ``~`` keyword.
MAX_GAP = 12

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[a-z0-9]")


@functools.lru_cache(maxsize=64)
def normalise(text: str) -> str:
    """The form both complaint text and keywords are compared in.

    Cached: the classifier, the priority policy and duplicate detection each
    normalise the same complaint text in turn.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return to_simplified(folded)


def quoted(words: Iterable[str]) -> str:
    """Matched keywords as reasons show them: ``'盗刷', 'stolen'``."""
    return ", ".join(f"'{word}'" for word in words)


def _word_pattern(word: str) -> str:
    stem = word[:-1] if word.endswith("*") else word
    if not stem or "*" in stem:
        raise ValueError("'*' may only end a word that has letters before it")
    pattern = re.escape(stem).replace(r"\-", r"[-\s]?")
    return pattern + "[a-z0-9]*" if word.endswith("*") else pattern


def _part_pattern(part: str, written: str) -> str:
    words = normalise(part).split()
    if not words:
        raise ValueError(f"keyword {written!r}: every part needs some text")
    try:
        pattern = r"\s+".join(_word_pattern(word) for word in words)
    except ValueError as exc:
        raise ValueError(f"keyword {written!r}: {exc}") from None
    if _WORD.match(words[0]):
        pattern = r"(?<![a-z0-9])" + pattern
    if _WORD.match(words[-1][-1]) or words[-1].endswith("*"):
        pattern += r"(?![a-z0-9])"
    return pattern


@attrs.frozen
class Keyword:
    """One keyword as the bank wrote it, and the pattern it compiles to."""

    written: str
    pattern: re.Pattern[str] = attrs.field(repr=False, eq=False)
    #: Literal pieces every match contains; most texts lack one of them, and a
    #: substring test rules the keyword out far faster than the pattern can.
    required: tuple[str, ...] = attrs.field(repr=False, eq=False, default=())

    @classmethod
    def compile(cls, written: str) -> Keyword:
        """Compile ``written``; :class:`ValueError` says what is wrong with it."""
        gap = rf".{{0,{MAX_GAP}}}?"
        parts = [_part_pattern(part, written) for part in written.split("~")]
        return cls(written, re.compile(gap.join(parts), re.DOTALL), _literals(written))

    def found_in(self, normalised_text: str) -> bool:
        """Whether the keyword occurs in text already passed through :func:`normalise`."""
        return (all(piece in normalised_text for piece in self.required)
                and self.pattern.search(normalised_text) is not None)


def _literals(written: str) -> tuple[str, ...]:
    """The hyphen-free pieces of every word: the pattern matches each one verbatim."""
    return tuple(piece for word in normalise(written).replace("~", " ").split()
                 for piece in word.rstrip("*").split("-") if piece)


@attrs.frozen
class KeywordSet:
    """The keywords of one rule; reports which of them a text contains.

    Trying every keyword's pattern on every complaint costs a regular
    expression search per keyword, and the default rules have over a
    thousand.  Each keyword is therefore filed under the first one or two
    characters of its longest literal piece (its *anchor*); a text can only
    contain the keywords whose anchor is among its own one- and
    two-character substrings, and only those patterns are tried.
    """

    keywords: tuple[Keyword, ...]
    _by_anchor: dict[str, tuple[Keyword, ...]] = attrs.field(init=False, repr=False, eq=False)
    _anchors: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_anchor: dict[str, list[Keyword]] = {}
        for keyword in self.keywords:
            by_anchor.setdefault(_anchor(keyword), []).append(keyword)
        object.__setattr__(self, "_by_anchor", {a: tuple(k) for a, k in by_anchor.items()})
        object.__setattr__(self, "_anchors", frozenset(by_anchor))

    @classmethod
    def of(cls, written: tuple[str, ...] | list[str]) -> KeywordSet:
        """Compile every keyword; the first bad one raises :class:`ValueError`."""
        return cls(tuple(Keyword.compile(word) for word in written))

    def matches(self, normalised_text: str) -> tuple[str, ...]:
        """The keywords (as written) found in the normalised text, in rule order."""
        anchors = self._anchors & _substrings(normalised_text)
        if not anchors:
            return ()
        found = {keyword.written for anchor in anchors for keyword in self._by_anchor[anchor]
                 if keyword.found_in(normalised_text)}
        return tuple(kw.written for kw in self.keywords if kw.written in found)


def _anchor(keyword: Keyword) -> str:
    """Where a keyword is filed: the start of its longest literal piece.

    A keyword with no literal piece at all (only hyphens) is filed under the
    empty string, which every text contains.
    """
    return max(keyword.required, key=len, default="")[:2]


@functools.lru_cache(maxsize=16)
def _substrings(normalised_text: str) -> frozenset[str]:
    """Every one- and two-character substring: the anchors a text can contain.

    Cached because one complaint is checked against many keyword sets in a row.
    """
    return frozenset(normalised_text) | {""} | frozenset(
        normalised_text[i:i + 2] for i in range(len(normalised_text) - 1))
