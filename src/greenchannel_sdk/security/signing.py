"""Signed webhooks: authenticity and freshness of payloads in transit (S1, S20).

A sender signs ``<timestamp>.<body>`` with HMAC-SHA256 under a shared secret
and sends two headers::

    X-GreenChannel-Timestamp: 1767225600
    X-GreenChannel-Signature: v1=<64 hex digits>

The receiver recomputes the MAC in constant time and refuses a payload whose
timestamp is outside its tolerance window, so a captured request cannot be
replayed later; an optional :class:`ReplayGuard` also refuses a second use of
the same signature inside the window.  Channel plugins call
:meth:`WebhookVerifier.verify` first thing in ``parse`` (the SDK then
quarantines the payload with the reason), and the outbox can sign what it
posts to a bank's systems with :class:`WebhookSigner`.

Several ``v1=`` entries may be sent comma-separated, and a verifier may hold
previous secrets, so a secret can be rotated without a flag day.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Protocol

from ..clock import Clock, SystemClock
from ..errors import ChannelAuthenticationError, ConfigurationError

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "MemoryReplayGuard",
    "ReplayGuard",
    "WebhookSigner",
    "WebhookVerifier",
]

TIMESTAMP_HEADER = "X-GreenChannel-Timestamp"
SIGNATURE_HEADER = "X-GreenChannel-Signature"
_SCHEME = "v1"
_MIN_SECRET_BYTES = 16


def _secret_bytes(secret: bytes | str) -> bytes:
    raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if len(raw) < _MIN_SECRET_BYTES:
        raise ConfigurationError(
            f"webhook secret is {len(raw)} bytes; use at least {_MIN_SECRET_BYTES} random "
            "bytes (for example greenchannel_sdk.security.generate_key())")
    return raw


def _mac(secret: bytes, timestamp: str, body: bytes) -> str:
    return hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


class WebhookSigner:
    """Produces the signature headers for a request body."""

    def __init__(self, secret: bytes | str, *, clock: Clock | None = None) -> None:
        self._secret = _secret_bytes(secret)
        self._clock = clock or SystemClock()

    def headers(self, body: bytes) -> dict[str, str]:
        """The two headers to send with ``body``, signed at the clock's current second."""
        timestamp = str(int(self._clock.now().timestamp()))
        return {TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: f"{_SCHEME}={_mac(self._secret, timestamp, body)}"}

    def __repr__(self) -> str:
        return "WebhookSigner(secret=<hidden>)"


class ReplayGuard(Protocol):
    """Remembers accepted signatures until they expire.

    ``first_use`` records ``signature`` until ``expires_at`` (epoch seconds)
    and returns ``False`` if it was already recorded and has not expired.
    A deployment with several processes needs a shared implementation (a
    database table with a unique key, Redis ``SET NX EX``).
    """

    def first_use(self, signature: str, expires_at: float, now: float) -> bool: ...


class MemoryReplayGuard:
    """A :class:`ReplayGuard` for one process; forgets each signature once it expires."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}

    def first_use(self, signature: str, expires_at: float, now: float) -> bool:
        self._expiry = {sig: until for sig, until in self._expiry.items() if until > now}
        if signature in self._expiry:
            return False
        self._expiry[signature] = expires_at
        return True


class WebhookVerifier:
    """Checks signature headers; raises :class:`ChannelAuthenticationError` saying why not.

    ``tolerance_seconds`` is how far the sender's timestamp may be from the
    receiver's clock, in either direction.
    """

    def __init__(self, secret: bytes | str, *, tolerance_seconds: int = 300,
                 clock: Clock | None = None, previous_secrets: Sequence[bytes | str] = (),
                 replay_guard: ReplayGuard | None = None) -> None:
        if tolerance_seconds <= 0:
            raise ConfigurationError("tolerance_seconds must be positive")
        self._secrets = [_secret_bytes(s) for s in (secret, *previous_secrets)]
        self._tolerance = tolerance_seconds
        self._clock = clock or SystemClock()
        self._replay_guard = replay_guard

    def verify(self, body: bytes, headers: Mapping[str, str]) -> None:
        """Accept ``body`` or raise; header names are matched case-insensitively."""
        lowered = {name.lower(): value for name, value in headers.items()}
        timestamp = lowered.get(TIMESTAMP_HEADER.lower())
        signature_header = lowered.get(SIGNATURE_HEADER.lower())
        if timestamp is None or signature_header is None:
            raise ChannelAuthenticationError(
                f"missing {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header")
        timestamp = timestamp.strip()
        if not timestamp.isascii() or not timestamp.isdigit():
            raise ChannelAuthenticationError(f"{TIMESTAMP_HEADER} must be whole epoch seconds")
        offered = [value.strip()[len(_SCHEME) + 1:]
                   for value in signature_header.split(",")
                   if value.strip().startswith(f"{_SCHEME}=")]
        if not offered:
            raise ChannelAuthenticationError(f"{SIGNATURE_HEADER} has no {_SCHEME}= signature")
        matched = next((sig for sig in offered for secret in self._secrets
                        if hmac.compare_digest(sig.encode("ascii", "replace"),
                                               _mac(secret, timestamp, body).encode("ascii"))),
                       None)
        if matched is None:
            raise ChannelAuthenticationError(
                "signature does not match the body (wrong secret, or the body was altered)")
        now = self._clock.now().timestamp()
        if abs(now - int(timestamp)) > self._tolerance:
            raise ChannelAuthenticationError(
                f"timestamp is {int(now - int(timestamp))} s from now, outside the "
                f"{self._tolerance} s window (replayed, or the sender's clock is wrong)")
        if self._replay_guard is not None and not self._replay_guard.first_use(
                matched, int(timestamp) + self._tolerance, now):
            raise ChannelAuthenticationError(
                "this signature was already accepted once: the request is a replay")

    def __repr__(self) -> str:
        return f"WebhookVerifier(secrets=<{len(self._secrets)} hidden>, " \
               f"tolerance_seconds={self._tolerance})"
