"""Signed webhooks (S1, S20): authenticity, tampering, freshness and replays."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import pytest

from greenchannel_sdk.errors import ChannelAuthenticationError, ConfigurationError
from greenchannel_sdk.security import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemoryReplayGuard,
    WebhookSigner,
    WebhookVerifier,
)

SECRET = "s3cret-shared-with-the-bank-web-form"
BODY = '{"text": "我的卡被盗刷", "phone": "13800138000"}'.encode()
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _signed(clock: FakeClock, body: bytes = BODY) -> dict[str, str]:
    return WebhookSigner(SECRET, clock=clock).headers(body)


def test_signature_is_hmac_sha256_over_timestamp_dot_body(clock: FakeClock) -> None:
    headers = _signed(clock)
    timestamp = str(int(START.timestamp()))
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + BODY,
                        hashlib.sha256).hexdigest()
    assert headers == {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: f"v1={expected}"}


def test_fresh_signed_body_is_accepted(clock: FakeClock) -> None:
    headers = _signed(clock)
    clock.current += timedelta(seconds=30)
    WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


def test_header_names_are_case_insensitive(clock: FakeClock) -> None:
    headers = {name.lower(): value for name, value in _signed(clock).items()}
    WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


def test_tampered_body_is_rejected(clock: FakeClock) -> None:
    headers = _signed(clock)
    with pytest.raises(ChannelAuthenticationError, match="body was altered"):
        WebhookVerifier(SECRET, clock=clock).verify(BODY.replace(b"138", b"139"), headers)


def test_tampered_timestamp_is_rejected(clock: FakeClock) -> None:
    headers = _signed(clock)
    headers[TIMESTAMP_HEADER] = str(int(headers[TIMESTAMP_HEADER]) + 1)
    with pytest.raises(ChannelAuthenticationError, match="does not match"):
        WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


def test_wrong_secret_is_rejected(clock: FakeClock) -> None:
    with pytest.raises(ChannelAuthenticationError, match="wrong secret"):
        WebhookVerifier("another-secret-of-enough-length", clock=clock).verify(
            BODY, _signed(clock))


@pytest.mark.parametrize("missing", [TIMESTAMP_HEADER, SIGNATURE_HEADER])
def test_missing_header_is_rejected(clock: FakeClock, missing: str) -> None:
    headers = _signed(clock)
    del headers[missing]
    with pytest.raises(ChannelAuthenticationError, match="missing"):
        WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


@pytest.mark.parametrize(("header", "value", "reason"), [
    (TIMESTAMP_HEADER, "yesterday", "whole epoch seconds"),
    (TIMESTAMP_HEADER, "-5", "whole epoch seconds"),
    (SIGNATURE_HEADER, "sha1=abc", "no v1= signature"),
    (SIGNATURE_HEADER, "v1=签名", "does not match"),
])
def test_malformed_headers_are_rejected(clock: FakeClock, header: str, value: str,
                                        reason: str) -> None:
    headers = _signed(clock)
    headers[header] = value
    with pytest.raises(ChannelAuthenticationError, match=reason):
        WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


@pytest.mark.parametrize("delay", [timedelta(seconds=301), timedelta(hours=5),
                                   -timedelta(seconds=301)])
def test_signed_body_outside_the_window_is_rejected_as_replay(clock: FakeClock,
                                                              delay: timedelta) -> None:
    headers = _signed(clock)
    clock.current += delay
    with pytest.raises(ChannelAuthenticationError, match="outside the 300 s window"):
        WebhookVerifier(SECRET, tolerance_seconds=300, clock=clock).verify(BODY, headers)


def test_replay_guard_rejects_second_use_inside_the_window(clock: FakeClock) -> None:
    verifier = WebhookVerifier(SECRET, clock=clock, replay_guard=MemoryReplayGuard())
    headers = _signed(clock)
    verifier.verify(BODY, headers)
    clock.current += timedelta(seconds=10)
    with pytest.raises(ChannelAuthenticationError, match="replay"):
        verifier.verify(BODY, headers)


def test_replay_guard_accepts_distinct_requests(clock: FakeClock) -> None:
    verifier = WebhookVerifier(SECRET, clock=clock, replay_guard=MemoryReplayGuard())
    verifier.verify(BODY, _signed(clock))
    verifier.verify(BODY + b" ", _signed(clock, BODY + b" "))


def test_replay_guard_forgets_expired_signatures() -> None:
    guard = MemoryReplayGuard()
    assert guard.first_use("sig", expires_at=100.0, now=0.0)
    assert not guard.first_use("sig", expires_at=100.0, now=50.0)
    assert guard.first_use("sig", expires_at=300.0, now=200.0)


def test_previous_secret_still_verifies_during_rotation(clock: FakeClock) -> None:
    verifier = WebhookVerifier("the-new-secret-after-rotation", clock=clock,
                               previous_secrets=[SECRET])
    verifier.verify(BODY, _signed(clock))


def test_any_of_several_offered_signatures_may_match(clock: FakeClock) -> None:
    headers = _signed(clock)
    headers[SIGNATURE_HEADER] = f"v1={'0' * 64}, {headers[SIGNATURE_HEADER]}"
    WebhookVerifier(SECRET, clock=clock).verify(BODY, headers)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 16"):
        WebhookSigner("short")
    with pytest.raises(ConfigurationError, match="at least 16"):
        WebhookVerifier(SECRET, previous_secrets=["short"])


def test_secrets_are_not_in_repr() -> None:
    assert SECRET not in repr(WebhookSigner(SECRET))
    assert SECRET not in repr(WebhookVerifier(SECRET))
