"""Concurrency-safe numbering (S3): 8 processes x 500 registrations give 4,000 distinct numbers.

Each process builds its own :class:`GreenChannel` (and so its own engine and
connections), waits at a barrier so they all register at the same time,
and reports the numbers it was given.  The counter row is updated in the
registering transaction, so with no rollbacks the sequence has no gaps.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from typing import Any

from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.domain.numbering import parse_number
from greenchannel_sdk.testing import make_draft, make_sdk

PROCESSES = 8
PER_PROCESS = 500


def _register_batch(url: str, worker: int, barrier: Any) -> list[str]:
    """Runs in a spawned process: register ``PER_PROCESS`` complaints, return their numbers."""
    with make_sdk(tempfile.mkdtemp(prefix="gc-num-"), database_url=url) as sdk:
        barrier.wait()
        numbers = []
        for index in range(PER_PROCESS):
            draft = make_draft(external_id=f"w{worker}-{index}",
                               customer=CustomerIdentity(customer_ref=f"w{worker}-{index}"))
            result = sdk.intake(draft)
            assert result.complaint is not None
            numbers.append(result.complaint.number)
    return numbers


def test_eight_processes_register_4000_distinct_gapless_numbers(database_url: str) -> None:
    make_sdk(tempfile.mkdtemp(prefix="gc-num-"), database_url=database_url).close()  # schema
    context = multiprocessing.get_context("spawn")  # no connection inherited through fork
    with context.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as pool:
            batches = pool.starmap(_register_batch,
                                   [(database_url, worker, barrier) for worker in range(PROCESSES)])
    numbers = [number for batch in batches for number in batch]
    assert len(numbers) == PROCESSES * PER_PROCESS
    assert len(set(numbers)) == len(numbers)
    sequences = sorted(parse_number(number).sequence for number in numbers)
    assert sequences == list(range(1, PROCESSES * PER_PROCESS + 1))
