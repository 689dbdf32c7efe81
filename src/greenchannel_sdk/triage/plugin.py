"""The triage defaults as pluggy plugins, answering last so a bank's plugins come first.

Both hooks are *contribute* hooks: the bank's own classifier or priority
plugin adds its votes and signals next to these ones rather than replacing
them.  A bank that wants only its own rules constructs these classes with
its own rule file, or blocks them by name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..domain import ChannelDraft, ClassificationVote, Complaint, PrioritySignal
from ..hookspecs import hookimpl
from ..settings import Settings
from .classifier import RuleClassifier
from .priority import PriorityPolicy, PriorityRules
from .rules import RuleSet

__all__ = ["DefaultClassifierPlugin", "DefaultPriorityPlugin"]


class DefaultClassifierPlugin:
    """Answers ``greenchannel_classify`` with the rule-based classifier (S2).

    :param settings: the SDK's settings.
    :param rules_file: a bank's own rules file; ``None`` uses the packaged rules.
    """

    def __init__(self, settings: Settings,
                 rules_file: str | os.PathLike[str] | None = None) -> None:
        self.settings = settings
        self.classifier = RuleClassifier(RuleSet.from_file(rules_file))

    @hookimpl(trylast=True)
    def greenchannel_classify(self, draft: ChannelDraft) -> ClassificationVote | None:
        """Vote from keyword rules; abstain when no rule matches."""
        return self.classifier.classify(draft)


class DefaultPriorityPlugin:
    """Answers ``greenchannel_priority_signals`` with the default policy (S4, S5).

    :param settings: the SDK's settings (threshold, large amount, repeat window).
    :param rules_file: a bank's own priority rules file; ``None`` uses the packaged one.
    """

    def __init__(self, settings: Settings,
                 rules_file: str | os.PathLike[str] | None = None) -> None:
        self.settings = settings
        self.policy = PriorityPolicy(settings, PriorityRules.from_file(rules_file))

    @hookimpl(trylast=True)
    def greenchannel_priority_signals(
        self, draft: ChannelDraft, history: Sequence[Complaint]
    ) -> Sequence[PrioritySignal]:
        """Funds at risk, mis-selling, vulnerability, repeats, amount, threats, groups."""
        return self.policy.signals(draft, history)
