"""The channel conformance kit catches each way a channel can break the intake contract (S1, P2).

A kit that passed everything would be worse than none, so every rule is
shown failing on a channel broken in exactly that way, and passing on a
minimal correct channel written here as a third party would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from greenchannel_sdk.domain import ChannelDraft
from greenchannel_sdk.errors import ChannelAuthenticationError, ValidationError
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.testing import FrozenClock
from greenchannel_sdk.testing.channels import (
    UNICODE_TEXT,
    ChannelConformance,
    ChannelSamples,
    ConformanceFailure,
    Sample,
    check_authenticity,
    check_idempotent,
    check_malformed,
    check_required_fields,
    check_size_limit,
    check_unicode,
    run_all,
    sdk_with_channel,
)


class TinyChannel:
    """A correct channel: ``{"id": ..., "text": ...}`` with a shared-token header."""

    name = "tiny"
    limit = 1000

    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        if len(payload) > self.limit:
            raise ValidationError("too large", {"body": f"limit {self.limit} bytes"})
        if metadata.get("token") != "good":
            raise ChannelAuthenticationError("wrong token")
        try:
            document = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError, ValueError):
            raise ValidationError("not JSON", {"body": "not JSON"}) from None
        if not isinstance(document, dict) or not all(
                isinstance(document.get(k), str) and document[k].strip()
                for k in ("id", "text")):
            raise ValidationError("bad message", {"body": "needs id and text strings"})
        try:
            document["text"].encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("bad text", {"text": "unpaired surrogate"}) from None
        return [self.draft(document)]

    def draft(self, document: dict[str, Any]) -> ChannelDraft:
        return ChannelDraft(channel=self.name, external_id=document["id"],
                            received_at=self.clock.now(), text=document["text"])


def sample(document: Any, token: str = "good") -> Sample:
    return Sample(json.dumps(document, ensure_ascii=False).encode(), {"token": token})


def tiny_samples(_clock: FrozenClock) -> ChannelSamples:
    return ChannelSamples(
        valid=sample({"id": "m-1", "text": "ATM 吞卡"}),
        malformed=[sample({"id": "m-2"}), Sample(b"{", {"token": "good"})],
        unicode=sample({"id": "m-3", "text": UNICODE_TEXT}),
        unauthentic=sample({"id": "m-1", "text": "ATM 吞卡"}, token="forged"),
        oversize=sample({"id": "m-4", "text": "x" * 2000}))


class TestTinyChannelConformance(ChannelConformance):
    """The subclassing pattern of docs/channels/writing-a-channel.md, on a correct channel."""

    def make_channel(self, clock: FrozenClock) -> Channel:
        return TinyChannel(clock)

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        return tiny_samples(clock)


def test_run_all_passes_a_correct_channel_and_names_skipped_rules() -> None:
    def without_optional(clock: FrozenClock) -> ChannelSamples:
        full = tiny_samples(clock)
        return ChannelSamples(valid=full.valid, malformed=full.malformed,
                              unicode=full.unicode)

    assert run_all(TinyChannel, without_optional) == ["authenticity", "size_limit"]


class UnstableId(TinyChannel):
    def draft(self, document: dict[str, Any]) -> ChannelDraft:
        self.clock.advance(seconds=1)
        return ChannelDraft(channel=self.name, external_id=str(self.clock.now().timestamp()),
                            received_at=self.clock.now(), text=document["text"])


class NaiveTime(TinyChannel):
    def draft(self, document: dict[str, Any]) -> ChannelDraft:
        return ChannelDraft(channel=self.name, external_id=document["id"],
                            received_at=datetime(2026, 3, 2, 9), text=document["text"])


class WrongName(TinyChannel):
    def draft(self, document: dict[str, Any]) -> ChannelDraft:
        return ChannelDraft(channel="other", external_id=document["id"],
                            received_at=self.clock.now(), text=document["text"])


@pytest.mark.parametrize(("broken", "message"), [
    (UnstableId, "different external_ids"),
    (NaiveTime, "naive received_at"),
    (WrongName, "names channel 'other'"),
])
def test_required_fields_rule_catches(broken: type[TinyChannel], message: str) -> None:
    with pytest.raises(ConformanceFailure, match=message):
        check_required_fields(broken(FrozenClock()), tiny_samples(FrozenClock()).valid)


class CrashesOnGarbage(TinyChannel):
    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        document = json.loads(payload)  # raises JSONDecodeError, not the SDK's error
        return [self.draft(document)]


def test_malformed_rule_catches_a_foreign_exception(tmp_path: Path) -> None:
    clock = FrozenClock()
    channel = CrashesOnGarbage(clock)
    with sdk_with_channel(channel, tmp_path, clock=clock) as sdk, \
            pytest.raises(ConformanceFailure, match="JSONDecodeError"):
        check_malformed(sdk, channel, [Sample(b"{", {"token": "good"})])


class AcceptsAnything(TinyChannel):
    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        return [ChannelDraft(channel=self.name, external_id="x", received_at=self.clock.now(),
                             text="x")]


@pytest.mark.parametrize(("check", "field", "message"), [
    (check_authenticity, "unauthentic", "accepted the unauthentic sample"),
    (check_size_limit, "oversize", "parse accepted"),
])
def test_refusal_rules_catch_a_channel_that_accepts(tmp_path: Path, check: Any, field: str,
                                                    message: str) -> None:
    clock = FrozenClock()
    channel = AcceptsAnything(clock)
    with sdk_with_channel(channel, tmp_path, clock=clock) as sdk, \
            pytest.raises(ConformanceFailure, match=message):
        check(sdk, channel, getattr(tiny_samples(clock), field))


class RandomIdPerDelivery(TinyChannel):
    """Stable within one parse pair but new per delivery: a redelivery becomes a new complaint."""

    deliveries = 0

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        draft, = super().parse(payload, metadata)
        RandomIdPerDelivery.deliveries += 1
        return [ChannelDraft(channel=self.name, external_id=f"d{self.deliveries}",
                             received_at=draft.received_at, text=draft.text)]


def test_idempotency_rule_catches_a_second_complaint(tmp_path: Path) -> None:
    clock = FrozenClock()
    channel = RandomIdPerDelivery(clock)
    with sdk_with_channel(channel, tmp_path, clock=clock) as sdk, \
            pytest.raises(ConformanceFailure, match="expected 1 duplicate"):
        check_idempotent(sdk, channel, tiny_samples(clock).valid)


class MangledText(TinyChannel):
    def draft(self, document: dict[str, Any]) -> ChannelDraft:
        text = document["text"].encode("utf-8").decode("latin-1")  # the classic mistake
        return ChannelDraft(channel=self.name, external_id=document["id"],
                            received_at=self.clock.now(), text=text)


def test_unicode_rule_catches_mojibake(tmp_path: Path) -> None:
    clock = FrozenClock()
    channel = MangledText(clock)
    with sdk_with_channel(channel, tmp_path, clock=clock) as sdk, \
            pytest.raises(ConformanceFailure, match="UNICODE_TEXT"):
        check_unicode(sdk, channel, tiny_samples(clock).unicode)


def test_unicode_text_covers_both_scripts_and_astral_emoji() -> None:
    assert "帳戶" in UNICODE_TEXT  # Traditional
    assert "账户" in UNICODE_TEXT  # Simplified
    assert any(ord(ch) > 0xFFFF for ch in UNICODE_TEXT)  # outside the BMP


class CrashesOnEmpty(TinyChannel):
    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        if payload[0:1] == b"{":
            return super().parse(payload, metadata)
        raise IndexError("the channel assumed a first byte")


def test_malformed_rule_tries_generic_hostile_payloads_too(tmp_path: Path) -> None:
    clock = FrozenClock()
    channel = CrashesOnEmpty(clock)
    with sdk_with_channel(channel, tmp_path, clock=clock) as sdk, \
            pytest.raises(ConformanceFailure, match="hostile input: parse raised IndexError"):
        check_malformed(sdk, channel, [Sample(b"{", {"token": "good"})], {"token": "good"})
