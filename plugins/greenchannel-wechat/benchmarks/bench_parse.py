"""Messages per second through ``WeChatChannel.parse``, plaintext and safe mode.

Beside each figure stands a baseline measured in the same process: parsing
the same bytes with ``defusedxml`` alone (plaintext), and that plus the AES
decryption alone (safe mode).  The gap between a mode and its baseline is
the channel's own cost (signature, freshness, field checks, the draft).

Run from the plugin folder::

    PYTHONPATH=src:../../src python benchmarks/bench_parse.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import time
from collections.abc import Callable
from datetime import datetime, timezone

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from defusedxml.ElementTree import fromstring

from greenchannel_wechat import WeChatChannel

TOKEN = "benchToken"
APPID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
NOW = datetime(2026, 11, 30, tzinfo=timezone.utc)
TIMESTAMP = str(int(NOW.timestamp()))
NONCE = "1234567890"
MESSAGE = (
    "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
    "<FromUserName><![CDATA[oBenchOpenId000000000000000]]></FromUserName>"
    f"<CreateTime>{TIMESTAMP}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[我的信用卡昨晚在境外被盗刷三笔,请立即冻结并调查]]></Content>"
    "<MsgId>6054768590064713728</MsgId></xml>"
).encode()


class _Fixed:
    def now(self) -> datetime:
        return NOW


def _sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def rate(work: Callable[[], object], seconds: float) -> float:
    """Calls of ``work`` per second, over at least ``seconds`` of wall time."""
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(200):
            work()
        done += 200
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    seconds = parser.parse_args().seconds

    plain = WeChatChannel(TOKEN, APPID, clock=_Fixed())
    plain_query = {"signature": _sign(TOKEN, TIMESTAMP, NONCE), "timestamp": TIMESTAMP,
                   "nonce": NONCE}

    safe = WeChatChannel(TOKEN, APPID, AES_KEY, clock=_Fixed())
    # Seal the message as WeChat's servers do (the plugin itself only seals replies).
    key = base64.b64decode(AES_KEY + "=")
    body = b"\0" * 16 + len(MESSAGE).to_bytes(4, "big") + MESSAGE + APPID.encode()
    pad = 32 - len(body) % 32
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    encrypted = base64.b64encode(encryptor.update(body + bytes([pad]) * pad)
                                 + encryptor.finalize()).decode()
    safe_body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    safe_query = {"timestamp": TIMESTAMP, "nonce": NONCE, "encrypt_type": "aes",
                  "msg_signature": _sign(TOKEN, TIMESTAMP, NONCE, encrypted)}

    def decrypt_and_parse() -> object:
        decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        fromstring(safe_body).findtext("Encrypt")
        opened = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
        return fromstring(opened[20:20 + len(MESSAGE)])

    same_text = plain.parse(MESSAGE, plain_query)[0].text == safe.parse(safe_body,
                                                                       safe_query)[0].text
    if not same_text:
        raise SystemExit("plaintext and safe mode disagree; fix that before timing anything")
    rows = [
        ("baseline: defusedxml parse", rate(lambda: fromstring(MESSAGE), seconds)),
        ("plaintext parse()", rate(lambda: plain.parse(MESSAGE, plain_query), seconds)),
        ("baseline: defusedxml + AES-CBC", rate(decrypt_and_parse, seconds)),
        ("safe-mode parse()", rate(lambda: safe.parse(safe_body, safe_query), seconds)),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measurement':<{width}}  messages/second")
    for name, per_second in rows:
        print(f"{name:<{width}}  {per_second:>14,.0f}")


if __name__ == "__main__":
    main()
