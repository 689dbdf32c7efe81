"""Every hook is documented (P2): in docs/hooks.md and with a full docstring."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from greenchannel_sdk import hookspecs

DOC = (Path(__file__).resolve().parents[1] / "docs" / "hooks.md").read_text(encoding="utf-8")
HOOKS = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
         if name.startswith("greenchannel_")]


def test_the_design_hooks_exist() -> None:
    expected = {"greenchannel_register_channels", "greenchannel_register_notifiers",
                "greenchannel_register_calendars", "greenchannel_register_sla_policies",
                "greenchannel_register_assignment_strategies",
                "greenchannel_register_key_providers", "greenchannel_storage",
                "greenchannel_number_format", "greenchannel_choose_assignee",
                "greenchannel_classify", "greenchannel_priority_signals"}
    assert expected <= set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_section_in_docs(name: str) -> None:
    assert f"### {name}\n" in DOC, f"docs/hooks.md has no section for {name}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_explains_parameters_and_calling(name: str) -> None:
    func = getattr(hookspecs, name)
    doc = inspect.getdoc(func) or ""
    assert "Called" in doc, f"{name} does not say when it is called"
    for param in inspect.signature(func).parameters:
        assert f":param {param}:" in doc, f"{name} does not document {param!r}"
    annotations = inspect.get_annotations(func)
    assert "return" in annotations
    assert all(p in annotations
                                           for p in inspect.signature(func).parameters)
