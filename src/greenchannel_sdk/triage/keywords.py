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


def normalise(text: str) -> str:
    """The form both complaint text and keywords are compared in."""
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

    @classmethod
    def compile(cls, written: str) -> Keyword:
        """Compile ``written``; :class:`ValueError` says what is wrong with it."""
        gap = rf".{{0,{MAX_GAP}}}?"
        parts = [_part_pattern(part, written) for part in written.split("~")]
        return cls(written, re.compile(gap.join(parts), re.DOTALL))

    def found_in(self, normalised_text: str) -> bool:
        """Whether the keyword occurs in text already passed through :func:`normalise`."""
        return self.pattern.search(normalised_text) is not None


@attrs.frozen
class KeywordSet:
    """The keywords of one rule; reports which of them a text contains."""

    keywords: tuple[Keyword, ...]

    @classmethod
    def of(cls, written: tuple[str, ...] | list[str]) -> KeywordSet:
        """Compile every keyword; the first bad one raises :class:`ValueError`."""
        return cls(tuple(Keyword.compile(word) for word in written))

    def matches(self, normalised_text: str) -> tuple[str, ...]:
        """The keywords (as written) found in the normalised text, in rule order."""
        return tuple(kw.written for kw in self.keywords if kw.found_in(normalised_text))
