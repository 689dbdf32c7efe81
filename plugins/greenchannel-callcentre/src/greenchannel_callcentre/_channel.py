"""The call-centre channel: call records pushed by the telephony system (S1).

A payload is one JSON object (one call) or a JSON array of them (a batch).
A batch is all or nothing: when any record is wrong the whole payload is
refused, with the problems keyed ``[index].field``, so the SDK quarantines
it once and the vendor resends it corrected; no half-registered batch has
to be reconciled.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
from greenchannel_sdk.clock import Clock, SystemClock, ensure_aware
from greenchannel_sdk.domain import ChannelDraft
from greenchannel_sdk.errors import ValidationError

from ._record import RecordProblems, check_record, draft_from
from ._signature import HmacVerifier

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_RECORDS", "CallCentreChannel"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_RECORDS = 1000
#: Invalid records whose field problems are spelled out; the rest are listed by index only,
#: so a batch of a thousand broken records does not make a megabyte-long reason.
_DETAILED_RECORDS = 20


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse an object that names a key twice: which value would be meant is a guess."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key[:64]!r} appears twice in one object")
        result[key] = value
    return result


def _load(payload: bytes) -> Any:
    try:
        return json.loads(payload, parse_float=Decimal, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_keys)
    except RecursionError:
        problem = "nested too deeply"
    except UnicodeDecodeError:
        problem = "not UTF-8 text"
    except json.JSONDecodeError as exc:  # its message never quotes the document
        problem = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:  # our own refusals above, or an integer too long to read
        problem = str(exc)
    raise ValidationError("call record payload is not valid JSON", {"body": problem})


@attrs.define(kw_only=True)
class CallCentreChannel:
    """Turns call records into complaint drafts, one per call.

    With a ``verifier`` every payload must carry a valid signature
    (:class:`~greenchannel_callcentre.HmacVerifier`), checked before the body
    is parsed.  ``future_tolerance`` is how far ``started_at`` may lie ahead
    of the clock (the telephony system's clock drifts too).
    """

    name: str = "hotline"
    max_bytes: int = attrs.field(default=DEFAULT_MAX_BYTES, validator=attrs.validators.gt(0))
    max_records: int = attrs.field(default=DEFAULT_MAX_RECORDS, validator=attrs.validators.gt(0))
    verifier: HmacVerifier | None = None
    clock: Clock = attrs.field(factory=SystemClock)
    future_tolerance: timedelta = timedelta(minutes=5)

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        """One draft per call record; ValidationError or ChannelAuthenticationError otherwise."""
        if len(payload) > self.max_bytes:
            raise ValidationError(
                "call record payload is too large",
                {"body": f"{len(payload)} bytes; the limit is {self.max_bytes} bytes"},
            )
        if self.verifier is not None:
            self.verifier.verify(payload, metadata)
        document = _load(payload)
        now = ensure_aware(self.clock.now(), "clock.now()")
        if isinstance(document, list):
            return self._batch(document, now)
        return [draft_from(self._check(document, "", now), self.name)]

    def _check(self, record: Any, prefix: str, now: datetime) -> dict[str, Any]:
        try:
            return check_record(record, now=now, future_tolerance=self.future_tolerance)
        except RecordProblems as exc:
            raise ValidationError(
                "call record is invalid",
                {f"{prefix}{field}": why for field, why in exc.problems.items()},
            ) from None

    def _batch(self, records: list[Any], now: datetime) -> list[ChannelDraft]:
        if not records:
            raise ValidationError("call record batch is empty", {"body": "an empty array"})
        if len(records) > self.max_records:
            raise ValidationError(
                "call record batch is too long",
                {"body": f"{len(records)} records; the limit is {self.max_records}"},
            )
        problems: dict[str, str] = {}
        bad: list[int] = []
        checked: list[dict[str, Any]] = []
        first_index: dict[str, int] = {}
        for index, record in enumerate(records):
            try:
                values = self._check(record, f"[{index}].", now)
            except ValidationError as exc:
                record_problems = exc.problems
            else:
                earlier = first_index.setdefault(values["call_id"], index)
                if earlier == index:
                    checked.append(values)
                    continue
                record_problems = {
                    f"[{index}].call_id": f"repeats the call_id of record [{earlier}]"
                }
            if len(bad) < _DETAILED_RECORDS:
                problems.update(record_problems)
            bad.append(index)
        if len(bad) > _DETAILED_RECORDS:
            problems["body"] = f"only the first {_DETAILED_RECORDS} invalid records are detailed"
        if bad:
            listed = ", ".join(str(index) for index in bad)
            raise ValidationError(
                f"{len(bad)} of {len(records)} call records are invalid (indexes {listed})",
                problems,
            )
        return [draft_from(values, self.name) for values in checked]
