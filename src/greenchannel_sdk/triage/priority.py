"""The default priority policy (S4, S5): signals with weights and reasons.

The scheme makes a complaint high priority when the customer's funds are at
risk or there is serious mis-selling or misleading; banks add vulnerable
customers, repeat complaints, large amounts, threats to go to the regulator
or the press, and group complaints.  Each of those is one
:class:`~greenchannel_sdk.domain.PrioritySignal` here, with a reason a
person can read.

Strengths live in ``data/priority_rules.json`` as *fractions of the
threshold*: a signal's weight is ``strength * Settings.priority_threshold``.
So a strength-1.0 signal makes a complaint high priority on its own
whatever threshold the bank chooses, and two strength-0.5 signals together
do.  Keywords are data too, in both Chinese scripts and English.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta

import attrs

from ..domain import ChannelDraft, Complaint, PrioritySignal, Status
from ..settings import Settings
from .datafile import Fields, load_json
from .keywords import KeywordSet, normalise, quoted

__all__ = [
    "DEFAULT_PRIORITY_FILE",
    "SOURCE",
    "GroupRule",
    "KeywordSignal",
    "PriorityPolicy",
    "PriorityRules",
    "StructuredSignal",
]

#: The packaged default priority rules (inside ``greenchannel_sdk/triage/data``).
DEFAULT_PRIORITY_FILE = "priority_rules.json"

#: ``PrioritySignal.source`` of the default policy.
SOURCE = "greenchannel.priority"

#: Earlier complaints in these states are not counted as repeats: a merged
#: one is the same complaint again, a rejected one was not a complaint.
_NOT_REPEATS = frozenset({Status.MERGED, Status.REJECTED})


@attrs.frozen
class KeywordSignal:
    """A signal raised when the complaint text contains one of its keywords."""

    name: str
    strength: float
    reason: str
    keywords: KeywordSet


@attrs.frozen
class StructuredSignal:
    """A signal raised from a draft's fields rather than its words."""

    strength: float
    reason: str


@attrs.frozen
class GroupRule:
    """Group complaints: ``major_at`` or more complainants is a major complaint."""

    major_at: int
    major: StructuredSignal
    group_at: int
    group: StructuredSignal


def _structured(entry: Fields, prefix: str = "") -> StructuredSignal:
    return StructuredSignal(entry.number(f"{prefix}strength"), entry.text(f"{prefix}reason"))


def _group(entry: Fields) -> GroupRule:
    major_at, group_at = int(entry.number("major_at")), int(entry.number("group_at"))
    if not 2 <= group_at <= major_at:
        raise entry.error("need 2 <= group_at <= major_at", "group_at")
    return GroupRule(major_at, _structured(entry, "major_"), group_at, _structured(entry, "group_"))


@attrs.frozen
class PriorityRules:
    """Everything the default policy weighs, as loaded from a data file."""

    keyword_signals: tuple[KeywordSignal, ...]
    declared_vulnerability: StructuredSignal
    repeat: StructuredSignal
    large_amount: StructuredSignal
    group: GroupRule

    @classmethod
    def default(cls) -> PriorityRules:
        """The priority rules shipped with the SDK."""
        return cls.from_file(None)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str] | None) -> PriorityRules:
        """Load a bank's own priority rules file (``None``: the packaged defaults).

        :raises ConfigurationError: naming the file, entry and field at fault.
        """
        document = load_json(path, DEFAULT_PRIORITY_FILE)
        signals = [
            KeywordSignal(
                name=entry.text("name"),
                strength=entry.number("strength"),
                reason=entry.text("reason"),
                keywords=entry.convert("keywords", entry.strings("keywords"), KeywordSet.of),
            )
            for entry in document.objects("keyword_signals")
        ]
        repeat = document.object("repeat")
        return cls(
            keyword_signals=tuple(signals),
            declared_vulnerability=_structured(document.object("declared_vulnerability")),
            repeat=StructuredSignal(repeat.number("strength_each"), repeat.text("reason")),
            large_amount=_structured(document.object("large_amount")),
            group=_group(document.object("group")),
        )


@attrs.frozen
class PriorityPolicy:
    """Computes the default priority signals for a draft and its customer's history."""

    settings: Settings
    rules: PriorityRules = attrs.field(factory=PriorityRules.default)
    source: str = SOURCE

    def signals(self, draft: ChannelDraft,
                history: Sequence[Complaint] = ()) -> tuple[PrioritySignal, ...]:
        """Every signal that applies: text signals in file order, then field-based ones."""
        found = [*self._from_text(draft), *self._from_fields(draft)]
        repeat = self._repeat(draft, history)
        if repeat is not None:
            found.append(repeat)
        return tuple(found)

    def _signal(self, name: str, strength: float, reason: str) -> PrioritySignal:
        weight = round(strength * self.settings.priority_threshold, 6)
        return PrioritySignal(name=name, weight=weight, reason=reason, source=self.source)

    def _from_text(self, draft: ChannelDraft) -> list[PrioritySignal]:
        text = normalise("\n".join(filter(None, (draft.subject, draft.text))))
        found = []
        for rule in self.rules.keyword_signals:
            matched = rule.keywords.matches(text)
            if matched:
                found.append(self._signal(rule.name, rule.strength,
                                          f"{rule.reason}: matched {quoted(matched)}"))
        return found

    def _from_fields(self, draft: ChannelDraft) -> list[PrioritySignal]:
        rules, found = self.rules, []
        if draft.customer.vulnerabilities:
            listed = ", ".join(sorted(draft.customer.vulnerabilities))
            declared = rules.declared_vulnerability
            found.append(self._signal("declared_vulnerability", declared.strength,
                                      f"{declared.reason}: {listed}"))
        if draft.amount is not None and draft.amount >= self.settings.large_amount:
            found.append(self._signal(
                "large_amount", rules.large_amount.strength,
                f"{rules.large_amount.reason} ({self.settings.large_amount})"))
        group = rules.group
        for name, at, signal in (("major_group", group.major_at, group.major),
                                 ("group", group.group_at, group.group)):
            if draft.complainants >= at:
                found.append(self._signal(name, signal.strength,
                                          f"{signal.reason}: {draft.complainants} complainants"))
                break
        return found

    def _repeat(self, draft: ChannelDraft, history: Sequence[Complaint]) -> PrioritySignal | None:
        days = self.settings.repeat_window_days
        since = draft.received_at - timedelta(days=days)
        earlier = sum(1 for complaint in history
                      if complaint.status not in _NOT_REPEATS
                      and since <= complaint.received_at <= draft.received_at)
        if not earlier:
            return None
        return self._signal("repeat_complaint", self.rules.repeat.strength * earlier,
                            f"{self.rules.repeat.reason}: {earlier} in the last {days} days")
