"""The AES envelope of WeChat's safe mode ("安全模式").

The Official Account platform's published scheme:

* key = base64-decode(EncodingAESKey + "="), 32 bytes, so AES-256;
* CBC mode with the first 16 bytes of the key as IV;
* plaintext = 16 random bytes + 4-byte big-endian length of the XML + XML + appid;
* PKCS#7 padding to a multiple of **32** bytes (not AES's 16);
* the ciphertext travels base64-encoded in the ``<Encrypt>`` element.

The appid at the end is what stops a message sealed for another Official
Account (sharing the key by mistake or design) from being accepted here.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from greenchannel_sdk.errors import (
    ChannelAuthenticationError,
    ConfigurationError,
    ValidationError,
)

__all__ = ["MessageCipher"]

_ENCODING_AES_KEY_LENGTH = 43
_PAD_BLOCK = 32
_AES_BLOCK = 16
_RANDOM_PREFIX = 16
_LENGTH_FIELD = struct.Struct(">I")


def _aes_key(encoding_aes_key: str) -> bytes:
    """Decode the 43-character EncodingAESKey the platform shows into the AES key."""
    if len(encoding_aes_key) != _ENCODING_AES_KEY_LENGTH or not encoding_aes_key.isalnum():
        raise ConfigurationError(
            "the WeChat EncodingAESKey must be exactly 43 letters and digits, as shown in "
            "the Official Account platform's server configuration"
        )
    try:
        return base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as exc:  # non-ASCII letters pass isalnum()
        raise ConfigurationError("the WeChat EncodingAESKey is not valid base64") from exc


class MessageCipher:
    """Seals and opens safe-mode payloads for one Official Account (``appid``)."""

    def __init__(self, encoding_aes_key: str, appid: str) -> None:
        self._key = _aes_key(encoding_aes_key)
        self._appid = appid.encode("utf-8")

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:_AES_BLOCK]))

    def seal(self, document: bytes) -> str:
        """``document`` encrypted for this account, base64 text for ``<Encrypt>``."""
        body = (secrets.token_bytes(_RANDOM_PREFIX) + _LENGTH_FIELD.pack(len(document))
                + document + self._appid)
        pad = _PAD_BLOCK - len(body) % _PAD_BLOCK
        encryptor = self._cipher().encryptor()
        sealed = encryptor.update(body + bytes([pad]) * pad) + encryptor.finalize()
        return base64.b64encode(sealed).decode("ascii")

    def open(self, encrypted: str) -> bytes:
        """The XML inside ``encrypted``, after checking padding, length and appid.

        Call this only after the ``msg_signature`` has been verified: the
        distinct reasons given here would otherwise tell a forger which part
        of a guessed ciphertext was wrong.
        """
        try:
            sealed = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError("the Encrypt element is not valid base64",
                                  {"Encrypt": "not base64"}) from exc
        if not sealed or len(sealed) % _AES_BLOCK:
            raise ValidationError("the Encrypt element has the wrong length for AES-CBC",
                                  {"Encrypt": "length is not a multiple of 16 bytes"})
        decryptor = self._cipher().decryptor()
        body = decryptor.update(sealed) + decryptor.finalize()
        pad = body[-1]
        if not 1 <= pad <= _PAD_BLOCK or body[-pad:] != bytes([pad]) * pad:
            raise ChannelAuthenticationError(
                "the WeChat message could not be decrypted (bad padding): the "
                "EncodingAESKey configured here differs from the platform's"
            )
        body = body[_RANDOM_PREFIX:-pad]
        if len(body) < _LENGTH_FIELD.size:
            raise ChannelAuthenticationError("the decrypted WeChat message is truncated")
        (length,) = _LENGTH_FIELD.unpack_from(body)
        document = body[_LENGTH_FIELD.size:_LENGTH_FIELD.size + length]
        appid = body[_LENGTH_FIELD.size + length:]
        if len(document) != length:
            raise ChannelAuthenticationError(
                "the decrypted WeChat message is shorter than its length field says"
            )
        if not hmac.compare_digest(appid, self._appid):
            raise ChannelAuthenticationError(
                "the WeChat message was encrypted for a different appid than the one "
                "this channel is configured with"
            )
        return document
