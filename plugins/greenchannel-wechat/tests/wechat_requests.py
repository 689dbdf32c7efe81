"""WeChat requests built as WeChat's servers build them, for one fictitious account.

The helpers are
are deliberately independent of the plugin's own code (``hashlib`` for
signatures, ``cryptography``'s own PKCS#7 for safe mode), so a test never
checks the plugin against itself.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from datetime import datetime, timezone

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN = "greenchannelToken42"
APPID = "wx5823bf96d3bd56c7"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
ACCOUNT = "gh_7f083739789a"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
NOW_TS = str(int(NOW.timestamp()))


class FixedClock:
    """A clock that always says ``at``."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def wechat_sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def plain_query(timestamp: str = NOW_TS, nonce: str = "1320562132", **extra: str) -> dict[str, str]:
    """Query parameters of a plaintext-mode push, signed with ``TOKEN``."""
    return {"signature": wechat_sign(TOKEN, timestamp, nonce), "timestamp": timestamp,
            "nonce": nonce, "openid": OPENID, **extra}


def seal_independently(document: bytes, appid: str = APPID, key: str = AES_KEY) -> str:
    """Safe-mode ciphertext per the published scheme, written without the plugin's code."""
    aes_key = base64.b64decode(key + "=")
    body = os.urandom(16) + struct.pack("!I", len(document)) + document + appid.encode()
    padder = padding.PKCS7(256).padder()  # 256 bits = WeChat's 32-byte blocks
    padded = padder.update(body) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(aes_key[:16])).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


def sealed_request(document: bytes, *, appid: str = APPID, timestamp: str = NOW_TS,
                   nonce: str = "998877") -> tuple[bytes, dict[str, str]]:
    """Body and query of a safe-mode push carrying ``document``."""
    encrypted = seal_independently(document, appid)
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>").encode()
    query = {"signature": wechat_sign(TOKEN, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "openid": OPENID, "encrypt_type": "aes",
             "msg_signature": wechat_sign(TOKEN, timestamp, nonce, encrypted)}
    return body, query


def message_xml(msg_type: str = "text", *, msg_id: str | None = "6054768590064713728",
                create_time: str = NOW_TS, from_user: str = OPENID, **fields: str) -> bytes:
    """A follower's message as WeChat writes it; ``fields`` adds type-specific elements."""
    parts = [f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>",
             f"<FromUserName><![CDATA[{from_user}]]></FromUserName>",
             f"<CreateTime>{create_time}</CreateTime>",
             f"<MsgType><![CDATA[{msg_type}]]></MsgType>"]
    parts += [f"<{name}><![CDATA[{value}]]></{name}>" for name, value in fields.items()]
    if msg_id is not None:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return ("<xml>" + "".join(parts) + "</xml>").encode()




def open_independently(encrypted: str, key: str = AES_KEY) -> tuple[bytes, bytes]:
    """(document, appid) inside a safe-mode ciphertext, without the plugin's code."""
    aes_key = base64.b64decode(key + "=")
    decryptor = Cipher(algorithms.AES(aes_key), modes.CBC(aes_key[:16])).decryptor()
    padded = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    unpadder = padding.PKCS7(256).unpadder()
    body = (unpadder.update(padded) + unpadder.finalize())[16:]
    (length,) = struct.unpack("!I", body[:4])
    return body[4:4 + length], body[4 + length:]
