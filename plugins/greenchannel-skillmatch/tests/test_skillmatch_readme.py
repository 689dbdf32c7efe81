"""The README's examples work as printed (P5: vendors start from them)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pluggy
import pytest
from greenchannel_sdk import AssignmentStrategy, hookspecs

from greenchannel_skillmatch import SkillMatch

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
EXAMPLE, OTHER_WEIGHTS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
QUOTED_REASON, = re.findall(r"```\n(skill match: .*)\n```", README)


def test_example_assigns_card_fraud_to_the_specialist_and_prints_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # make_sdk() works in a temp folder

    exec(compile(EXAMPLE, "README.md", "exec"), {"__name__": "readme_example"})

    assignee, reason = capsys.readouterr().out.splitlines()
    assert assignee == "fan"
    assert reason.endswith("skill match: matched subcategory bank_cards, "
                           "subcategory funds_security, language zh, score 5 of 6; "
                           "0 open of capacity 20")
    assert reason.endswith(QUOTED_REASON)  # the reason the README quotes is the real one


def test_other_weights_example_registers_a_strict_language_first_strategy() -> None:
    namespace: dict[str, object] = {"__name__": "readme_weights"}
    exec(compile(OTHER_WEIGHTS, "README.md", "exec"), namespace)
    plugin_class = namespace["OurAssignment"]
    assert isinstance(plugin_class, type)

    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(plugin_class())
    manager.check_pending()
    registered: list[AssignmentStrategy] = []
    manager.hook.greenchannel_register_assignment_strategies(register=registered.append)

    strategy, = registered
    assert isinstance(strategy, SkillMatch)
    assert (strategy.name, strategy.weights.language, strategy.require_match) == \
        ("skill_match", 10, True)
