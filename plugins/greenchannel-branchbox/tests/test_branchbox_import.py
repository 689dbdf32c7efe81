"""Batch import: good rows registered, bad rows to quarantine and the reject file (S1, S3).

A re-import of the same file creates nothing new; the progress callback and
the summary tell staff where they stand.
"""

from __future__ import annotations

import csv
import io
from argparse import Namespace
from decimal import Decimal
from pathlib import Path

import pytest
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.sdk import GreenChannel

from branchbox_samples import (
    BAD_ROWS,
    ENGLISH,
    TRADITIONAL,
    box_sdk,
    good_row,
    write_csv,
    write_xlsx,
)
from greenchannel_branchbox import Progress, import_file
from greenchannel_branchbox.cli import run_import


@pytest.fixture
def sdk(tmp_path: Path) -> GreenChannel:
    with box_sdk(tmp_path / "db") as instance:
        yield instance  # type: ignore[misc]


def mixed_rows() -> list[list[str]]:
    return [good_row(1), BAD_ROWS[0], good_row(2), BAD_ROWS[1], good_row(3), BAD_ROWS[2]]


def read_rejects(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_good_rows_registered_bad_rows_rejected_with_reasons(sdk: GreenChannel,
                                                             tmp_path: Path) -> None:
    source = write_csv(tmp_path / "march.csv", mixed_rows())
    summary = import_file(sdk, source)

    assert (summary.read, summary.registered, summary.duplicates, summary.rejected) == \
        (6, 3, 0, 3)
    assert {c.external_id for c in sdk.iter_complaints()} == \
        {"SH001:F0000001", "SH001:F0000002", "SH001:F0000003"}
    assert summary.reject_file == tmp_path / "march.csv.rejects.csv"
    rejects = read_rejects(summary.reject_file)
    assert [r["row"] for r in rejects] == ["3", "5", "7"]
    assert [r["form_serial"] for r in rejects] == ["F9000001", "F9000002", "F9000003"]
    assert "received_date" in rejects[0]["reject_reason"]
    assert "phone" in rejects[1]["reject_reason"]
    assert "complaint_text" in rejects[2]["reject_reason"]
    kept = sdk.quarantined()
    assert len(kept) == 3
    assert {item.metadata["row"] for item in kept} == {"3", "5", "7"}


def test_importing_the_same_file_twice_creates_nothing_new(sdk: GreenChannel,
                                                           tmp_path: Path) -> None:
    source = write_csv(tmp_path / "march.csv", mixed_rows())
    import_file(sdk, source)
    again = import_file(sdk, source)

    assert (again.registered, again.duplicates, again.rejected) == (0, 3, 3)
    assert len(list(sdk.iter_complaints())) == 3
    assert len(sdk.quarantined()) == 3
    assert "already in quarantine" in read_rejects(again.reject_file)[0]["reject_reason"]


def test_rows_without_serial_are_recognised_by_content(sdk: GreenChannel,
                                                       tmp_path: Path) -> None:
    rows = [[*good_row(n)[:1], "", *good_row(n)[2:]] for n in (1, 2)]
    source = write_csv(tmp_path / "no-serial.csv", rows)
    assert import_file(sdk, source).registered == 2
    assert import_file(sdk, source).duplicates == 2


def test_clean_file_leaves_no_reject_file(sdk: GreenChannel, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "clean.csv", [good_row(1)])
    summary = import_file(sdk, source)
    assert summary.reject_file is None
    assert not (tmp_path / "clean.csv.rejects.csv").exists()


def test_progress_is_reported_and_ends_at_the_whole_file(sdk: GreenChannel,
                                                        tmp_path: Path) -> None:
    source = write_csv(tmp_path / "many.csv", [good_row(n) for n in range(25)])
    seen: list[Progress] = []
    import_file(sdk, source, progress=seen.append, every=10)
    assert [p.read for p in seen] == [10, 20, 25]
    assert seen[-1].fraction == 1.0
    assert seen[-1].registered == 25
    fractions = [p.fraction or 0 for p in seen]
    assert fractions == sorted(fractions)


def test_xlsx_with_chinese_headers_and_typed_cells(sdk: GreenChannel, tmp_path: Path) -> None:
    """Excel stores dates as dates and phone numbers as numbers; both read as typed."""
    from datetime import datetime

    source = write_xlsx(tmp_path / "box.xlsx", [
        ["TP01", "A1", datetime(2026, 3, 1), "陳大文", 13800138000, "存款利率與宣傳不符 😡",
         25.5, "TWD"],
        ["TP01", "A2", "not a date", "陳大文", 13800138000, "x", None, None],
    ], headers=TRADITIONAL)
    summary = import_file(sdk, source)
    assert (summary.registered, summary.rejected) == (1, 1)
    complaint, = sdk.iter_complaints()
    assert complaint.customer.phone == "13800138000"
    assert complaint.text == "存款利率與宣傳不符 😡"
    assert complaint.amount == Decimal("25.5")
    assert read_rejects(summary.reject_file)[0]["表單編號"] == "A2"


def test_gb18030_csv_with_its_encoding(sdk: GreenChannel, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "gbk.csv", [good_row(1)], encoding="gb18030")
    with pytest.raises(ValidationError, match="encoding"):
        import_file(sdk, source)
    assert import_file(sdk, source, encoding="gb18030").registered == 1


@pytest.mark.parametrize(("content", "why"), [
    (b"", "empty"),
    ("备注,其他\n1,2\n".encode(), "complaint_text"),
    (b'branch_code,received_date,complaint_text\n"unterminated', "malformed"),
])
def test_unusable_file_is_refused_before_any_row(sdk: GreenChannel, tmp_path: Path,
                                                 content: bytes, why: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    with pytest.raises(ValidationError, match=why):
        import_file(sdk, source)
    assert list(sdk.iter_complaints()) == []


def test_not_a_workbook_is_refused(sdk: GreenChannel, tmp_path: Path) -> None:
    source = tmp_path / "fake.xlsx"
    source.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(ValidationError, match="XLSX"):
        import_file(sdk, source)


def test_command_line_prints_progress_and_summary(sdk: GreenChannel, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "march.csv", mixed_rows(), headers=ENGLISH)
    out, err = io.StringIO(), io.StringIO()
    args = Namespace(file=source, rejects=tmp_path / "rejected.csv", encoding="utf-8-sig",
                     sheet=None, quiet=False)
    assert run_import(sdk, args, out, err) == 1  # some rows were rejected
    assert "[##############################] 100%" in err.getvalue()
    assert "registered:  3" in out.getvalue()
    assert "rejected:    3" in out.getvalue()
    assert str(tmp_path / "rejected.csv") in out.getvalue()
