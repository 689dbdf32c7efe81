"""Batch import of a complaint-box file: every row through ``receive``, rejects to a file.

Each row goes through the SDK as its own payload, so a good row is
registered at once and a bad row is quarantined with the reason, exactly as
a bad message on any live channel would be (nothing is lost, S1).  The rows
that could not be registered are also written to a *reject file*: a CSV
holding the original row plus the reason, which branch staff correct and
import again.  Importing the same file twice creates nothing new: good rows
come back as duplicates (their ids derive from the form), and bad rows that
already wait in quarantine are not quarantined a second time.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Protocol

import attrs
from greenchannel_sdk.domain import QuarantinedPayload
from greenchannel_sdk.sdk import IntakeResult

from ._channel import CHANNEL_NAME, encode_row
from ._columns import HeaderMap, map_headers
from ._readers import Table, open_table

__all__ = ["ImportSummary", "Intake", "Progress", "import_file", "import_table"]


class Intake(Protocol):
    """What the importer needs of the SDK (:class:`~greenchannel_sdk.GreenChannel` has it)."""

    def receive(self, channel: str, payload: bytes,
                metadata: dict[str, str] | None = None) -> list[IntakeResult]: ...

    def quarantined(self) -> list[QuarantinedPayload]: ...


@attrs.frozen
class Progress:
    """How far an import has got; ``fraction`` is ``None`` when the size is unknown."""

    read: int
    registered: int
    duplicates: int
    rejected: int
    fraction: float | None


@attrs.frozen
class ImportSummary:
    """The end of an import: counts, the reject file (if any row was rejected), ignored headers."""

    read: int
    registered: int
    duplicates: int
    rejected: int
    reject_file: Path | None
    ignored_columns: tuple[str, ...] = ()

    def describe(self) -> str:
        lines = [f"rows read:   {self.read:,}", f"registered:  {self.registered:,}",
                 f"duplicates:  {self.duplicates:,} (already imported before)",
                 f"rejected:    {self.rejected:,}"]
        if self.reject_file is not None:
            lines.append(f"reject file: {self.reject_file} (each row with its reason; correct "
                         "and import it again)")
        if self.ignored_columns:
            lines.append(f"ignored columns: {', '.join(self.ignored_columns)}")
        return "\n".join(lines)


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


class _RejectWriter:
    """Writes rejected rows lazily: a clean import leaves no empty reject file behind."""

    def __init__(self, path: Path, headers: Sequence[str]) -> None:
        self.path = path
        self._headers = list(headers)
        self._stream: IO[str] | None = None

    def write(self, number: int, cells: Sequence[str], reason: str) -> None:
        if self._stream is None:
            # utf-8-sig: spreadsheet programs then show the Chinese text correctly.
            self._stream = self.path.open("w", encoding="utf-8-sig", newline="")
            csv.writer(self._stream).writerow(["row", *self._headers, "reject_reason"])
        padded = [*cells, *[""] * (len(self._headers) - len(cells))]
        csv.writer(self._stream).writerow([number, *padded, reason])

    @property
    def used(self) -> bool:
        return self._stream is not None

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _payload(header_map: HeaderMap, cells: Sequence[str]) -> bytes:
    values = {name: cells[index] if index < len(cells) else ""
              for name, index in header_map.positions.items()}
    return encode_row(values, cells[len(header_map.headers):])


def import_table(intake: Intake, table: Table, *, source: str, reject_path: Path,
                 progress: Callable[[Progress], None] | None = None, every: int = 1000,
                 channel: str = CHANNEL_NAME) -> ImportSummary:
    """Import every row of ``table``; see :func:`import_file`."""
    header_map = map_headers(table.headers)
    # Payloads of this channel already waiting in quarantine, by digest: a
    # re-import must not quarantine the same bad row again.  This grows with
    # the quarantine, not with the file.
    waiting = {_digest(item.raw): item.reason for item in intake.quarantined()
               if item.channel == channel and item.resolved_at is None}
    counts = {"registered": 0, "duplicate": 0, "linked": 0, "survey": 0, "quarantined": 0}
    read = 0
    rejects = _RejectWriter(reject_path, table.headers)

    def report() -> None:
        if progress is not None:
            progress(Progress(read, counts["registered"], counts["duplicate"],
                              counts["quarantined"], table.fraction_done()))

    try:
        for number, cells in table.rows():
            read += 1
            payload = _payload(header_map, cells)
            digest = _digest(payload)
            if digest in waiting:
                counts["quarantined"] += 1
                rejects.write(number, cells, f"already in quarantine: {waiting[digest]}")
            else:
                for result in intake.receive(channel, payload,
                                             {"file": source, "row": str(number)}):
                    counts[result.outcome] += 1
                    if result.quarantined is not None:
                        waiting[digest] = result.quarantined.reason
                        rejects.write(number, cells, result.quarantined.reason)
            if read % every == 0:
                report()
        report()
    finally:
        rejects.close()
    landed = counts["registered"] + counts["linked"] + counts["survey"]
    return ImportSummary(read=read, registered=landed,
                         duplicates=counts["duplicate"], rejected=counts["quarantined"],
                         reject_file=reject_path if rejects.used else None,
                         ignored_columns=header_map.ignored)


def import_file(intake: Intake, path: Path | str, *, reject_path: Path | str | None = None,
                progress: Callable[[Progress], None] | None = None, every: int = 1000,
                encoding: str = "utf-8-sig", sheet: str | None = None,
                channel: str = CHANNEL_NAME) -> ImportSummary:
    """Import a CSV or XLSX complaint-box file row by row, in constant memory.

    :param intake: the SDK (anything with ``receive`` and ``quarantined``).
    :param reject_path: where rejected rows go; ``<file>.rejects.csv`` by default.
    :param progress: called every ``every`` rows and once at the end.
    :param encoding: of a CSV file; Excel in Chinese locales often saves
        ``gb18030`` (Simplified) or ``big5`` (Traditional).
    :param sheet: the worksheet of an XLSX file; the first one by default.

    A file whose header row is not a complaint-box layout raises
    :class:`~greenchannel_sdk.errors.ValidationError` before any row is read.
    """
    path = Path(path)
    rejects = Path(reject_path) if reject_path is not None else \
        path.with_name(f"{path.name}.rejects.csv")
    with open_table(path, encoding=encoding, sheet=sheet) as table:
        return import_table(intake, table, source=path.name, reject_path=rejects,
                            progress=progress, every=every, channel=channel)
