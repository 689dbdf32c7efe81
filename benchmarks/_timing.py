"""Wall-clock and CPU time of a stretch of work, for benchmarks on a shared machine.

On a busy machine wall-clock rates drop with everything else running;
the process's own CPU time is steadier, so the benchmarks print both.  For
SQLite nearly all the work is in this process; for PostgreSQL the server's
share is not in the CPU figure, only in the wall-clock one.
"""

from __future__ import annotations

import os
import time

import attrs


@attrs.define
class Stopwatch:
    wall: float = 0.0
    cpu: float = 0.0
    _wall0: float = 0.0
    _cpu0: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._wall0, self._cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall += time.perf_counter() - self._wall0
        self.cpu += time.process_time() - self._cpu0

    def rates(self, count: int) -> tuple[float, float]:
        """(per wall-clock second, per CPU second) for ``count`` items."""
        return count / self.wall, count / max(self.cpu, 1e-9)


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"
