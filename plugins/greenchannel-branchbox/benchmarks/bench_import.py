"""Branch box throughput and memory: parse, parse + register, and a whole-file import.

Beside each figure stands a baseline measured in the same process:
``csv.reader`` alone over the same file.  Three measurements:

1. rows/second through ``BranchBoxChannel.parse`` (payload already built);
2. rows/second through ``sdk.receive`` (parse + register on SQLite with
   encryption at rest), on ``--register-rows`` rows;
3. a whole-file import of ``--rows`` rows (default 1,000,000) through the
   streaming reader, the importer and the channel's parse, with the SDK's
   database replaced by a parse-only intake so the run takes minutes, not
   hours; peak memory by tracemalloc sampled at 10%, 50% and 100% of the
   file, and the process's peak RSS.  ``--xlsx-rows`` does the same for an
   XLSX file (smaller: writing a big workbook is slow).

Run from the plugin folder::

    PYTHONPATH=src:../../src python benchmarks/bench_import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from greenchannel_sdk import hookimpl
from greenchannel_sdk.domain import QuarantinedPayload
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.sdk import IntakeResult
from greenchannel_sdk.testing import FrozenClock, make_sdk, using_plugin

from greenchannel_branchbox import BranchBoxChannel, Progress, encode_row, import_file

HEADERS = ["branch_code", "form_serial", "received_date", "customer_name", "phone",
           "complaint_text", "amount", "currency"]


def row(n: int) -> list[str]:
    return ["SH001", f"F{n:08d}", "2026-03-01", "李四", f"138{n % 10**8:08d}",
            f"柜台办理转账时被多收手续费 {n} 元,要求退还并说明收费依据。", "25.00", "CNY"]


def write_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for n in range(rows):
            writer.writerow(row(n))
    return path


def write_xlsx(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("forms")
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append(row(n))
    book.save(path)
    return path


class ParseOnlyIntake:
    """The real channel's parse, no database: isolates the import pipeline's own cost."""

    def __init__(self) -> None:
        self._channel = BranchBoxChannel()
        self._now = FrozenClock().now()

    def receive(self, channel: str, payload: bytes,
                metadata: dict[str, str] | None = None) -> list[IntakeResult]:
        try:
            self._channel.parse(payload, metadata or {})
        except ValidationError as exc:
            return [IntakeResult("quarantined", quarantined=QuarantinedPayload(
                id="q", channel=channel, raw=payload, reason=str(exc), received_at=self._now))]
        return [IntakeResult("registered")]

    def quarantined(self) -> list[QuarantinedPayload]:
        return []


class _Registers:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self.channel)


def per_second(count: int, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return count / (time.perf_counter() - start)


def baseline(path: Path) -> float:
    def read() -> int:
        with path.open(encoding="utf-8", newline="") as stream:
            return sum(1 for _ in csv.reader(stream))
    return per_second(sum(1 for _ in path.open(encoding="utf-8")) - 1, read)


def import_with_memory(path: Path, rows: int) -> tuple[float, list[tuple[int, int]]]:
    """Rows/second of a parse-only import, and (rows read, traced peak bytes) samples."""
    samples: list[tuple[int, int]] = []
    marks = {rows // 10, rows // 2}

    def progress(p: Progress) -> None:
        if p.read in marks:
            samples.append((p.read, tracemalloc.get_traced_memory()[1]))

    tracemalloc.start()
    start = time.perf_counter()
    summary = import_file(ParseOnlyIntake(), path, progress=progress, every=rows // 10)
    elapsed = time.perf_counter() - start
    samples.append((summary.read, tracemalloc.get_traced_memory()[1]))
    tracemalloc.stop()
    return summary.read / elapsed, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--register-rows", type=int, default=2_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sample = write_csv(work / "sample.csv", 20_000)
        channel = BranchBoxChannel()
        payloads = [encode_row(dict(zip(HEADERS, row(n), strict=True)))
                    for n in range(20_000)]
        print(f"baseline csv.reader:          {baseline(sample):>12,.0f} rows/s")
        parsed = per_second(len(payloads), lambda: [channel.parse(p, {}) for p in payloads])
        print(f"parse():                      {parsed:>12,.0f} rows/s")
        with make_sdk(work / "db", clock=FrozenClock()) as sdk, \
                using_plugin(sdk, _Registers(BranchBoxChannel())):
            some = payloads[:args.register_rows]
            rate = per_second(len(some), lambda: [sdk.receive("branch_box", p, {})
                                                  for p in some])
            print(f"parse + register (receive):   {rate:>12,.1f} rows/s "
                  f"({len(some):,} rows, SQLite, encrypted)")

        big = write_csv(work / "big.csv", args.rows)
        print(f"\nCSV file of {args.rows:,} rows, {big.stat().st_size / 2**20:,.0f} MiB")
        print(f"baseline csv.reader:          {baseline(big):>12,.0f} rows/s")
        rate, samples = import_with_memory(big, args.rows)
        print(f"import (reader+importer+parse, tracemalloc on): {rate:,.0f} rows/s")
        for read, peak in samples:
            print(f"  traced peak after {read:>9,} rows: {peak / 2**20:6.2f} MiB")
        if args.xlsx_rows:
            xlsx = write_xlsx(work / "big.xlsx", args.xlsx_rows)
            rate, samples = import_with_memory(xlsx, args.xlsx_rows)
            print(f"\nXLSX of {args.xlsx_rows:,} rows: {rate:,.0f} rows/s")
            for read, peak in samples:
                print(f"  traced peak after {read:>9,} rows: {peak / 2**20:6.2f} MiB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nprocess peak RSS: {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
