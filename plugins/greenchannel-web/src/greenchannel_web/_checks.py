"""Checks for single JSON values of the complaint form.

Each check takes a decoded JSON value and returns the cleaned value, or
raises :class:`Invalid` saying what a valid value looks like.  Reasons never
quote the value: it may be a name, a phone or an ID number (S20).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["Check", "Invalid", "amount", "boolean", "choice", "integer", "string",
           "string_list"]

Check = Callable[[Any], Any]

# C0 controls other than tab, newline and carriage return have no place in
# what a person typed into a form; they usually mean a broken client.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,2})?")


class Invalid(ValueError):
    """A value is unusable; the message says what would be usable."""


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def string(*, max_length: int, min_length: int = 1, pattern: str | None = None,
           hint: str = "", multiline: bool = False) -> Check:
    """A string of ``min_length`` to ``max_length`` characters once trimmed.

    Unpaired surrogates (which ``\\ud800`` escapes produce) and control
    characters are refused: neither can be stored or shown faithfully.
    """
    compiled = re.compile(pattern) if pattern else None

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(f"must be a string, not {json_type(value)}")
        cleaned = value.strip()
        if len(cleaned) < min_length:
            raise Invalid("must not be blank" if min_length == 1
                          else hint or f"must be at least {min_length} characters")
        if len(cleaned) > max_length:
            raise Invalid(f"must be at most {max_length} characters, got {len(cleaned)}")
        try:
            cleaned.encode("utf-8")
        except UnicodeEncodeError:
            raise Invalid("contains an unpaired surrogate (a broken \\u escape)") from None
        if _CONTROL.search(cleaned) or (not multiline and ("\n" in cleaned or "\r" in cleaned)):
            raise Invalid("contains control characters" if multiline
                          else "must be a single line without control characters")
        if compiled is not None and not compiled.fullmatch(cleaned):
            raise Invalid(hint or f"must match {pattern}")
        return cleaned

    return check


def string_list(*, max_items: int, item: Check) -> Check:
    """An array of strings, each passing ``item``."""

    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid(f"must be an array, not {json_type(value)}")
        if len(value) > max_items:
            raise Invalid(f"must have at most {max_items} entries, got {len(value)}")
        cleaned = []
        for index, entry in enumerate(value):
            try:
                cleaned.append(item(entry))
            except Invalid as exc:
                raise Invalid(f"entry {index} {exc}") from None
        return tuple(cleaned)

    return check


def choice(*allowed: str) -> Check:
    def check(value: Any) -> str:
        if value not in allowed:
            raise Invalid(f"must be one of {', '.join(allowed)}")
        return str(value)

    return check


def integer(*, maximum: int, minimum: int = 0) -> Check:
    def check(value: Any) -> int:
        if (isinstance(value, bool) or not isinstance(value, int)
                or not minimum <= value <= maximum):
            raise Invalid(f"must be a whole number from {minimum} to {maximum}")
        return value

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {json_type(value)}")
    return value


def amount(value: Any) -> Decimal:
    """A non-negative amount with at most two decimals, sent as a string like ``"1234.50"``.

    A string, because a JSON number passes through binary floating point in
    most clients and ``0.1 + 0.2`` is not what the customer lost.
    """
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value.strip()):
        raise Invalid('must be a string holding a non-negative amount with at most 2 '
                      'decimals, like "1234.50"')
    return Decimal(value.strip())
