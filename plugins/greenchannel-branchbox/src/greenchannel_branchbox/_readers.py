"""Streaming readers for CSV and XLSX complaint-box files.

Both yield one row at a time and keep nothing behind them, so memory stays
flat however long the file is (the importer is built the same way).  Each
reader also says how far through the file it is, for the progress bar.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any, Protocol

from greenchannel_sdk.errors import ConfigurationError, ValidationError

__all__ = ["Table", "open_table"]


class Table(Protocol):
    """A file of forms: its header row, its rows, and how far reading has got."""

    headers: list[str]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(row number as a spreadsheet shows it, cells)`` for every row after the header."""
        ...

    def fraction_done(self) -> float | None:
        """How much of the file has been read, from 0 to 1, or ``None`` when unknown."""
        ...


class _CountingReader(io.RawIOBase):
    """Counts the bytes read through it, so a CSV import knows how far it has got."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[:len(data)] = data
        self.consumed += len(data)
        return len(data)


class CsvTable:
    """A CSV file in ``encoding`` (UTF-8 by default, a byte-order mark allowed)."""

    def __init__(self, stream: IO[bytes], size: int, encoding: str) -> None:
        self._counter = _CountingReader(stream)
        self._size = size
        text = io.TextIOWrapper(io.BufferedReader(self._counter), encoding=encoding,
                                newline="")
        self._reader = csv.reader(text, strict=True)
        self.headers = self._next() or []
        if not self.headers:
            raise ValidationError("the CSV file is empty", {"file": "no header row"})

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise ValidationError("the CSV file is malformed", {
                "file": f"line {self._reader.line_num}: {exc}"}) from None
        except UnicodeDecodeError as exc:
            raise ValidationError("the CSV file is not in the expected encoding", {
                "file": f"near line {self._reader.line_num + 1}: {exc.reason}; pass the "
                        "file's encoding (for example gb18030 or big5)"}) from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        while (cells := self._next()) is not None:
            if any(cell.strip() for cell in cells):
                yield self._reader.line_num, cells

    def fraction_done(self) -> float | None:
        return min(1.0, self._counter.consumed / self._size) if self._size else None


#: What openpyxl raises for a damaged workbook: a broken zip or deflate
#: stream, a missing part, XML that does not parse (``ParseError`` is a
#: ``SyntaxError``), bad values; ``zipfile`` raises ``RuntimeError`` for an
#: entry flagged encrypted and ``NotImplementedError`` (a ``RuntimeError``)
#: for an unknown compression method.  The fuzz tests found these.
_BROKEN_WORKBOOK: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, SyntaxError,
    TypeError, RuntimeError)


def _unreadable(exc: Exception) -> ValidationError:
    return ValidationError("the file is not a readable XLSX workbook", {
        "file": f"{type(exc).__name__}: save it again from the spreadsheet program as .xlsx"})


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text staff typed: dates as ISO, 13800138000.0 as 13800138000."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else \
            value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class XlsxTable:
    """The first (or named) worksheet of an XLSX workbook, read in streaming mode."""

    def __init__(self, path: Path, sheet: str | None) -> None:
        try:
            from openpyxl import load_workbook  # noqa: PLC0415 - optional extra
            from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415
        except ImportError:  # pragma: no cover - depends on the installation
            raise ConfigurationError("reading XLSX needs openpyxl: install "
                                     "greenchannel-branchbox[xlsx]") from None
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except InvalidFileException as exc:
            raise _unreadable(exc) from None
        except _BROKEN_WORKBOOK as exc:
            raise _unreadable(exc) from None
        if sheet is not None and sheet not in self._book.sheetnames:
            self._book.close()
            raise ValidationError("the workbook has no such sheet", {
                "sheet": f"choose one of {', '.join(self._book.sheetnames)}"})
        self._sheet = self._book[sheet] if sheet else self._book.worksheets[0]
        self._total = self._sheet.max_row
        self._done = 0
        self._iterator = self._sheet.iter_rows(values_only=True)
        first = self._next_values()
        self.headers = [_cell_text(cell) for cell in first or ()]
        if not self.headers:
            raise ValidationError("the worksheet is empty", {"file": "no header row"})

    def _next_values(self) -> tuple[object, ...] | None:
        """The next row's values; a sheet whose XML breaks off mid-way is a file problem."""
        try:
            return next(self._iterator, None)
        except _BROKEN_WORKBOOK as exc:
            raise ValidationError("the workbook is damaged", {
                "file": f"after row {self._done}: {type(exc).__name__}"}) from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        number = 1
        while (values := self._next_values()) is not None:
            number += 1
            self._done = number
            cells = [_cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()  # formatting often widens a sheet past its last column
            if cells:
                yield number, cells

    def fraction_done(self) -> float | None:
        return min(1.0, self._done / self._total) if self._total else None

    def close(self) -> None:
        self._book.close()


@contextmanager
def open_table(path: Path | str, *, encoding: str = "utf-8-sig",
               sheet: str | None = None) -> Iterator[Table]:
    """The file at ``path`` as a :class:`Table`, chosen by its extension (.csv or .xlsx)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = XlsxTable(path, sheet)
        try:
            yield table
        finally:
            table.close()
    elif suffix in (".csv", ".txt"):
        with path.open("rb") as stream:
            yield CsvTable(stream, os.fstat(stream.fileno()).st_size, encoding)
    else:
        raise ValidationError("unsupported file type", {
            "file": f"{suffix or 'no extension'}; use .csv or .xlsx"})
