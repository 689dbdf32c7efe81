"""Optional HMAC check that a call record really comes from the bank's telephony system.

The telephony system signs each request: ``X-Greenchannel-Timestamp`` is the
Unix time in seconds, ``X-Greenchannel-Signature`` the lower-case hex
HMAC-SHA256, under a shared secret, of ``<timestamp>.<body>``.  Binding the
timestamp into the signature and refusing old timestamps stops a captured
request from being replayed later; a replay inside the window repeats a
``call_id``, which intake recognises as a redelivery.

Kept in one small module so a verifier shared by all channels can replace it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import timedelta

import attrs
from greenchannel_sdk.clock import Clock, SystemClock
from greenchannel_sdk.errors import ChannelAuthenticationError, ConfigurationError

__all__ = ["SIGNATURE_HEADER", "TIMESTAMP_HEADER", "HmacVerifier", "sign"]

SIGNATURE_HEADER = "X-Greenchannel-Signature"
TIMESTAMP_HEADER = "X-Greenchannel-Timestamp"

_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_UNIX_SECONDS = re.compile(r"[0-9]{1,12}")


def sign(secret: bytes, timestamp: int | str, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp`` (Unix seconds, as sent)."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _header(metadata: Mapping[str, str], name: str) -> str | None:
    """Header lookup that ignores case and ``-``/``_`` (frameworks spell headers differently)."""
    wanted = name.lower().replace("_", "-")
    for key, value in metadata.items():
        if key.lower().replace("_", "-") == wanted:
            return value
    return None


def _secret(_instance: object, _attribute: attrs.Attribute[bytes], value: bytes) -> None:
    if len(value) < 16:
        raise ConfigurationError("the call-centre shared secret must be at least 16 bytes")


@attrs.frozen
class HmacVerifier:
    """Checks the signature headers of one request; raises ChannelAuthenticationError.

    ``max_skew`` is how far the timestamp may be from the verifier's clock,
    either way (clocks drift; requests queue).
    """

    secret: bytes = attrs.field(repr=False, validator=_secret)
    max_skew: timedelta = timedelta(minutes=5)
    clock: Clock = attrs.field(factory=SystemClock)

    def verify(self, body: bytes, metadata: Mapping[str, str]) -> None:
        signature = _header(metadata, SIGNATURE_HEADER)
        timestamp = _header(metadata, TIMESTAMP_HEADER)
        if signature is None or timestamp is None:
            raise ChannelAuthenticationError(
                f"call record is not signed: send {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}"
            )
        timestamp = timestamp.strip()
        if not _UNIX_SECONDS.fullmatch(timestamp):
            raise ChannelAuthenticationError(f"{TIMESTAMP_HEADER} must be Unix time in seconds")
        skew = abs(self.clock.now().timestamp() - int(timestamp))
        if skew > self.max_skew.total_seconds():
            limit = int(self.max_skew.total_seconds())
            raise ChannelAuthenticationError(
                f"{TIMESTAMP_HEADER} is {int(skew)} s away from now (limit {limit} s): "
                "a stale or replayed request, or a drifting clock"
            )
        expected = sign(self.secret, timestamp, body)
        given = signature.strip()
        if not (_HEX_DIGEST.fullmatch(given) and hmac.compare_digest(given.lower(), expected)):
            raise ChannelAuthenticationError(
                f"{SIGNATURE_HEADER} does not match the body: wrong secret or altered request"
            )
