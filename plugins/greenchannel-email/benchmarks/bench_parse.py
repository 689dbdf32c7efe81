"""Messages per second through EmailChannel.parse, beside the stdlib parser alone.

Run from this plugin's folder:
    PYTHONPATH=src:../../src python benchmarks/bench_parse.py [rounds]

The baseline (``BytesParser`` with ``policy.default``, no body walk) shows
how much of the time is the stdlib's parsing and how much is this channel's
work: charset decoding, HTML to text, attachment hashing, header reading.
Figures vary by machine; compare the two lines, not absolute numbers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from pathlib import Path

from greenchannel_email import EmailChannel

SAMPLES = sorted(
    path.read_bytes()
    for path in (Path(__file__).parents[1] / "tests" / "fixtures").glob("*.eml")
)


def rate(work: Callable[[bytes], object], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for sample in SAMPLES:
            work(sample)
    return rounds * len(SAMPLES) / (time.perf_counter() - start)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    channel = EmailChannel()
    parser = BytesParser(policy=policy.default)
    print(f"{len(SAMPLES)} sample messages x {rounds} rounds")
    print(f"BytesParser alone:    {rate(parser.parsebytes, rounds):10.0f} messages/s")
    through_channel = rate(lambda raw: channel.parse(raw, {}), rounds)
    print(f"EmailChannel.parse:   {through_channel:10.0f} messages/s")
    big = SAMPLES[0].replace(b"\r\n\r\n", b"\r\n\r\n" + b"x" * (5 * 1024 * 1024), 1)
    start = time.perf_counter()
    channel.parse(big, {})
    print(f"one 5 MiB message:    {time.perf_counter() - start:10.3f} s")


if __name__ == "__main__":
    main()
