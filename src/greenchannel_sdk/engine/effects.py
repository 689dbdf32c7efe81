"""What a command does after it committed: signals for the host application.

Commands collect their signals here while the transaction is open and fire
them only once it committed, so a receiver never sees a change that was
rolled back, and a receiver that raises cannot roll anything back.
"""

from __future__ import annotations

from typing import Any

from blinker import NamedSignal

from ..signals import send_safely

__all__ = ["Effects"]


class Effects:
    def __init__(self) -> None:
        self._pending: list[tuple[NamedSignal, dict[str, Any]]] = []

    def signal(self, signal: NamedSignal, **kwargs: Any) -> None:
        self._pending.append((signal, kwargs))

    def fire(self, sender: Any) -> None:
        pending, self._pending = self._pending, []
        for signal, kwargs in pending:
            send_safely(signal, sender, **kwargs)
