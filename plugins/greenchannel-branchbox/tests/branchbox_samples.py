"""Complaint-box files and SDK set-ups shared by the branch box tests."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk, using_plugin

from greenchannel_branchbox import BranchBoxChannel

ENGLISH = ["branch_code", "form_serial", "received_date", "customer_name", "phone",
           "complaint_text", "amount", "currency"]
TRADITIONAL = ["網點代碼", "表單編號", "受理日期", "客戶姓名", "聯絡電話", "投訴內容",
               "涉及金額", "幣種"]
SIMPLIFIED = ["网点代码", "表单编号", "受理日期", "客户姓名", "联系电话", "投诉内容",
              "涉及金额", "币种"]


def good_row(serial: int) -> list[str]:
    """A valid form from its own customer (one customer's repeats would join one case)."""
    return ["SH001", f"F{serial:07d}", "2026-03-01", "李四", f"138{serial:08d}",
            f"柜台办理转账时被多收手续费,表单 {serial}", "25.00", "CNY"]


BAD_ROWS = [
    ["SH001", "F9000001", "2026-02-30", "李四", "13800138000", "日期不存在", "", ""],
    ["SH001", "F9000002", "2026-03-01", "李四", "", "没有联系方式", "", ""],
    ["SH001", "F9000003", "2026-03-01", "李四", "13800138000", "", "", ""],
]


def write_csv(path: Path, rows: Iterable[Sequence[str]], headers: Sequence[str] = ENGLISH,
              encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Iterable[Sequence[object]],
               headers: Sequence[str] = ENGLISH) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("forms")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


class RegistersChannel:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self.channel)


@contextmanager
def box_sdk(folder: Path) -> Iterator[GreenChannel]:
    with make_sdk(folder, clock=FrozenClock()) as sdk, \
            using_plugin(sdk, RegistersChannel(BranchBoxChannel())):
        yield sdk
