"""The README's example runs as printed (P5: integrators start from it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example, = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    exec(compile(example, "README.md", "exec"), {"__name__": "readme_example"})

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "6054768590064713728 zh 我的信用卡被盗刷了"
    assert "GC-2026-000123" in lines[1]
    assert lines[2] == "5838479218127813673"
