"""Complaint numbers (S3): unique, readable over the phone, self-checking.

A number looks like ``GC-20261130-W-SH01-000123-K``: a prefix, the day of
registration, the channel's code, the branch code, a sequence and one check
character.  The check character follows ISO 7064 MOD 37-2 (a "pure" system
over the 36 letters and digits, check character ``0-9``, ``A-Z`` or ``*``):
because 37 is prime and each position has a different power of 2 as its
weight, *every* single wrong character and *every* swap of two neighbouring
characters changes the checksum, so :func:`parse_number` rejects a number
that was misheard or mistyped instead of opening somebody else's complaint.

The sequence itself comes from storage (it must be concurrency-safe); this
module only formats, parses and explains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

import attrs

from ..errors import ValidationError

__all__ = [
    "DEFAULT_CHANNEL_CODES",
    "ComplaintNumber",
    "NumberFormat",
    "check_character",
    "format_number",
    "parse_number",
]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
_MODULUS = 37
_RADIX = 2
_CODE = re.compile(r"^[0-9A-Z]+$")

#: One-letter codes of the channels the SDK ships (S1); others default to
#: their first letter, upper-cased, unless the format maps them.
DEFAULT_CHANNEL_CODES: Mapping[str, str] = {
    "web": "W",
    "wechat": "X",
    "hotline": "H",
    "branch_box": "B",
    "email": "E",
}


def check_character(body: str) -> str:
    """The ISO 7064 MOD 37-2 check character of ``body`` (letters and digits only)."""
    total = 0
    for ch in body:
        value = _ALPHABET.find(ch)
        if value < 0 or ch == "*":
            raise ValueError(f"character {ch!r} cannot appear in a complaint number body")
        total = ((total + value) * _RADIX) % _MODULUS
    return _ALPHABET[(_MODULUS + 1 - total) % _MODULUS]


def _validate_code(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _CODE.match(value):
        raise ValueError(f"{attribute.name} must be upper-case letters and digits, got {value!r}")


@attrs.frozen
class NumberFormat:
    """How complaint numbers are built.  Banks configure this in settings.

    ``sequence_scope`` says when the sequence starts again at 1: ``"day"``
    (numbers stay short; the date keeps them unique), ``"year"`` or
    ``"never"``.  ``default_branch`` is used when a channel knows no branch
    (head office).
    """

    prefix: str = attrs.field(default="GC", validator=_validate_code)
    separator: str = attrs.field(default="-")
    date_format: str = "%Y%m%d"
    sequence_width: int = attrs.field(default=6, validator=attrs.validators.ge(1))
    sequence_scope: str = attrs.field(
        default="day", validator=attrs.validators.in_(("day", "year", "never"))
    )
    default_branch: str = attrs.field(default="HQ", validator=_validate_code)
    channel_codes: Mapping[str, str] = attrs.field(factory=lambda: dict(DEFAULT_CHANNEL_CODES))

    @separator.validator
    def _check_separator(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if len(value) != 1 or value.isalnum() or value.isspace():
            raise ValueError(f"separator must be one punctuation character, got {value!r}")

    def channel_code(self, channel: str) -> str:
        """The code that stands for ``channel`` in a number."""
        code = self.channel_codes.get(channel) or channel[:1].upper()
        if not _CODE.match(code):
            raise ValidationError(f"channel {channel!r} has no usable number code",
                                  {"channel": "map it in NumberFormat.channel_codes"})
        return code

    def scope_key(self, on: date) -> str:
        """The name of the sequence counter that a number registered ``on`` draws from."""
        if self.sequence_scope == "day":
            return f"{self.prefix}:{on.isoformat()}"
        if self.sequence_scope == "year":
            return f"{self.prefix}:{on.year}"
        return self.prefix


@attrs.frozen
class ComplaintNumber:
    """A parsed, validated complaint number."""

    text: str
    prefix: str
    registered_on: date
    channel_code: str
    branch_code: str
    sequence: int
    check: str

    def __str__(self) -> str:
        return self.text


def format_number(
    fmt: NumberFormat,
    *,
    on: date,
    channel: str,
    branch_code: str | None,
    sequence: int,
) -> str:
    """Build the number of the ``sequence``-th complaint of its scope."""
    if sequence < 1 or sequence >= 10**fmt.sequence_width:
        raise ValidationError(
            "sequence does not fit the number format",
            {"sequence": f"{sequence} needs 1..{10**fmt.sequence_width - 1}; "
                         "widen NumberFormat.sequence_width"},
        )
    branch = (branch_code or fmt.default_branch).upper()
    if not _CODE.match(branch):
        raise ValidationError("branch code is not usable in a complaint number",
                              {"branch_code": "letters and digits only"})
    parts = [fmt.prefix, on.strftime(fmt.date_format), fmt.channel_code(channel), branch,
             str(sequence).zfill(fmt.sequence_width)]
    body = "".join(parts)
    return fmt.separator.join([*parts, check_character(body)])


def parse_number(text: str, fmt: NumberFormat | None = None) -> ComplaintNumber:
    """Validate ``text`` as a complaint number and take it apart.

    Forgiving about what people do when they type a number read out over the
    phone (lower case, spaces instead of the separator, surrounding blanks),
    strict about content: a wrong check character raises
    :class:`~greenchannel_sdk.errors.ValidationError` explaining that a
    character was misheard or two neighbours were swapped.
    """
    fmt = fmt or NumberFormat()
    cleaned = re.sub(r"\s+", fmt.separator, text.strip().upper())
    parts = cleaned.split(fmt.separator)
    if len(parts) != 6:
        raise ValidationError(
            f"{text!r} is not a complaint number",
            {"number": f"expected 6 parts separated by {fmt.separator!r} "
                       f"(like {_example(fmt)}), found {len(parts)}"},
        )
    prefix, day, channel_code, branch, sequence, check = parts
    problems: dict[str, str] = {}
    if prefix != fmt.prefix:
        problems["prefix"] = f"expected {fmt.prefix!r}, found {prefix!r}"
    try:
        registered_on = datetime.strptime(day, fmt.date_format).date()
    except ValueError:
        registered_on = date.min
    # strptime is lenient ("2026011" parses); only the exact canonical form is a number.
    if registered_on == date.min or registered_on.strftime(fmt.date_format) != day:
        problems["date"] = f"{day!r} is not a date in the format {fmt.date_format!r}"
    for name, value in (("channel", channel_code), ("branch", branch)):
        if not _CODE.match(value):
            problems[name] = f"{value!r} must be letters and digits"
    if not (sequence.isdigit() and len(sequence) == fmt.sequence_width):
        problems["sequence"] = f"{sequence!r} must be {fmt.sequence_width} digits"
    if len(check) != 1 or check not in _ALPHABET:
        problems["check"] = f"{check!r} must be one character 0-9, A-Z or *"
    if problems:
        raise ValidationError(f"{text!r} is not a valid complaint number", problems)
    expected = check_character("".join(parts[:5]))
    if expected != check:
        raise ValidationError(
            f"{text!r} fails its check character",
            {"check": "a character was misheard or mistyped, or two neighbouring characters "
                      "were swapped; read the number back to the customer"},
        )
    return ComplaintNumber(
        text=fmt.separator.join(parts), prefix=prefix, registered_on=registered_on,
        channel_code=channel_code, branch_code=branch, sequence=int(sequence), check=check,
    )


def _example(fmt: NumberFormat) -> str:
    return format_number(fmt, on=date(2026, 1, 5), channel="web", branch_code=None, sequence=1)
