"""The column layout of a branch complaint-box file, in English or Chinese.

Branch staff type the paper forms into a spreadsheet whose header row may be
in English, Traditional or Simplified Chinese; each column's accepted
headers are listed here, matched case-insensitively after trimming.  The
header row is checked once per file: a file missing a required column is
refused before any row is imported, naming the headers that would do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
from greenchannel_sdk.errors import ValidationError

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "HeaderMap", "map_headers"]

#: Canonical column name -> headers accepted for it (English, 繁體, 简体).
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "branch_code": ("branch_code", "網點代碼", "网点代码", "網點編號", "网点编号"),
    "form_serial": ("form_serial", "表單編號", "表单编号"),
    "received_date": ("received_date", "受理日期", "投訴日期", "投诉日期"),
    "complaint_text": ("complaint_text", "投訴內容", "投诉内容"),
    "customer_name": ("customer_name", "客戶姓名", "客户姓名"),
    "phone": ("phone", "聯絡電話", "联系电话"),
    "id_number": ("id_number", "證件號碼", "证件号码"),
    "account_number": ("account_number", "賬號", "帳號", "账号"),
    "amount": ("amount", "涉及金額", "涉及金额"),
    "currency": ("currency", "幣種", "币种"),
    "about_staff": ("about_staff", "被投訴員工", "被投诉员工"),
    "entered_by": ("entered_by", "錄入員工", "录入员工"),
}
REQUIRED_COLUMNS: tuple[str, ...] = ("branch_code", "received_date", "complaint_text")

_BY_HEADER = {header.casefold(): name for name, headers in COLUMNS.items()
              for header in headers}


@attrs.frozen
class HeaderMap:
    """Which position of a row holds which column; ``ignored`` are headers not recognised."""

    positions: Mapping[str, int]
    ignored: tuple[str, ...]
    headers: tuple[str, ...]


def map_headers(headers: Sequence[str]) -> HeaderMap:
    """Recognise the header row, or raise :class:`ValidationError` saying what is missing."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: dict[str, str] = {}
    for index, header in enumerate(headers):
        name = _BY_HEADER.get(header.strip().lstrip("\ufeff").casefold())
        if name is None:
            if header.strip():
                ignored.append(header.strip()[:64])
        elif name in positions:
            problems[name] = f"appears in columns {positions[name] + 1} and {index + 1}"
        else:
            positions[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            problems[name] = f"no column; name one {' or '.join(COLUMNS[name])}"
    if problems:
        raise ValidationError("the file's header row is not a complaint-box layout", problems)
    return HeaderMap(positions, tuple(ignored), tuple(headers))
