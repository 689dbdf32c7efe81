"""The defaults as trylast pluggy plugins next to a bank's own (S2, S4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pluggy

from greenchannel_sdk import hookspecs
from greenchannel_sdk.domain import (
    Category,
    ChannelDraft,
    ClassificationVote,
    Complaint,
    PrioritySignal,
)
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.triage.plugin import DefaultClassifierPlugin, DefaultPriorityPlugin

SETTINGS = Settings(load_entry_points=False)


class BankPlugin:
    @hookimpl
    def greenchannel_classify(self, draft: ChannelDraft) -> ClassificationVote | None:
        return ClassificationVote(Category.OTHER, 0.2, "bank")

    @hookimpl
    def greenchannel_priority_signals(self, draft: ChannelDraft,
                                      history: Sequence[Complaint]) -> Sequence[PrioritySignal]:
        return [PrioritySignal("vip", 0.3, "private banking client", "bank")]


def manager(*plugins: object) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


def test_defaults_answer_after_a_banks_plugin(make_draft: Callable[..., ChannelDraft]) -> None:
    # Registered first, yet trylast puts the defaults' answers last.
    pm = manager(DefaultClassifierPlugin(SETTINGS), DefaultPriorityPlugin(SETTINGS), BankPlugin())
    draft = make_draft("My card was stolen.")
    votes = pm.hook.greenchannel_classify(draft=draft)
    assert [vote.source for vote in votes] == ["bank", "greenchannel.rules"]
    assert votes[1].category is Category.TRANSACTION_DISPUTE
    signals = pm.hook.greenchannel_priority_signals(draft=draft, history=[])
    assert [[s.name for s in answer] for answer in signals] == [["vip"], ["funds_at_risk"]]


def test_default_classifier_abstains_without_evidence(
        make_draft: Callable[..., ChannelDraft]) -> None:
    pm = manager(DefaultClassifierPlugin(SETTINGS))
    assert pm.hook.greenchannel_classify(draft=make_draft("Hello there.")) == []


def test_plugins_take_a_banks_rule_files(tmp_path: Path,
                                         make_draft: Callable[..., ChannelDraft]) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text('{"rules": [{"name": "hello", "category": "other", "cause": "other", '
                     '"keywords": ["hello"]}], "business_lines": []}', encoding="utf-8")
    plugin = DefaultClassifierPlugin(SETTINGS, rules_file=rules)
    vote = plugin.greenchannel_classify(make_draft("Hello there."))
    assert vote is not None
    assert vote.reasons == ("rule hello (other): matched 'hello'",)
