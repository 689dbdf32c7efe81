"""Call records per second through CallCentreChannel.parse, beside ``json.loads`` alone.

Run from this plugin's folder:
    PYTHONPATH=src:../../src python benchmarks/bench_parse.py [rounds]

Measured for single records and for batches of 100, unsigned and signed,
so the cost of validation and of the HMAC check can be read off against the
baseline of merely decoding the JSON.  Compare lines, not absolute numbers.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone

from greenchannel_callcentre import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    CallCentreChannel,
    HmacVerifier,
    sign,
)

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)
SECRET = b"benchmark-shared-secret"


class FixedClock:
    def now(self) -> datetime:
        return NOW


RECORD = {
    "call_id": "CALL-1",
    "caller_number": "+86 138-0013-8000",
    "agent_id": "agent.017",
    "notes": "客户称信用卡在境外被盗刷三笔，要求冻结并退款。" * 5,
    "started_at": "2026-11-30T09:15:00+08:00",
    "ended_at": "2026-11-30T09:27:30+08:00",
    "ivr_path": ["信用卡", "挂失与盗刷", "人工服务"],
    "recording_ref": "rec://archive/2026/11/30/CALL-1.wav",
    "amount": "4980.00",
    "currency": "CNY",
}


def rate(work: Callable[[], object], records_per_call: int, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        work()
    return rounds * records_per_call / (time.perf_counter() - start)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    single = json.dumps(RECORD, ensure_ascii=False).encode()
    batch = json.dumps([{**RECORD, "call_id": f"CALL-{i}"} for i in range(100)],
                       ensure_ascii=False).encode()
    plain = CallCentreChannel(clock=FixedClock())
    signed = CallCentreChannel(clock=FixedClock(),
                               verifier=HmacVerifier(SECRET, clock=FixedClock()))
    stamp = int(NOW.timestamp())

    def headers(body: bytes) -> dict[str, str]:
        return {SIGNATURE_HEADER: sign(SECRET, stamp, body), TIMESTAMP_HEADER: str(stamp)}

    single_headers, batch_headers = headers(single), headers(batch)
    batch_rounds = max(1, rounds // 100)
    lines = [
        ("json.loads alone, single", rate(lambda: json.loads(single), 1, rounds)),
        ("parse, single", rate(lambda: plain.parse(single, {}), 1, rounds)),
        ("parse, single, signed", rate(lambda: signed.parse(single, single_headers), 1, rounds)),
        ("json.loads alone, batch of 100", rate(lambda: json.loads(batch), 100, batch_rounds)),
        ("parse, batch of 100", rate(lambda: plain.parse(batch, {}), 100, batch_rounds)),
        ("parse, batch of 100, signed",
         rate(lambda: signed.parse(batch, batch_headers), 100, batch_rounds)),
    ]
    for label, per_second in lines:
        print(f"{label:32} {per_second:10.0f} records/s")


if __name__ == "__main__":
    main()
