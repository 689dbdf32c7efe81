"""Reading the triage data files (rules a bank edits) with errors a person can act on.

Rules are data so a bank can change them without a release; the price is
that a typo must be reported precisely: which file, which entry, which
field, and what was expected.  Every problem raises
:class:`~greenchannel_sdk.errors.ConfigurationError` saying exactly that.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources
from typing import TypeVar

from ..errors import ConfigurationError

__all__ = ["Fields", "load_json"]

T = TypeVar("T")
V = TypeVar("V")


def load_json(path: str | os.PathLike[str] | None, packaged: str) -> Fields:
    """The JSON object in ``path``, or in the packaged data file ``packaged``."""
    if path is None:
        origin = f"packaged {packaged}"
        text = resources.files(__package__).joinpath("data").joinpath(packaged).read_text("utf-8")
    else:
        origin = os.fspath(path)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise ConfigurationError(f"cannot read rules file {origin}: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(
            f"rules file {origin} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}") from exc
    return Fields(data, origin, "")


class Fields:
    """A JSON object inside a data file, with typed accessors that explain failures."""

    def __init__(self, data: object, origin: str, where: str) -> None:
        self._origin = origin
        self._where = where
        if not isinstance(data, dict):
            raise self.error("must be a JSON object")
        self._data: dict[str, object] = data

    def _place(self, key: str | None) -> str:
        return ".".join(filter(None, (self._where, key)))

    def error(self, problem: str, key: str | None = None) -> ConfigurationError:
        """A :class:`ConfigurationError` locating ``key`` in this object, to raise."""
        place = self._place(key) or "top level"
        return ConfigurationError(f"rules file {self._origin}: {place}: {problem}")

    def text(self, key: str, default: str | None = None) -> str:
        """A non-empty string field."""
        value = self._data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error("must be a non-empty string", key)
        return value

    def number(self, key: str, default: float | None = None) -> float:
        """A number field (``default`` when absent, if given)."""
        value = self._data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error("must be a number", key)
        return float(value)

    def strings(self, key: str) -> list[str]:
        """A non-empty list of strings."""
        value = self._data.get(key)
        if not isinstance(value, list) or not value or not all(
                isinstance(item, str) for item in value):
            raise self.error("must be a non-empty list of strings", key)
        return list(value)

    def objects(self, key: str) -> list[Fields]:
        """A list of JSON objects, each located for later errors."""
        value = self._data.get(key)
        if not isinstance(value, list):
            raise self.error("must be a list of objects", key)
        return [Fields(item, self._origin, f"{self._place(key)}[{index}]")
                for index, item in enumerate(value)]

    def object(self, key: str) -> Fields:
        """A nested JSON object."""
        return Fields(self._data.get(key), self._origin, self._place(key))

    def convert(self, key: str, value: V, convert: Callable[[V], T]) -> T:
        """``convert(value)``, turning its :class:`ValueError` into a located error."""
        try:
            return convert(value)
        except ValueError as exc:
            raise self.error(str(exc), key) from exc
