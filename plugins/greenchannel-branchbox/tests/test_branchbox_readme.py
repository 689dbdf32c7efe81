"""The README's example runs as printed (P5: integrators start from it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example, = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    printed = readme.split("prints\n\n```\n", 1)[1].split("```", 1)[0]
    exec(compile(example, "README.md", "exec"), {"__name__": "readme_example"})
    assert capsys.readouterr().out == printed
