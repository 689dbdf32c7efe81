"""Canonical forms of customer identifiers, so one identifier written two ways compares equal.

A hotline agent types ``+86 138-0013-8000``, the web form sends
``13800138000``, a branch form ``0086 13800138000``: all three are the same
phone.  Blind indexes (:mod:`.blind_index`) hash the canonical form, and the
masks (:mod:`.masking`) show it, so lookups and screens agree.

Input is first NFKC-normalised, which turns full-width digits and letters
typed with a Chinese input method (``１３８``) into ASCII.  Errors name the
kind of identifier and what was wrong, never the value (S20).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Mapping

from ..errors import ValidationError

__all__ = [
    "NORMALISERS",
    "IdentifierKind",
    "normalise",
    "normalise_account_number",
    "normalise_card_number",
    "normalise_email",
    "normalise_id_number",
    "normalise_openid",
    "normalise_phone",
]


class IdentifierKind(str, enum.Enum):
    """Identifiers that can be looked up exactly; values match ``CustomerIdentity`` fields."""

    PHONE = "phone"
    ID_NUMBER = "id_number"
    ACCOUNT_NUMBER = "account_number"
    CARD_NUMBER = "card_number"
    EMAIL = "email"
    WECHAT_OPENID = "wechat_openid"


_CN_COUNTRY_CODE = "86"
_CN_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
_DIGITS = re.compile(r"[0-9]{3,15}")
_ID_PUNCTUATION = re.compile(r"[\s\-()]")
_ALNUM = re.compile(r"[A-Z0-9]+")
_ACCOUNT_PUNCTUATION = re.compile(r"[\s\-]")


def _invalid(kind: IdentifierKind, why: str) -> ValidationError:
    return ValidationError(f"cannot normalise {kind.value}", {kind.value: why})


def normalise_phone(value: str) -> str:
    """Chinese numbers in national form (``13800138000``, ``01012345678``); others as ``+<digits>``.

    ``+86``/``0086`` prefixes are dropped, and so is a bare ``86`` in front of
    an 11-digit mobile number.  A landline written with the country code
    gets its trunk ``0`` back, so ``+86 10 1234 5678`` equals ``010-12345678``.
    """
    compact = _PHONE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", value))
    international = compact.startswith(("+", "00"))
    digits = compact[1:] if compact.startswith("+") else compact[2:] if international else compact
    if not _DIGITS.fullmatch(digits):
        raise _invalid(IdentifierKind.PHONE, "must be 3 to 15 digits, optionally with a "
                       "leading '+' or '00' and spaces, dashes or brackets")
    if international:
        if not digits.startswith(_CN_COUNTRY_CODE):
            return f"+{digits}"
        national = digits[len(_CN_COUNTRY_CODE):]
        if _CN_MOBILE.fullmatch(national) or national.startswith("0"):
            return national
        return f"0{national}"
    if digits.startswith(_CN_COUNTRY_CODE) and _CN_MOBILE.fullmatch(digits[2:]):
        return digits[2:]
    return digits


def normalise_id_number(value: str) -> str:
    """Upper-case letters and digits only.

    A trailing ``x`` becomes ``X``; ``A123456(7)`` becomes ``A1234567``.
    """
    compact = _ID_PUNCTUATION.sub("", unicodedata.normalize("NFKC", value)).upper()
    if not _ALNUM.fullmatch(compact):
        raise _invalid(IdentifierKind.ID_NUMBER, "must be letters and digits "
                       "(spaces, dashes and brackets are ignored)")
    return compact


def _account_like(kind: IdentifierKind) -> Callable[[str], str]:
    def normalise_account(value: str) -> str:
        compact = _ACCOUNT_PUNCTUATION.sub("", unicodedata.normalize("NFKC", value)).upper()
        if not _ALNUM.fullmatch(compact):
            raise _invalid(kind, "must be letters and digits (spaces and dashes are ignored)")
        return compact

    normalise_account.__doc__ = f"The {kind.value} without spaces or dashes, upper-cased."
    return normalise_account


normalise_account_number = _account_like(IdentifierKind.ACCOUNT_NUMBER)
normalise_card_number = _account_like(IdentifierKind.CARD_NUMBER)


def normalise_email(value: str) -> str:
    """Trimmed and lower-cased: mailbox providers treat addresses case-insensitively in practice."""
    compact = unicodedata.normalize("NFKC", value).strip().lower()
    local, at, domain = compact.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in compact):
        raise _invalid(IdentifierKind.EMAIL, "must look like name@domain")
    return compact


def normalise_openid(value: str) -> str:
    """Trimmed only: WeChat OpenIDs are case-sensitive."""
    compact = value.strip()
    if not compact or any(c.isspace() for c in compact):
        raise _invalid(IdentifierKind.WECHAT_OPENID, "must be a non-empty string without spaces")
    return compact


#: The normaliser of each identifier kind.
NORMALISERS: Mapping[IdentifierKind, Callable[[str], str]] = {
    IdentifierKind.PHONE: normalise_phone,
    IdentifierKind.ID_NUMBER: normalise_id_number,
    IdentifierKind.ACCOUNT_NUMBER: normalise_account_number,
    IdentifierKind.CARD_NUMBER: normalise_card_number,
    IdentifierKind.EMAIL: normalise_email,
    IdentifierKind.WECHAT_OPENID: normalise_openid,
}


def normalise(kind: IdentifierKind | str, value: str) -> str:
    """The canonical form of ``value`` as an identifier of ``kind``."""
    return NORMALISERS[IdentifierKind(kind)](value)
