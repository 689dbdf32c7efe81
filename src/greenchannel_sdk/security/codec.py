"""Field encryption as the storage layer's :class:`~greenchannel_sdk.store.SensitiveCodec`.

Envelope encryption (S20, retention): a document with an owner (a
complaint) is sealed under that owner's own data key, which the master key
from the key provider only wraps; :mod:`.data_keys` explains why.  A value
without an owner (a quarantined payload, not yet anyone's complaint) is
sealed under the master key directly, and so are rows written before data
keys existed: they still open, because every token names its key.

Each unit of work binds the codec to its own data-key table
(:meth:`EncryptingCodec.bind`); the bound session keeps the data keys it
unwrapped for the length of that transaction only, so an unwrapped key
never outlives the transaction that needed it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..store import DataKeyStore
from .cipher import FieldCipher, token_key_id
from .data_keys import DATA_KEY_PREFIX, DataKeyring, WrappedDataKey
from .errors import DataErased, DecryptionError

__all__ = ["EncryptingCodec", "EnvelopeSession", "complaint_owner"]


def complaint_owner(complaint_id: str) -> str:
    """The data-key owner of a complaint and of everything filed under it."""
    return f"complaint:{complaint_id}"


class EncryptingCodec:
    """Seals each row's sensitive document with AES-256-GCM, row id and field bound (S20).

    Unbound, it seals under the master key only (what rows without an owner
    need); :meth:`bind` gives the session a unit of work uses.
    """

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher
        self.keyring = DataKeyring(cipher.provider)

    def bind(self, keys: DataKeyStore) -> EnvelopeSession:
        return EnvelopeSession(self, keys)

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        if owner is not None:
            raise ValueError("sealing under an owner's data key needs a bound codec (bind())")
        return self.cipher.encrypt(document, row_id=row_id, field=field)

    def unseal(self, stored: str, *, row_id: str, field: str) -> str:
        return self.cipher.decrypt(stored, row_id=row_id, field=field)

    def prefetch(self, stored: Iterable[str]) -> None:
        return None


class EnvelopeSession:
    """:class:`EncryptingCodec` within one transaction: finds, creates and caches data keys."""

    def __init__(self, codec: EncryptingCodec, keys: DataKeyStore) -> None:
        self._codec = codec
        self._master = codec.cipher
        self._keyring = codec.keyring
        self._keys = keys
        #: data key id -> its cipher, or the destroyed key (erased owner).
        self._ciphers: dict[str, FieldCipher | WrappedDataKey] = {}
        self._owners: dict[str, str] = {}

    def bind(self, keys: DataKeyStore) -> EnvelopeSession:
        return self if keys is self._keys else self._codec.bind(keys)

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        if owner is None:
            return self._master.encrypt(document, row_id=row_id, field=field)
        return self._owner_cipher(owner).encrypt(document, row_id=row_id, field=field)

    def unseal(self, stored: str, *, row_id: str, field: str) -> str:
        try:
            key_id = token_key_id(stored)
        except ValueError:
            key_id = ""
        if not key_id.startswith(DATA_KEY_PREFIX):
            return self._master.decrypt(stored, row_id=row_id, field=field)
        if key_id not in self._ciphers:
            self.prefetch([stored])
        found = self._ciphers.get(key_id)
        if found is None:
            raise DecryptionError("its data key is not in the data-key table (lost, or the "
                                  "table was tampered with)", row_id=row_id, field=field,
                                  key_id=key_id)
        if isinstance(found, WrappedDataKey):
            raise DataErased(owner=found.owner, key_id=key_id, row_id=row_id, field=field)
        return found.decrypt(stored, row_id=row_id, field=field)

    def prefetch(self, stored: Iterable[str]) -> None:
        """Load the data keys of many tokens in one query (before mapping a page of rows)."""
        wanted = set()
        for value in stored:
            try:
                key_id = token_key_id(value)
            except ValueError:
                continue
            if key_id.startswith(DATA_KEY_PREFIX) and key_id not in self._ciphers:
                wanted.add(key_id)
        if wanted:
            for key in self._keys.data_keys(wanted).values():
                self._remember(key)

    def _remember(self, key: WrappedDataKey) -> FieldCipher | WrappedDataKey:
        entry: FieldCipher | WrappedDataKey = key if key.destroyed else self._keyring.cipher(key)
        self._ciphers[key.key_id] = entry
        self._owners[key.owner] = key.key_id
        return entry

    def _owner_cipher(self, owner: str) -> FieldCipher:
        key_id = self._owners.get(owner)
        entry = self._ciphers.get(key_id) if key_id is not None else None
        if entry is None:
            stored = self._keys.data_key_of(owner)
            if stored is None:
                key, cipher = self._keyring.issue(owner)
                self._keys.add_data_key(key)
                self._ciphers[key.key_id] = cipher
                self._owners[owner] = key.key_id
                return cipher
            entry = self._remember(stored)
        if isinstance(entry, WrappedDataKey):
            raise DataErased(owner=owner, key_id=entry.key_id)
        return entry
