"""Blind indexes: find a complaint by phone or ID number without storing either in clear (S20).

The index of a value is ``HMAC-SHA256(key, kind || 0x00 || canonical value)``
as 64 hex characters, stored in an indexed column beside the encrypted
field.  To search, compute the index of what the agent typed and look for
equal indexes.  The identifier kind is part of the MAC input, so the same
digits given as a phone and as an account number get unrelated indexes and
a leaked index of one kind says nothing about another.

Caveat: phone numbers, ID numbers and card numbers have little entropy; anyone
holding the HMAC key can index every possible phone number in hours.  The
index is only as strong as the secrecy of its key, which is why it is a
separate key (:data:`~.keys.BLIND_INDEX_KEY_ID`), never stored in the
database, and never rotated casually: a new key means recomputing every index.
"""

from __future__ import annotations

import hashlib
import hmac

from ..domain import CustomerIdentity
from ..errors import ConfigurationError
from ..interfaces import KeyProvider
from .identifiers import IdentifierKind, normalise
from .keys import BLIND_INDEX_KEY_ID, KEY_BYTES

__all__ = ["BlindIndexer"]


class BlindIndexer:
    """Computes blind indexes with one secret HMAC key of at least 32 bytes."""

    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise ConfigurationError(
                f"blind-index key is {len(key)} bytes; at least {KEY_BYTES} random bytes are "
                "needed because the indexed values themselves are easy to guess")
        self._key = key

    @classmethod
    def from_provider(cls, provider: KeyProvider) -> BlindIndexer:
        """The indexer keyed with the provider's :data:`~.keys.BLIND_INDEX_KEY_ID` key."""
        try:
            return cls(provider.key(BLIND_INDEX_KEY_ID))
        except LookupError as exc:
            raise ConfigurationError(
                f"key provider {provider.name!r} has no {BLIND_INDEX_KEY_ID!r} key; add one "
                "(generate it with greenchannel_sdk.security.generate_key())") from exc

    def index(self, kind: IdentifierKind | str, value: str) -> str:
        """The blind index of ``value`` read as an identifier of ``kind``.

        Raises :class:`~greenchannel_sdk.errors.ValidationError` when the
        value is not a valid identifier of that kind.
        """
        kind = IdentifierKind(kind)
        message = kind.value.encode("ascii") + b"\x00" + normalise(kind, value).encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def index_identity(self, identity: CustomerIdentity) -> dict[str, str]:
        """The index of every indexable field ``identity`` has, keyed by field name.

        Fields that are ``None`` are left out; an invalid value raises, so
        intake can reject it rather than store an index nobody will match.
        """
        indexes: dict[str, str] = {}
        for kind in IdentifierKind:
            value = getattr(identity, kind.value)
            if value is not None:
                indexes[kind.value] = self.index(kind, value)
        return indexes

    def __repr__(self) -> str:
        return "BlindIndexer(key=<hidden>)"
