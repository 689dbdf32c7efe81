"""Field encryption as the storage layer's :class:`~greenchannel_sdk.store.SensitiveCodec`."""

from __future__ import annotations

from .cipher import FieldCipher

__all__ = ["EncryptingCodec"]


class EncryptingCodec:
    """Seals each row's sensitive document with AES-256-GCM, row id and field bound (S20)."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    def seal(self, document: str, *, row_id: str, field: str) -> str:
        return self.cipher.encrypt(document, row_id=row_id, field=field)

    def unseal(self, stored: str, *, row_id: str, field: str) -> str:
        return self.cipher.decrypt(stored, row_id=row_id, field=field)
