"""Field-level encryption (S20): one AES-256-GCM ciphertext per stored field.

A token is plain ASCII, so it fits a ``VARCHAR``/``TEXT`` column::

    v1:<key_id>:<base64(nonce || ciphertext || tag)>

``v1`` lets the format change later without guessing; ``key_id`` says which
key decrypts it, so keys can rotate while old rows stay readable.  The nonce
is 96 random bits, fresh for every encryption.

The associated data binds the format version, key id, row id and field name.
A ciphertext copied into another row, or from the ``phone`` column into the
``email`` column, therefore fails authentication instead of decrypting to
someone else's data.  Any failure raises :class:`DecryptionError`; a caller
never receives garbage.

The cipher keeps no key material of its own: it asks the provider on every
call, so retiring or destroying a key at the provider takes effect at once.
Providers backed by a remote KMS should cache keys for a bounded time.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import ConfigurationError
from ..interfaces import KeyProvider
from .errors import DecryptionError
from .keys import KEY_BYTES, check_key_id

__all__ = ["TOKEN_VERSION", "FieldCipher", "token_key_id"]

#: The token format this module writes and reads.
TOKEN_VERSION = "v1"

_NONCE_BYTES = 12
_TAG_BYTES = 16


def token_key_id(token: str) -> str:
    """The key id a token was written under, without decrypting it.

    Storage uses it to find the (data) key a row needs and to count rows
    still under a retired key.  Raises :class:`ValueError` for a string
    that is not a token.
    """
    version, key_id, _ = _split(token)
    if version != TOKEN_VERSION or not key_id:
        raise ValueError(f"not a {TOKEN_VERSION} field token")
    return key_id


def _split(token: str) -> tuple[str, str, str]:
    version, _, rest = token.partition(":")
    key_id, _, payload = rest.partition(":")
    return version, key_id, payload


def _associated_data(key_id: str, row_id: str, field: str) -> bytes:
    # Length-prefixed parts, so ("ab", "c") and ("a", "bc") can never collide.
    parts = (TOKEN_VERSION, key_id, row_id, field)
    encoded = [part.encode("utf-8") for part in parts]
    return b"".join(struct.pack(">I", len(part)) + part for part in encoded)


def _require_names(row_id: str, field: str) -> None:
    if not row_id:
        raise ValueError("row_id must be a non-empty string: it is bound into the ciphertext")
    if not field:
        raise ValueError("field must be a non-empty string: it is bound into the ciphertext")


class FieldCipher:
    """Encrypts and decrypts single fields with the keys of one :class:`KeyProvider`."""

    def __init__(self, key_provider: KeyProvider) -> None:
        self._provider = key_provider

    @property
    def provider(self) -> KeyProvider:
        return self._provider

    def encrypt(self, plaintext: str, *, row_id: str, field: str) -> str:
        """Encrypt ``plaintext`` for column ``field`` of row ``row_id`` under the current key."""
        if not isinstance(plaintext, str):
            raise TypeError(
                f"field {field!r}: plaintext must be str, got {type(plaintext).__name__}")
        _require_names(row_id, field)
        key_id = check_key_id(self._provider.current_key_id())
        try:
            key = self._provider.key(key_id)
        except LookupError as exc:
            raise ConfigurationError(
                f"key provider {self._provider.name!r} names {key_id!r} as current "
                "but cannot return it") from exc
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead(key_id, key).encrypt(
            nonce, plaintext.encode("utf-8"), _associated_data(key_id, row_id, field))
        payload = base64.b64encode(nonce + sealed).decode("ascii")
        return f"{TOKEN_VERSION}:{key_id}:{payload}"

    def decrypt(self, token: str, *, row_id: str, field: str) -> str:
        """Return the plaintext of ``token``, or raise :class:`DecryptionError`."""
        if not isinstance(token, str):
            raise TypeError(f"field {field!r}: token must be str, got {type(token).__name__}")
        _require_names(row_id, field)
        version, key_id, payload = _split(token)
        if version != TOKEN_VERSION or not key_id or not payload:
            raise DecryptionError(f"not a {TOKEN_VERSION} token (malformed or not encrypted)",
                                  row_id=row_id, field=field)
        try:
            blob = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            raise DecryptionError("token payload is not valid base64", row_id=row_id,
                                  field=field, key_id=key_id) from None
        if len(blob) < _NONCE_BYTES + _TAG_BYTES:
            raise DecryptionError("token payload is too short to be a ciphertext",
                                  row_id=row_id, field=field, key_id=key_id)
        try:
            key = self._provider.key(key_id)
        except LookupError:
            raise DecryptionError(
                f"key provider {self._provider.name!r} does not know this key "
                "(retired too early, destroyed by crypto-erasure, or wrong provider)",
                row_id=row_id, field=field, key_id=key_id) from None
        try:
            plain = self._aead(key_id, key).decrypt(
                blob[:_NONCE_BYTES], blob[_NONCE_BYTES:],
                _associated_data(key_id, row_id, field))
        except InvalidTag:
            raise DecryptionError(
                "authentication failed: the token was altered, or belongs to another "
                "row or field", row_id=row_id, field=field, key_id=key_id) from None
        return plain.decode("utf-8")

    def is_current(self, token: str) -> bool:
        """True when ``token`` is already under the provider's current key (rotation check)."""
        return token_key_id(token) == self._provider.current_key_id()

    def rotate_token(self, token: str, *, row_id: str, field: str) -> str:
        """Re-encrypt ``token`` under the current key; a token already current is returned as is.

        Returning the same string lets a rotation job skip the write, so it
        can be rerun after an interruption at little cost.
        """
        if self.is_current(token):
            return token
        return self.encrypt(self.decrypt(token, row_id=row_id, field=field),
                            row_id=row_id, field=field)

    def _aead(self, key_id: str, key: bytes) -> AESGCM:
        if len(key) != KEY_BYTES:
            raise ConfigurationError(
                f"key provider {self._provider.name!r} returned {len(key)} bytes for key "
                f"{key_id!r}; AES-256 needs {KEY_BYTES}")
        return AESGCM(key)
