"""Masks for personal data shown to people who need to recognise a customer, not know them (S20).

An actor without ``personal_data.read`` (a supervisor, an auditor) still
sees complaints; they see ``138****8000`` and ``张**``, enough to tell two
cases apart or to confirm "is this the caller?", not enough to contact or
identify anyone.  The masks follow the customary display forms of Chinese
banks: phones keep the first 3 and last 4 digits, cards and accounts the last
4, names the first character of each part.

Masks are total: a value that is not a valid identifier is masked
completely rather than raising, because a screen must never fail, nor fall
back to the clear value, over a badly typed phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import attrs

from ..domain import PERSONAL_FIELDS, CustomerIdentity
from ..errors import ValidationError
from .identifiers import (
    normalise_account_number,
    normalise_email,
    normalise_id_number,
    normalise_phone,
)

__all__ = [
    "MASKERS",
    "mask_account_number",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_openid",
    "mask_phone",
    "masked_identity",
]

_HIDDEN = "****"
_NAME_SEPARATORS = re.compile(r"([\s·・.]+)")
# Administrative divisions (province, city, district, county, town, banner),
# simplified and traditional, that close the coarse part of a Chinese address.
_CHINESE_REGION = re.compile(r".{0,11}[省市区區县縣镇鎮旗]")


def _mask_middle(text: str, head: int, tail: int) -> str:
    hidden = len(text) - head - tail
    return text[:head] + "*" * hidden + text[len(text) - tail:] if hidden > 0 else "*" * len(text)


def _keep_tail(text: str, most: int) -> str:
    """Everything but the last ``most`` characters hidden, never revealing more than half."""
    return _mask_middle(text, 0, min(most, len(text) // 2))


def _canonical(normaliser: Callable[[str], str], value: str) -> str | None:
    try:
        return normaliser(value)
    except ValidationError:
        return None


def mask_phone(value: str) -> str:
    """``13800138000`` → ``138****8000``; shorter numbers keep only their last 4 digits."""
    canonical = _canonical(normalise_phone, value)
    if canonical is None:
        return _HIDDEN
    plus = "+" if canonical.startswith("+") else ""
    digits = canonical.removeprefix("+")
    if len(digits) >= 11:
        return plus + _mask_middle(digits, 3, 4)
    return plus + _keep_tail(digits, 4)


def mask_id_number(value: str) -> str:
    """18-digit mainland numbers keep the first 3 and last 4 characters; shorter ones the last 3."""
    canonical = _canonical(normalise_id_number, value)
    if canonical is None:
        return _HIDDEN
    if len(canonical) >= 15:
        return _mask_middle(canonical, 3, 4)
    return _keep_tail(canonical, 3)


def mask_account_number(value: str) -> str:
    """Account and card numbers keep their last 4 characters."""
    canonical = _canonical(normalise_account_number, value)
    return _HIDDEN if canonical is None else _keep_tail(canonical, 4)


def mask_name(value: str) -> str:
    """The first character of each part: ``张三丰`` → ``张**``, ``John Smith`` → ``J*** S****``.

    A one-character part (a one-character name, an initial) is hidden entirely.
    """
    masked = "".join(part if _NAME_SEPARATORS.fullmatch(part) else _mask_middle(part, 1, 0)
                     for part in _NAME_SEPARATORS.split(value.strip()))
    return masked if "*" in masked else _HIDDEN


def mask_email(value: str) -> str:
    """``john.smith@example.com`` → ``j***@example.com``: the local part's length is hidden too."""
    canonical = _canonical(normalise_email, value)
    if canonical is None:
        return _HIDDEN
    local, _, domain = canonical.rpartition("@")
    return f"{local[0]}{_HIDDEN}@{domain}"


def mask_address(value: str) -> str:
    """Only the coarse region stays: ``北京市朝阳区建国路88号`` → ``北京市朝阳区****``.

    Chinese addresses keep everything up to the last administrative
    division within their first 12 characters; comma-separated (Western)
    addresses keep their last part, usually the city; anything else is
    hidden entirely.
    """
    text = value.strip()
    region = _CHINESE_REGION.match(text)
    if region:
        return region.group(0) + _HIDDEN
    if "," in text:
        return f"{_HIDDEN}, {text.rsplit(',', 1)[1].strip()}"
    return _HIDDEN


def mask_openid(value: str) -> str:
    """A WeChat OpenID keeps its last 4 characters, enough to compare two screens."""
    return _keep_tail(value.strip(), 4) or _HIDDEN


#: The mask of each field of :data:`~greenchannel_sdk.domain.PERSONAL_FIELDS`.
MASKERS: Mapping[str, Callable[[str], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "account_number": mask_account_number,
    "card_number": mask_account_number,
    "email": mask_email,
    "address": mask_address,
    "wechat_openid": mask_openid,
}


def masked_identity(identity: CustomerIdentity) -> CustomerIdentity:
    """``identity`` with every personal field masked; ``customer_ref`` and vulnerabilities kept."""
    changes = {field: MASKERS[field](value) for field in PERSONAL_FIELDS
               if (value := getattr(identity, field)) is not None}
    return attrs.evolve(identity, **changes)
