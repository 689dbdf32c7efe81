"""The README's quick start runs and prints what its comments say (P5: integrators copy it)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_quick_start_prints_what_it_promises() -> None:
    quick_start = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)[0]
    promised = [line.split("#", 1)[1].strip()
                for line in quick_start.splitlines() if line.startswith("print(")]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(quick_start, str(README), "exec"), {})
    assert output.getvalue().splitlines() == promised
    assert promised

