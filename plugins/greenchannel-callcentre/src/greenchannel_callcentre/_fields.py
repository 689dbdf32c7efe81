"""Checks for the individual fields of a call record.

Each check takes the JSON value and returns the cleaned value or raises
:class:`Invalid` saying what a valid value looks like.  Reasons never repeat
the value itself: it may be a caller's number or name (S20).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from greenchannel_sdk.domain import Category

__all__ = [
    "Check",
    "Invalid",
    "amount",
    "category",
    "iso_datetime",
    "non_negative_int",
    "phone_number",
    "text",
    "text_list",
]

Check = Callable[[Any], Any]

_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})"
)
_PHONE = re.compile(r"\+?[0-9]{3,20}")
_PHONE_SEPARATORS = re.compile(r"[\s()-]")
_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,2})?")


class Invalid(ValueError):
    """A field's value is unusable; the message says what would be usable."""


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {_json_type(value)}")
    return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, Decimal)):  # JSON numbers are read as int or Decimal
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def text(*, max_length: int, pattern: str | None = None, hint: str = "",
         upper: bool = False) -> Check:
    """A non-blank string of at most ``max_length`` characters, optionally matching ``pattern``."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: Any) -> str:
        cleaned = _string(value).strip()
        if not cleaned:
            raise Invalid("must not be blank")
        if len(cleaned) > max_length:
            raise Invalid(f"must be at most {max_length} characters, got {len(cleaned)}")
        if compiled and not compiled.fullmatch(cleaned):
            raise Invalid(hint or f"must match {pattern}")
        return cleaned.upper() if upper else cleaned

    return check


def text_list(*, max_items: int, max_length: int) -> Check:
    """An array of non-blank strings (an IVR path: the menu choices in order)."""
    item = text(max_length=max_length)

    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid(f"must be an array of strings, not {_json_type(value)}")
        if len(value) > max_items:
            raise Invalid(f"must have at most {max_items} entries, got {len(value)}")
        cleaned: list[str] = []
        for index, entry in enumerate(value):
            try:
                cleaned.append(item(entry))
            except Invalid as exc:
                raise Invalid(f"entry {index} {exc}") from None
        return tuple(cleaned)

    return check


def phone_number(value: Any) -> str:
    """Digits with an optional leading ``+``; spaces, hyphens and brackets are dropped."""
    cleaned = _PHONE_SEPARATORS.sub("", _string(value))
    if not _PHONE.fullmatch(cleaned):
        raise Invalid("must be a phone number: 3 to 20 digits, optionally starting with +")
    return cleaned


def iso_datetime(value: Any) -> datetime:
    """ISO 8601 date and time *with* an offset (``Z`` or ``+08:00``), returned in UTC."""
    raw = _string(value).strip()
    if not _ISO_DATETIME.fullmatch(raw):
        raise Invalid(
            "must be an ISO 8601 date-time with an offset, like 2026-11-30T09:15:00+08:00"
        )
    try:
        parsed = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith("Z") else raw)
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise Invalid("is not a real date and time") from None


def amount(value: Any) -> Decimal:
    """A non-negative amount with at most two decimals, as a string (preferred) or a number."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise Invalid(f"must be a decimal string like \"1234.50\", not {_json_type(value)}")
    raw = str(value).strip()
    if not _AMOUNT.fullmatch(raw):
        raise Invalid("must be a non-negative amount with at most 2 decimals, like \"1234.50\"")
    return Decimal(raw)


def non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid("must be a whole number of at least 0")
    return value


def category(value: Any) -> str:
    """One of the SDK's first categories (S2), by wire name."""
    names = sorted(member.value for member in Category)
    cleaned = _string(value).strip()
    if cleaned not in names:
        raise Invalid(f"must be one of {', '.join(names)}")
    return cleaned
