"""The README's quick start (a verifying receiver and the SDK) runs and prints what it says (P5)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_quick_start_prints_what_it_promises() -> None:
    code = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)[0]
    promised = [line.split("#", 1)[1].strip()
                for line in code.splitlines() if line.startswith("print(")]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(README), "exec"), {})
    assert output.getvalue().splitlines() == promised
    assert len(promised) == 4
