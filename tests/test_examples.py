"""The example applications run as a tester would run them (P5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_embed_in_a_bank_app(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(EXAMPLES / "embed_in_a_bank_app.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "high priority, green channel: True" in out  # S5
    assert "product_service (wealth_management)" in out  # the bank's classifier plugin won
    assert " is closed" in out  # S14
    assert "breaches 1" in out or "breaches 2" in out  # S22
    assert ": assigned to a case handler; answer due by " in out  # S23
    assert "[sms] customer.acknowledgement" in out  # the bank's notifier plugin delivered
    assert "audit chain intact: True" in out  # S16
