"""Web channel throughput: forms per second through parse, and through parse + register.

Beside each figure stands a baseline measured in the same process:
``json.loads`` alone on the same body.  ``parse (signed)`` adds the HMAC
check; ``receive`` is parse plus registration on SQLite with encryption at
rest (classification, priority, numbering, SLA clocks, audit, outbox).

Run from the plugin folder::

    PYTHONPATH=src:../../src python benchmarks/bench_intake.py [--seconds 2] [--register 300]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.security.signing import WebhookSigner, WebhookVerifier
from greenchannel_sdk.testing import FrozenClock, make_sdk, using_plugin

from greenchannel_web import WebChannel

SECRET = "bench-secret-0123456789abcdef"


def form(key: str) -> bytes:
    return json.dumps({
        "idempotency_key": key, "text": "我的信用卡昨晚在境外被盗刷三笔,请立即冻结并调查。",
        "customer": {"name": "王小明", "phone": "+8613800138000", "customer_ref": key[:12]},
        "amount": "8000.00", "currency": "CNY", "language": "zh-Hans", "source": "website",
    }, ensure_ascii=False).encode()


def rate(work: Callable[[], object], seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            work()
        done += 100
    return done / elapsed


class _Registers:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self.channel)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--register", type=int, default=300, help="forms to register")
    args = parser.parse_args()

    clock = FrozenClock()
    plain = WebChannel(clock=clock)
    signed = WebChannel(verifier=WebhookVerifier(SECRET, clock=clock), clock=clock)
    body = form(str(uuid.uuid4()))
    headers = WebhookSigner(SECRET, clock=clock).headers(body)
    rows = [("baseline: json.loads", rate(lambda: json.loads(body), args.seconds)),
            ("parse()", rate(lambda: plain.parse(body, {}), args.seconds)),
            ("parse() signed", rate(lambda: signed.parse(body, headers), args.seconds))]
    with tempfile.TemporaryDirectory() as folder, \
            make_sdk(Path(folder), clock=clock) as sdk, using_plugin(sdk, _Registers(plain)):
        bodies = [form(str(uuid.uuid4())) for _ in range(args.register)]
        start = time.perf_counter()
        for item in bodies:
            sdk.receive("web", item, {})
        rows.append((f"receive() = parse + register ({args.register})",
                     args.register / (time.perf_counter() - start)))
        start = time.perf_counter()
        for item in bodies:
            sdk.receive("web", item, {})
        rows.append(("receive() of a duplicate", args.register / (time.perf_counter() - start)))
    width = max(len(name) for name, _ in rows)
    print(f"{'measurement':<{width}}  forms/second")
    for name, per_second in rows:
        print(f"{name:<{width}}  {per_second:>12,.1f}")


if __name__ == "__main__":
    main()
