"""Memory stays flat however many rows a file has (issue 8: 1,000,000 rows).

The whole pipeline but the database runs under tracemalloc: the streaming
reader, the header mapping, the row payloads, the channel's parse and the
reject writer, with an intake that parses each row as the SDK would.  The
peak for five times the rows must not be materially higher; a reader that
kept rows would grow about five-fold.  (The benchmark measures 1,000,000
rows the same way; see the README.)
"""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

from greenchannel_sdk.domain import QuarantinedPayload
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.sdk import IntakeResult
from greenchannel_sdk.testing import FrozenClock

from branchbox_samples import BAD_ROWS, ENGLISH, good_row
from greenchannel_branchbox import BranchBoxChannel, import_file

NOW = FrozenClock().now()


class ParseOnlyIntake:
    """Parses each row with the real channel; registers nothing (no database in the way)."""

    def __init__(self) -> None:
        self.channel = BranchBoxChannel()

    def receive(self, channel: str, payload: bytes,
                metadata: dict[str, str] | None = None) -> list[IntakeResult]:
        try:
            self.channel.parse(payload, metadata or {})
        except ValidationError as exc:
            return [IntakeResult("quarantined", quarantined=QuarantinedPayload(
                id="q", channel=channel, raw=payload, reason=str(exc),
                received_at=NOW))]
        return [IntakeResult("registered")]

    def quarantined(self) -> list[QuarantinedPayload]:
        return []


def _file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(ENGLISH)
        for n in range(rows):
            # One row in 1,000 is bad and goes to the reject file; bad rows
            # differ so the importer's quarantine index grows with them.
            writer.writerow(good_row(n) if n % 1000 else [*BAD_ROWS[0][:1], f"B{n}",
                                                           *BAD_ROWS[0][2:]])
    return path


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        summary = import_file(ParseOnlyIntake(), path, progress=lambda _p: None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.read == summary.registered + summary.rejected
    return peak


def test_peak_memory_does_not_grow_with_rows(tmp_path: Path) -> None:
    small = _peak(_file(tmp_path / "small.csv", 3_000))
    large = _peak(_file(tmp_path / "large.csv", 15_000))
    assert large < small * 1.5 + 256 * 1024, (small, large)
