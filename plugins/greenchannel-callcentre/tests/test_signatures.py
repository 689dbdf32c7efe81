"""Optional HMAC authenticity: a forged, altered or stale push is refused (S1, S20)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from greenchannel_sdk.errors import ChannelAuthenticationError, ConfigurationError

from greenchannel_callcentre import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    CallCentreChannel,
    HmacVerifier,
    sign,
)

from .conftest import NOW, FixedClock, body, record

SECRET = b"telephony-shared-secret-2026"
STAMP = int(NOW.timestamp())

Tamper = Callable[[bytes, dict[str, str]], tuple[bytes, dict[str, str]]]


def signed_channel(clock: FixedClock | None = None) -> CallCentreChannel:
    clock = clock or FixedClock()
    return CallCentreChannel(clock=clock, verifier=HmacVerifier(SECRET, clock=clock))


def headers(payload: bytes, *, secret: bytes = SECRET, stamp: int = STAMP) -> dict[str, str]:
    return {SIGNATURE_HEADER: sign(secret, stamp, payload), TIMESTAMP_HEADER: str(stamp)}


def test_correctly_signed_push_is_accepted() -> None:
    payload = body(record())
    assert signed_channel().parse(payload, headers(payload))[0].external_id == "CALL-20261130-0001"


def test_header_names_are_matched_whatever_their_case_or_separator() -> None:
    payload = body(record())
    spelled = {key.upper().replace("-", "_"): value for key, value in headers(payload).items()}
    assert signed_channel().parse(payload, spelled)


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # known answer computed independently of this code, with openssl:
    # printf '1700000000.{}' | openssl dgst -sha256 -hmac 'telephony-shared-secret-2026'
    expected = "cb62d1560e4898df3a52c4127602eaf479a93131c2a708e8587bfee67709ac67"
    assert sign(SECRET, 1700000000, b"{}") == expected


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda p, h: (p, {}), "not signed"),
        (lambda p, h: (p, {**h, SIGNATURE_HEADER: "00" * 32}), "does not match"),
        (lambda p, h: (p, {**h, SIGNATURE_HEADER: "not hex at all"}), "does not match"),
        (lambda p, h: (p, {**h, SIGNATURE_HEADER: "é" * 64}), "does not match"),
        (lambda p, h: (p.replace(b"4980.00", b"9980.00"), h), "does not match"),
        (lambda p, h: (p, headers(p, secret=b"another-secret-of-16+")), "does not match"),
        (lambda p, h: (p, {**h, TIMESTAMP_HEADER: "yesterday"}), "Unix time"),
        (lambda p, h: (p, headers(p, stamp=STAMP - 301)), "stale or replayed"),
        (lambda p, h: (p, headers(p, stamp=STAMP + 301)), "stale or replayed"),
    ],
)
def test_forged_altered_or_stale_pushes_are_refused(tamper: Tamper, reason: str) -> None:
    payload = body(record())
    sent, sent_headers = tamper(payload, headers(payload))
    with pytest.raises(ChannelAuthenticationError, match=reason):
        signed_channel().parse(sent, sent_headers)


def test_skew_within_the_window_is_accepted() -> None:
    payload = body(record())
    assert signed_channel().parse(payload, headers(payload, stamp=STAMP - 299))


def test_signature_is_checked_before_the_body_is_parsed() -> None:
    with pytest.raises(ChannelAuthenticationError):
        signed_channel().parse(b"not json", {})


def test_window_is_configurable() -> None:
    clock = FixedClock()
    channel = CallCentreChannel(
        clock=clock, verifier=HmacVerifier(SECRET, max_skew=timedelta(seconds=10), clock=clock)
    )
    payload = body(record())
    with pytest.raises(ChannelAuthenticationError):
        channel.parse(payload, headers(payload, stamp=STAMP - 11))


def test_short_secret_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        HmacVerifier(b"short")


def test_secret_is_not_in_the_repr() -> None:
    assert "telephony" not in repr(HmacVerifier(SECRET))
