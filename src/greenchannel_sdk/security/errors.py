"""Errors of the security primitives.

They live here until the integrator moves them into :mod:`greenchannel_sdk.errors`;
both derive from :class:`~greenchannel_sdk.errors.GreenChannelError` so a host
catching the base class already catches them.  Messages name key ids, row ids
and field names, never key material or the plaintext (S20).
"""

from __future__ import annotations

from ..errors import GreenChannelError

__all__ = ["DataErased", "DecryptionError", "KeyNotFound"]


class KeyNotFound(GreenChannelError, LookupError):
    """A key provider has no key under the requested id (retired, destroyed or mistyped).

    It is a :class:`LookupError`, so a bank's provider that raises
    :class:`KeyError` is understood the same way.
    """

    def __init__(self, provider: str, key_id: str) -> None:
        self.provider = provider
        self.key_id = key_id
        super().__init__(f"key provider {provider!r} has no key {key_id!r}")


class DecryptionError(GreenChannelError):
    """A stored token could not be decrypted, so no plaintext is returned at all.

    ``reason`` says why: the token is malformed, its key is unknown (retired
    or destroyed by crypto-erasure), or authentication failed because the
    ciphertext was altered or moved to another row or field.  Treat it like
    a failed integrity check: never retry with another key, investigate.
    """

    def __init__(self, reason: str, *, row_id: str, field: str, key_id: str | None = None) -> None:
        self.reason = reason
        self.row_id = row_id
        self.field = field
        self.key_id = key_id
        under = f" under key {key_id!r}" if key_id is not None else ""
        super().__init__(f"cannot decrypt field {field!r} of row {row_id!r}{under}: {reason}")


class DataErased(DecryptionError):
    """The data was erased on purpose: its owner's data key was destroyed (retention, S20).

    Unlike its base class this is no integrity alarm: storage turns it into
    the "erased" marker (:data:`~greenchannel_sdk.domain.ERASED_TEXT`) so
    listings and reports keep working.
    """

    def __init__(self, *, owner: str, key_id: str, row_id: str | None = None,
                 field: str | None = None) -> None:
        self.owner = owner
        super().__init__("the data key was destroyed: the data was erased",
                         row_id=row_id or owner, field=field or "data-key", key_id=key_id)
