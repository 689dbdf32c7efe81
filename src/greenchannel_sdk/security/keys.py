"""Key material: generating keys and the default, settings-backed key provider (S20).

A key is 32 random bytes (AES-256), written as standard base64 so it fits in
an environment variable or a secrets manager entry.  A key id names each
key; ciphertexts carry the id, so several keys can be live at once and the
newest one (the *current* key) is used for new writes while older ones still
decrypt what they wrote.

Which key is current in :class:`SettingsKeyProvider`: the one named by
``current`` when given, otherwise the **last** entry of the mapping that is
not reserved (mappings keep insertion order, and ``GREENCHANNEL_KEYS`` is
read left to right).  Rotation therefore means: append a new key, keep the
old ones until :func:`~greenchannel_sdk.security.cipher.FieldCipher.rotate_token`
has re-encrypted everything they protect, then remove them.

The id :data:`BLIND_INDEX_KEY_ID` is reserved for the blind-index key
(:mod:`.blind_index`): it is never current and never encrypts a field.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Mapping

from ..errors import ConfigurationError
from .errors import KeyNotFound

__all__ = [
    "BLIND_INDEX_KEY_ID",
    "KEY_BYTES",
    "SettingsKeyProvider",
    "check_key_id",
    "decode_key",
    "generate_key",
]

#: Length of every key: AES-256 and HMAC-SHA256 both want 32 bytes.
KEY_BYTES = 32

#: Key id under which a provider serves the blind-index (HMAC) key.
BLIND_INDEX_KEY_ID = "blind-index"

# Key ids end up inside tokens ("v1:<key_id>:...") and in log lines, so they
# are short, printable and free of the ':' separator.
_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def generate_key() -> str:
    """A new random key, base64-encoded, ready for ``Settings.keys`` or ``GREENCHANNEL_KEYS``."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def check_key_id(key_id: str) -> str:
    """Return ``key_id`` if it can go into a token; raise :class:`ConfigurationError` if not."""
    if not _KEY_ID.fullmatch(key_id):
        raise ConfigurationError(
            f"key id {key_id!r} is not allowed: use 1 to 64 letters, digits, '.', '_' or '-'")
    return key_id


def decode_key(key_id: str, material: str) -> bytes:
    """Decode base64 ``material`` into a 32-byte key, never echoing the material in errors."""
    try:
        key = base64.b64decode(material.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigurationError(
            f"key {key_id!r} is not valid base64 (key material not shown); "
            "generate one with greenchannel_sdk.security.generate_key()") from exc
    if len(key) != KEY_BYTES:
        raise ConfigurationError(
            f"key {key_id!r} decodes to {len(key)} bytes, expected {KEY_BYTES} "
            "(key material not shown); generate one with "
            "greenchannel_sdk.security.generate_key()")
    return key


class SettingsKeyProvider:
    """Keys straight from configuration: ``Settings.keys`` maps key id to base64 key.

    Good for development and for banks whose secrets manager injects
    environment variables.  Banks with a KMS or HSM register their own
    provider instead (see ``docs/security.md``).  Every key is decoded and
    checked when the provider is built, so bad material fails at start-up,
    not at the first complaint.  An empty mapping is accepted (the bank may
    use another provider) and only fails when a key is asked for.
    """

    name = "settings"

    def __init__(self, keys: Mapping[str, str], *, current: str | None = None) -> None:
        self._keys = {check_key_id(key_id): decode_key(key_id, material)
                      for key_id, material in keys.items()}
        usable = [key_id for key_id in self._keys if key_id != BLIND_INDEX_KEY_ID]
        if current is not None and current not in usable:
            raise ConfigurationError(
                f"current key {current!r} is not among the configured encryption keys "
                f"{sorted(usable)}")
        self._current = current if current is not None else (usable[-1] if usable else None)

    def current_key_id(self) -> str:
        if self._current is None:
            raise ConfigurationError(
                "no encryption key configured: set Settings.keys (or GREENCHANNEL_KEYS="
                "'id=base64key'); generate a key with greenchannel_sdk.security.generate_key()")
        return self._current

    def key(self, key_id: str) -> bytes:
        try:
            return self._keys[key_id]
        except KeyError:
            raise KeyNotFound(self.name, key_id) from None

    def __repr__(self) -> str:
        return f"SettingsKeyProvider(key_ids={list(self._keys)!r}, current={self._current!r})"
