"""The branch complaint-box channel: one typed-in form (one spreadsheet row) per payload (S1).

A row travels as a small JSON object of column name to cell text (see
:func:`encode_row`), so that a row the channel refuses is kept in the SDK's
quarantine exactly as it was read and can be replayed once corrected.

The draft's ``external_id`` is ``<branch code>:<form serial>`` when the form
has a serial number, otherwise a hash of the row's content: re-importing the
same file (or an overlapping one) finds every row already registered.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from greenchannel_sdk.domain import ChannelDraft, CustomerIdentity
from greenchannel_sdk.engine.intake import MAX_TEXT_CHARS
from greenchannel_sdk.errors import ConfigurationError, ValidationError

from ._columns import COLUMNS, REQUIRED_COLUMNS

__all__ = ["CHANNEL_NAME", "DEFAULT_MAX_BYTES", "EXTRA_CELLS", "BranchBoxChannel",
           "encode_row"]

CHANNEL_NAME = "branch_box"
#: A typed form is at most 20,000 characters of text plus short fields.
DEFAULT_MAX_BYTES = 128 * 1024
#: Key under which :func:`encode_row` keeps cells beyond the header's width.
EXTRA_CELLS = "_extra_cells"

_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CODE = re.compile(r"[0-9A-Za-z]{1,16}")
_SERIAL = re.compile(r"[0-9A-Za-z._-]{1,64}")
_PHONE = re.compile(r"\+?[0-9]{5,20}")
_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,2})?")
_CONTACT = ("phone", "id_number", "account_number")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def encode_row(cells: Mapping[str, str], extra: Sequence[str] = ()) -> bytes:
    """The payload of one row: non-empty cells by column name, in a stable order."""
    row: dict[str, Any] = {name: value for name, value in sorted(cells.items()) if value}
    if extra:
        row[EXTRA_CELLS] = list(extra)
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _load(payload: bytes) -> dict[str, str]:
    try:
        row = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError, ValueError):
        raise ValidationError("the branch form is not a row payload", {
            "row": "expected a JSON object of column name to text (see encode_row)"}) from None
    if not isinstance(row, dict):
        raise ValidationError("the branch form is not a row payload",
                              {"row": "expected a JSON object"})
    problems = {}
    if EXTRA_CELLS in row:
        problems["row"] = "has more cells than the header row has columns"
    for name, value in row.items():
        if name == EXTRA_CELLS:
            continue
        if name not in COLUMNS:
            problems[name[:64]] = "is not a column of the complaint-box layout"
        elif not isinstance(value, str):
            problems[name] = "must be text"
    if problems:
        raise ValidationError("the branch form is not valid", problems)
    return {name: value.strip() for name, value in row.items()}


def _known_zone(_instance: object, _attribute: object, value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"unknown time zone {value!r}; use an IANA name such as "
                                 "Asia/Shanghai") from None


@attrs.define(kw_only=True)
class BranchBoxChannel:
    """Forms from branch complaint boxes, typed in by staff.

    :param timezone: the zone of the branches' dates; a form dated
        ``2026-03-02`` was received at midnight there.
    :param max_bytes: the largest row payload accepted.
    """

    name: str = CHANNEL_NAME
    timezone: str = attrs.field(default="Asia/Shanghai", validator=_known_zone)
    max_bytes: int = attrs.field(default=DEFAULT_MAX_BYTES, validator=attrs.validators.gt(0))

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        """One draft per row; :class:`ValidationError` naming each wrong column otherwise."""
        if len(payload) > self.max_bytes:
            raise ValidationError("the branch form is too large", {
                "row": f"{len(payload)} bytes; the limit is {self.max_bytes} bytes"})
        row = _load(payload)
        problems: dict[str, str] = {}
        for name in REQUIRED_COLUMNS:
            if not row.get(name):
                problems[name] = "is empty"
        text = row.get("complaint_text", "")
        if len(text) > MAX_TEXT_CHARS:
            problems["complaint_text"] = f"has {len(text)} characters; the limit is " \
                                         f"{MAX_TEXT_CHARS}"
        for name, value in row.items():
            if _CONTROL.search(value) or (name != "complaint_text" and "\n" in value):
                problems[name] = "contains control characters or line breaks"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems[name] = "contains an unpaired surrogate"
        received_at = self._received_at(row.get("received_date", ""), problems)
        self._check_formats(row, problems)
        if not any(row.get(name) for name in _CONTACT):
            problems["phone"] = "is empty, and so are id_number and account_number: give " \
                                "at least one so the customer can be reached"
        if problems or received_at is None:
            raise ValidationError("the branch form is not valid", problems)
        return [self._draft(row, received_at, metadata)]

    def _received_at(self, raw: str, problems: dict[str, str]) -> datetime | None:
        match = _DATE.fullmatch(raw)
        if match is None:
            problems.setdefault("received_date", "must be a date like 2026-03-02, optionally "
                                                 "with a time like 2026-03-02 14:30")
            return None
        year, month, day, hour, minute, second = (int(part) if part else 0
                                                  for part in match.groups())
        try:
            local = datetime.combine(datetime(year, month, day).date(),
                                     time(hour, minute, second))
        except ValueError:
            problems["received_date"] = "is not a real date and time"
            return None
        return local.replace(tzinfo=ZoneInfo(self.timezone))

    @staticmethod
    def _check_formats(row: Mapping[str, str], problems: dict[str, str]) -> None:
        checks = (("branch_code", _CODE, "must be 1 to 16 letters and digits"),
                  ("form_serial", _SERIAL, "must be 1 to 64 letters, digits or . _ -"),
                  ("phone", _PHONE, "must be 5 to 20 digits, optionally starting with +"),
                  ("amount", _AMOUNT, "must be an amount like 1234.50"),
                  ("currency", re.compile(r"[A-Z]{3}"), "must be an ISO 4217 code like CNY"))
        for name, pattern, hint in checks:
            value = row.get(name)
            if value and not pattern.fullmatch(value.replace(" ", "").replace("-", "")
                                               if name == "phone" else value):
                problems.setdefault(name, hint)
        for name in ("customer_name", "id_number", "account_number", "about_staff",
                     "entered_by"):
            if len(row.get(name, "")) > 100:
                problems.setdefault(name, "must be at most 100 characters")

    def _draft(self, row: Mapping[str, str], received_at: datetime,
               metadata: Mapping[str, str]) -> ChannelDraft:
        serial = row.get("form_serial")
        if serial:
            external_id = f"{row['branch_code'].upper()}:{serial}"
        else:
            content = json.dumps(sorted(row.items()), ensure_ascii=False).encode("utf-8")
            external_id = f"row-sha256:{hashlib.sha256(content).hexdigest()}"
        phone = row.get("phone")
        extra = {key: value for key, value in metadata.items() if key in ("file", "row")}
        if row.get("entered_by"):
            extra["entered_by"] = row["entered_by"]
        return ChannelDraft(
            channel=self.name,
            external_id=external_id,
            received_at=received_at,
            text=row["complaint_text"],
            customer=CustomerIdentity(
                name=row.get("customer_name") or None,
                phone=phone.replace(" ", "").replace("-", "") if phone else None,
                id_number=row.get("id_number") or None,
                account_number=row.get("account_number") or None),
            branch_code=row["branch_code"].upper(),
            amount=Decimal(row["amount"]) if row.get("amount") else None,
            currency=row.get("currency") or None,
            about_staff=row.get("about_staff") or None,
            metadata=extra,
        )
