"""The `greenchannel` command (P5: testers run the demo; S27: the diagram)."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenchannel_sdk.cli import main
from greenchannel_sdk.domain import mermaid_diagram


def test_demo_runs_the_whole_lifecycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--weeks", "1", "--per-day", "8", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "complaints registered:" in out
    registered = int(out.split("complaints registered:")[1].split()[0])
    assert registered > 20
    for heading in ("by state:", "by category:", "by priority:", "by channel:",
                    "SLA clocks (met / breached / still running):", "audit chain breaks: 0"):
        assert heading in out
    for channel in ("web", "wechat", "hotline", "branch_box"):  # S1's four channels
        assert channel in out
    assert "archived" in out  # cases went all the way through
    assert (tmp_path / "greenchannel.db").is_file()
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page  # the review meeting looks at charts (S19)


def test_diagram_prints_the_generated_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram"]) == 0
    assert capsys.readouterr().out == mermaid_diagram()


def test_diagram_update_rewrites_the_block(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("intro\n```mermaid\nold\n```\nend\n", encoding="utf-8")
    assert main(["diagram", "--update", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == f"intro\n```mermaid\n{mermaid_diagram()}```\nend\n"


def test_errors_are_reported_without_a_traceback(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}"
    assert main(["audit", "verify", "--database-url", url]) == 2
    assert "greenchannel: error:" in capsys.readouterr().err
