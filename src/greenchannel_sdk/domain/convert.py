"""Plain-data conversion of every domain type (cattrs).

Storage, the outbox and exports all go through :data:`converter`, so a
complaint has exactly one JSON shape everywhere.  Datetimes become ISO 8601
strings with their offset (always UTC when the SDK wrote them), durations
become seconds, decimals
become strings (no float rounding of money), sets become sorted lists so the
output is deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import cattrs
from cattrs.preconf.json import make_converter

from .work import ClockGoal

__all__ = ["converter", "structure", "unstructure"]

T = TypeVar("T")


def _make() -> cattrs.Converter:
    conv = make_converter()
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_structure_hook(datetime, lambda v, _t: datetime.fromisoformat(v))
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(date, lambda v, _t: date.fromisoformat(v))
    conv.register_unstructure_hook(time, lambda t: t.isoformat())
    conv.register_structure_hook(time, lambda v, _t: time.fromisoformat(v))
    conv.register_unstructure_hook(timedelta, lambda d: d.total_seconds())
    conv.register_structure_hook(timedelta, lambda v, _t: timedelta(seconds=float(v)))
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, lambda v, _t: Decimal(str(v)))
    conv.register_unstructure_hook(frozenset, sorted)
    # The generic tuple hook inspects the type on every call; these homogeneous tuples
    # sit in every stored clock, which the SLA sweeper decodes by the thousand.
    conv.register_structure_hook_func(lambda t: t == tuple[int, ...],
                                      lambda v, _t: tuple(int(x) for x in v))
    conv.register_structure_hook_func(lambda t: t == tuple[timedelta, ...], lambda v, _t: tuple(
        timedelta(seconds=float(x)) for x in v))
    _share_goals(conv)
    return conv


def _share_goals(conv: cattrs.Converter) -> None:
    """Build each distinct goal snapshot once.

    Every clock started under one policy carries the same goal, and the SLA
    sweeper decodes thousands of clocks per batch: building and validating
    the same frozen goal again for each would be most of the decoding.
    """
    build = conv.get_structure_hook(ClockGoal)

    @functools.lru_cache(maxsize=256)
    def shared(key: tuple[tuple[str, Hashable], ...]) -> ClockGoal:
        return build(dict(key), ClockGoal)  # type: ignore[no-any-return]

    def structure_goal(value: Any, _type: type) -> ClockGoal:
        if isinstance(value, ClockGoal):
            return value
        return shared(tuple((k, tuple(v) if isinstance(v, list) else v)
                            for k, v in value.items()))

    conv.register_structure_hook(ClockGoal, structure_goal)


converter: cattrs.Converter = _make()


def unstructure(obj: object) -> Any:
    """``obj`` as JSON-able dicts, lists, strings, numbers and booleans."""
    return converter.unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """Rebuild a ``cls`` from what :func:`unstructure` produced."""
    return converter.structure(data, cls)
