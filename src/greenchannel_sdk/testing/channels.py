"""Channel conformance kit: what every intake channel must do, as runnable checks (S1, P2).

A channel plugin (the bank's own, or one of ``plugins/``) proves it keeps the
intake contract by running these checks from its test suite:

* **required fields**: each draft names the channel, carries a non-empty
  ``external_id`` that is the same every time the same payload is parsed,
  a timezone-aware ``received_at`` and the customer's words;
* **idempotency**: the same payload received twice makes one complaint (the
  second result is ``"duplicate"``);
* **authenticity**: an unauthentic payload raises
  :class:`~greenchannel_sdk.errors.ChannelAuthenticationError` from ``parse``
  and is quarantined by ``receive`` with its raw bytes kept;
* **size limit**: an oversize payload raises
  :class:`~greenchannel_sdk.errors.ValidationError` (and is quarantined);
* **malformed input**: the plugin's malformed samples raise
  ``ValidationError`` and are quarantined; a set of generic hostile
  payloads raise only the SDK's own errors, never ``KeyError``,
  ``UnicodeDecodeError`` or anything else;
* **Unicode**: Traditional and Simplified Chinese and emoji survive into the
  stored complaint unchanged.

Two ways to use it.  The plain functions (``check_required_fields`` ...)
raise :class:`ConformanceFailure` saying what is wrong, so any test runner
can call them.  Or subclass :class:`ChannelConformance` in a pytest module
(name the subclass ``Test...``) and implement ``make_channel`` and
``samples``: pytest then collects one test per rule, and a rule whose
optional sample is missing is reported as skipped, not silently passed.
See ``docs/channels/writing-a-channel.md``.
"""

from __future__ import annotations

import tempfile
import unittest
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import attrs

from ..domain import ChannelDraft
from ..errors import ChannelAuthenticationError, GreenChannelError, ValidationError
from ..hookspecs import hookimpl
from ..interfaces import Channel
from ..sdk import GreenChannel, IntakeResult
from . import DEFAULT_START, FrozenClock, make_sdk, using_plugin

__all__ = [
    "HOSTILE_PAYLOADS",
    "UNICODE_TEXT",
    "ChannelConformance",
    "ChannelSamples",
    "ConformanceFailure",
    "Sample",
    "check_authenticity",
    "check_idempotent",
    "check_malformed",
    "check_required_fields",
    "check_size_limit",
    "check_unicode",
    "run_all",
    "sdk_with_channel",
]

#: The customer's words a Unicode sample must carry: Traditional Chinese,
#: Simplified Chinese, emoji (astral plane, a ZWJ sequence, a flag) and a
#: full-width digit, the characters that encoding mistakes mangle first.
UNICODE_TEXT = "繁體:我的帳戶被凍結了 简体:我的账户被冻结了 😡🏦👨‍👩‍👧🇨🇳 金额１２３元"

#: Generic hostile payloads every channel must refuse with the SDK's own
#: errors: empty, NUL bytes, invalid UTF-8, deep nesting in JSON and XML,
#: an XML entity bomb, a lone surrogate escape, a byte-order mark alone.
HOSTILE_PAYLOADS: tuple[bytes, ...] = (
    b"",
    b"\x00" * 64,
    b"\xff\xfe\xfa\x80 not utf-8 \xc3\x28",
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b"<x>" * 5000,
    b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml>&b;</xml>',
    b'{"text": "\\ud800"}',
    b"\xef\xbb\xbf",
    b"null",
    b"[]",
    b"a,b,c\n\"unterminated",
)


class ConformanceFailure(AssertionError):
    """A channel broke one rule of the intake contract; the message names the rule."""


def _require(condition: bool, message: str) -> None:
    # Not ``assert``: the kit must still check under ``python -O`` and outside pytest.
    if not condition:
        raise ConformanceFailure(message)


@attrs.frozen
class Sample:
    """A payload as the channel's transport delivers it: body bytes plus metadata."""

    payload: bytes
    metadata: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class ChannelSamples:
    """The payloads a channel's author provides to the kit.

    ``valid`` makes exactly the complaints a correct delivery makes (one or
    more drafts).  ``malformed`` are payloads the channel must refuse with
    :class:`ValidationError` (authentic where the channel signs: the point is
    the content).  ``unicode`` is a valid payload whose complaint text
    contains :data:`UNICODE_TEXT`.  ``unauthentic`` (a forged or unsigned
    payload) and ``oversize`` (one byte past the limit is enough) are
    optional; leave them ``None`` when the channel has no such check, and
    the kit reports those rules as skipped.
    """

    valid: Sample
    malformed: Sequence[Sample]
    unicode: Sample
    unauthentic: Sample | None = None
    oversize: Sample | None = None


class _RegistersChannel:
    """A host plugin registering one already-built channel (so the test owns its clock)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self._channel)


@contextmanager
def sdk_with_channel(channel: Channel, directory: Path | str | None = None, *,
                     clock: FrozenClock | None = None) -> Iterator[GreenChannel]:
    """A fresh SDK (SQLite, encryption at rest) with ``channel`` registered, for one block."""
    with make_sdk(directory, clock=clock) as sdk, using_plugin(sdk, _RegistersChannel(channel)):
        yield sdk


def _parse(channel: Channel, sample: Sample, rule: str) -> list[ChannelDraft]:
    try:
        return list(channel.parse(sample.payload, sample.metadata))
    except GreenChannelError as exc:
        raise ConformanceFailure(f"{rule}: parse refused the valid sample: {exc}") from exc


def check_required_fields(channel: Channel, sample: Sample) -> list[ChannelDraft]:
    """Every draft of a valid payload has the fields intake relies on; returns the drafts."""
    rule = "required fields"
    drafts = _parse(channel, sample, rule)
    _require(bool(drafts), f"{rule}: parse returned no draft for the valid sample")
    again = _parse(channel, sample, rule)
    for index, draft in enumerate(drafts):
        where = f"{rule}: draft {index}"
        _require(isinstance(draft, ChannelDraft), f"{where} is a {type(draft).__name__}, "
                                                  "not a ChannelDraft")
        _require(draft.channel == channel.name,
                 f"{where} names channel {draft.channel!r}, the channel is {channel.name!r}")
        _require(isinstance(draft.external_id, str) and bool(draft.external_id.strip()),
                 f"{where} has an empty external_id; use the channel's own message id")
        _require(isinstance(draft.received_at, datetime)
                 and draft.received_at.utcoffset() is not None,
                 f"{where} has a naive received_at; attach a time zone")
        _require(isinstance(draft.text, str) and bool(draft.text.strip()),
                 f"{where} has no text; a complaint needs the customer's words")
    _require([d.external_id for d in drafts] == [d.external_id for d in again],
             f"{rule}: parsing the same payload twice gave different external_ids, so a "
             "redelivery would make a second complaint; derive the id from the payload")
    return drafts


def _only_quarantined(results: Sequence[IntakeResult], sample: Sample, rule: str) -> None:
    _require(len(results) == 1 and results[0].outcome == "quarantined",
             f"{rule}: receive gave {[r.outcome for r in results]}, expected one quarantined")
    kept = results[0].quarantined
    _require(kept is not None and kept.raw == sample.payload,
             f"{rule}: the quarantine did not keep the payload's raw bytes")


def check_idempotent(sdk: GreenChannel, channel: Channel, sample: Sample) -> None:
    """The same payload twice through ``receive`` registers once, then says ``duplicate``."""
    rule = "idempotency"
    first = sdk.receive(channel.name, sample.payload, sample.metadata)
    _require(bool(first) and all(r.outcome == "registered" for r in first),
             f"{rule}: the first delivery gave {[r.outcome for r in first]}, expected "
             f"registered ({_reasons(first)})")
    second = sdk.receive(channel.name, sample.payload, sample.metadata)
    _require(len(second) == len(first) and all(r.outcome == "duplicate" for r in second),
             f"{rule}: the redelivery gave {[r.outcome for r in second]}, expected "
             f"{len(first)} duplicate ({_reasons(second)})")
    numbers = [r.complaint.number for r in first if r.complaint is not None]
    again = [r.complaint.number for r in second if r.complaint is not None]
    _require(numbers == again, f"{rule}: the duplicate points at a different complaint")


def _reasons(results: Sequence[IntakeResult]) -> str:
    return "; ".join(r.quarantined.reason for r in results if r.quarantined is not None) \
        or "no quarantine"


def check_authenticity(sdk: GreenChannel, channel: Channel, sample: Sample) -> None:
    """A forged payload: ``ChannelAuthenticationError`` from parse, quarantined by receive."""
    rule = "authenticity"
    try:
        channel.parse(sample.payload, sample.metadata)
    except ChannelAuthenticationError:
        pass
    except Exception as exc:
        raise ConformanceFailure(f"{rule}: parse raised {type(exc).__name__}, expected "
                                 "ChannelAuthenticationError") from exc
    else:
        raise ConformanceFailure(f"{rule}: parse accepted the unauthentic sample")
    _only_quarantined(sdk.receive(channel.name, sample.payload, sample.metadata), sample, rule)


def check_size_limit(sdk: GreenChannel, channel: Channel, sample: Sample) -> None:
    """An oversize payload: ``ValidationError`` from parse, quarantined by receive."""
    _expect_validation_error(channel, sample, "size limit")
    _only_quarantined(sdk.receive(channel.name, sample.payload, sample.metadata), sample,
                      "size limit")


def _expect_validation_error(channel: Channel, sample: Sample, rule: str) -> None:
    try:
        channel.parse(sample.payload, sample.metadata)
    except ValidationError:
        return
    except Exception as exc:
        raise ConformanceFailure(
            f"{rule}: parse raised {type(exc).__name__} on {sample.payload[:40]!r}; a channel "
            "must raise only ValidationError for bad input"
        ) from exc
    raise ConformanceFailure(f"{rule}: parse accepted {sample.payload[:40]!r}")


def check_malformed(sdk: GreenChannel, channel: Channel, samples: Sequence[Sample],
                    metadata: Mapping[str, str] | None = None) -> None:
    """Malformed payloads raise ``ValidationError`` only and are quarantined, never lost.

    Besides the channel's own ``samples``, each of :data:`HOSTILE_PAYLOADS`
    is parsed with ``metadata`` (usually the valid sample's).  Those are
    generic, so one might be valid in some channel's format: the rule for
    them is only that ``parse`` raises nothing but the SDK's two intake
    errors (a signed channel rightly refuses an unsigned body).
    """
    _require(bool(samples), "malformed input: give at least one malformed sample")
    for sample in samples:
        _expect_validation_error(channel, sample, "malformed input")
        _only_quarantined(sdk.receive(channel.name, sample.payload, sample.metadata), sample,
                          "malformed input")
    for payload in HOSTILE_PAYLOADS:
        try:
            channel.parse(payload, dict(metadata or {}))
        except (ValidationError, ChannelAuthenticationError):
            continue
        except Exception as exc:
            raise ConformanceFailure(
                f"hostile input: parse raised {type(exc).__name__} on {payload[:40]!r}; a "
                "channel must raise only ValidationError or ChannelAuthenticationError"
            ) from exc


def check_unicode(sdk: GreenChannel, channel: Channel, sample: Sample) -> None:
    """:data:`UNICODE_TEXT` survives parse, registration, encryption and reading back."""
    rule = "unicode"
    drafts = _parse(channel, sample, rule)
    _require(any(UNICODE_TEXT in draft.text for draft in drafts),
             f"{rule}: no draft's text contains UNICODE_TEXT unchanged; check decoding")
    results = sdk.receive(channel.name, sample.payload, sample.metadata)
    registered = [r.complaint for r in results if r.outcome == "registered" and r.complaint]
    _require(bool(registered), f"{rule}: receive gave {[r.outcome for r in results]} "
                               f"({_reasons(results)})")
    stored = [sdk.get(complaint.number).text for complaint in registered]
    _require(any(UNICODE_TEXT in text for text in stored),
             f"{rule}: the stored complaint's text differs from what the customer wrote")


class ChannelConformance:
    """Subclass as ``class TestMyChannelConformance(ChannelConformance)`` in a pytest module.

    Implement :meth:`make_channel` (given the frozen clock the kit's SDK
    runs on, so time-checked channels agree with it) and :meth:`samples`.
    Set ``start`` to move the clock.  Each ``test_*`` method builds a fresh
    SDK in pytest's ``tmp_path``; a rule whose optional sample is ``None``
    is skipped with the reason.
    """

    start: datetime = DEFAULT_START

    def make_channel(self, clock: FrozenClock) -> Channel:
        raise NotImplementedError("return the channel under test, built on `clock`")

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        raise NotImplementedError("return the channel's ChannelSamples")

    @contextmanager
    def _setup(self, tmp_path: Path) -> Iterator[tuple[GreenChannel, Channel, ChannelSamples]]:
        clock = FrozenClock(self.start)
        channel = self.make_channel(clock)
        with sdk_with_channel(channel, tmp_path, clock=clock) as sdk:
            yield sdk, channel, self.samples(clock)

    def test_required_fields(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (_sdk, channel, samples):
            check_required_fields(channel, samples.valid)

    def test_idempotent(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (sdk, channel, samples):
            check_idempotent(sdk, channel, samples.valid)

    def test_authenticity(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (sdk, channel, samples):
            if samples.unauthentic is None:
                raise unittest.SkipTest("the channel has no authenticity check")
            check_authenticity(sdk, channel, samples.unauthentic)

    def test_size_limit(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (sdk, channel, samples):
            if samples.oversize is None:
                raise unittest.SkipTest("no oversize sample given")
            check_size_limit(sdk, channel, samples.oversize)

    def test_malformed(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (sdk, channel, samples):
            check_malformed(sdk, channel, samples.malformed, samples.valid.metadata)

    def test_unicode(self, tmp_path: Path) -> None:
        with self._setup(tmp_path) as (sdk, channel, samples):
            check_unicode(sdk, channel, samples.unicode)


class _FactorySuite(ChannelConformance):
    def __init__(self, channel_factory: Callable[[FrozenClock], Channel],
                 samples_factory: Callable[[FrozenClock], ChannelSamples]) -> None:
        self._channel_factory = channel_factory
        self._samples_factory = samples_factory

    def make_channel(self, clock: FrozenClock) -> Channel:
        return self._channel_factory(clock)

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        return self._samples_factory(clock)


def run_all(channel_factory: Callable[[FrozenClock], Channel],
            samples_factory: Callable[[FrozenClock], ChannelSamples]) -> list[str]:
    """Every rule once, outside pytest (a script, another runner); returns the skipped rules.

    Raises :class:`ConformanceFailure` at the first rule the channel breaks.
    """
    suite = _FactorySuite(channel_factory, samples_factory)
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gc-conformance-") as folder:
        for name in sorted(n for n in dir(suite) if n.startswith("test_")):
            try:
                getattr(suite, name)(Path(folder) / name)
            except unittest.SkipTest:
                skipped.append(name.removeprefix("test_"))
    return skipped
