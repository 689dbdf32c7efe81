"""Per-owner data keys, for crypto-erasure (S20, retention).

Envelope encryption: each *owner* (any string the storage layer chooses;
the SDK uses one per complaint, ``"complaint:<id>"``, see
:mod:`.codec`) gets its own random 32-byte data key.  The data key encrypts
that owner's fields; the master key from the key provider only *wraps* the
data key.  Storage keeps the wrapped data key in a row of its own.

Destroying that one wrapped key is crypto-erasure: every ciphertext of the
owner, in the database, its replicas and backups made afterwards, becomes
unreadable without touching them, and no other owner is affected.  Rotating
the master key only rewraps the small data-key rows
(:meth:`DataKeyring.rewrap`), never the data.

Storage calls it like this::

    keyring = DataKeyring(key_provider)
    data_key, cipher = keyring.issue(owner)     # store data_key, use cipher
    token = cipher.encrypt(value, row_id=row_id, field="phone")
    # later: keyring.cipher(stored_data_key).decrypt(token, ...)

A token written under a data key carries the data key's id, so reading
finds the wrapped key with :func:`~.cipher.token_key_id`.
"""

from __future__ import annotations

import base64
import secrets

import attrs

from ..interfaces import KeyProvider
from .cipher import FieldCipher, token_key_id
from .errors import DataErased, KeyNotFound
from .keys import KEY_BYTES

__all__ = ["DATA_KEY_PREFIX", "DataKeyring", "WrappedDataKey"]

#: Data key ids start with this, so a token's key id tells which kind of key it needs.
DATA_KEY_PREFIX = "dk-"


@attrs.frozen
class WrappedDataKey:
    """A data key as storage keeps it: its id, its owner and the key wrapped by a master key.

    ``wrapped`` is a field token (see :mod:`.cipher`) whose associated data
    binds ``owner`` and ``key_id``, so a wrapped key copied to another owner
    does not unwrap.  ``None`` marks a destroyed key (crypto-erasure): the
    tombstone remembers that the owner's data was erased on purpose.
    """

    key_id: str
    owner: str
    wrapped: str | None = attrs.field(repr=False)

    @property
    def destroyed(self) -> bool:
        return self.wrapped is None

    @property
    def master_key_id(self) -> str | None:
        """The master key that wraps this data key (rotation bookkeeping); None if destroyed."""
        return None if self.wrapped is None else token_key_id(self.wrapped)


class _SingleKeyProvider:
    """A key provider holding exactly one already-unwrapped data key."""

    name = "data-key"

    def __init__(self, key_id: str, key: bytes) -> None:
        self._key_id = key_id
        self._key = key

    def current_key_id(self) -> str:
        return self._key_id

    def key(self, key_id: str) -> bytes:
        if key_id != self._key_id:
            raise KeyNotFound(self.name, key_id)
        return self._key

    def __repr__(self) -> str:
        return f"_SingleKeyProvider(key_id={self._key_id!r})"


def _wrap_field(key_id: str) -> str:
    return f"data-key/{key_id}"


class DataKeyring:
    """Creates, unwraps and rewraps owners' data keys with the master keys of ``master``."""

    def __init__(self, master: KeyProvider) -> None:
        self._wrapper = FieldCipher(master)

    def create(self, owner: str) -> WrappedDataKey:
        """A fresh random data key for ``owner``, wrapped under the current master key."""
        return self.issue(owner)[0]

    def issue(self, owner: str) -> tuple[WrappedDataKey, FieldCipher]:
        """A fresh data key for ``owner``: wrapped for storage, and its cipher ready to use.

        Saves unwrapping a key that was wrapped a moment ago (intake creates
        one per complaint).
        """
        if not owner:
            raise ValueError("owner must be a non-empty string such as 'customer:C123'")
        key_id = f"{DATA_KEY_PREFIX}{secrets.token_hex(16)}"
        key = secrets.token_bytes(KEY_BYTES)
        material = base64.b64encode(key).decode("ascii")
        wrapped = self._wrapper.encrypt(material, row_id=owner, field=_wrap_field(key_id))
        return (WrappedDataKey(key_id=key_id, owner=owner, wrapped=wrapped),
                FieldCipher(_SingleKeyProvider(key_id, key)))

    def cipher(self, data_key: WrappedDataKey) -> FieldCipher:
        """A cipher that encrypts and decrypts with ``data_key`` only.

        Raises :class:`~.errors.DataErased` when the key was destroyed, and
        :class:`~.errors.DecryptionError` when the wrapped key was altered,
        moved to another owner, or its master key is gone.  The returned
        cipher holds the unwrapped key in memory: drop it when the owner's
        data key is destroyed.
        """
        if data_key.wrapped is None:
            raise DataErased(owner=data_key.owner, key_id=data_key.key_id)
        material = self._wrapper.decrypt(data_key.wrapped, row_id=data_key.owner,
                                         field=_wrap_field(data_key.key_id))
        return FieldCipher(_SingleKeyProvider(data_key.key_id, base64.b64decode(material)))

    def needs_rewrap(self, data_key: WrappedDataKey) -> bool:
        """True when ``data_key`` is wrapped under a master key that is no longer current."""
        return data_key.wrapped is not None and not self._wrapper.is_current(data_key.wrapped)

    def rewrap(self, data_key: WrappedDataKey) -> WrappedDataKey:
        """``data_key`` wrapped under the current master key; the data key itself is unchanged.

        A destroyed key stays destroyed.
        """
        if data_key.wrapped is None:
            return data_key
        wrapped = self._wrapper.rotate_token(data_key.wrapped, row_id=data_key.owner,
                                             field=_wrap_field(data_key.key_id))
        return attrs.evolve(data_key, wrapped=wrapped)
