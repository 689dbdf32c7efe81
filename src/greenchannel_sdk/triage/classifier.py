"""The default rule-based classifier (S2): keywords in, one explained vote out.

How a vote is made, so a bank can predict what its edited rules will do:

1. The subject and text are normalised (:func:`~.keywords.normalise`), so
   Traditional and Simplified Chinese and English are matched alike.
2. Each rule whose keywords appear scores ``weight`` for its first keyword
   and half its weight for every further distinct keyword: more evidence
   counts, but one rule with a long keyword list cannot drown the others.
3. Scores are added per category; the highest total wins (ties: the
   category of the rule written first in the file).
4. ``confidence = (1 - e^-winner) * winner / all``: the first factor grows
   with the amount of evidence, the second falls when other categories have
   evidence too.  One plain keyword gives about 0.63; a second category
   with equal evidence halves that, below the default review threshold.
5. The subcategory is ``"<business line>/<cause>"``: the best-matching
   business line (else the rule set's default) and the cause of the winning
   category's strongest rule.

No keyword at all: the classifier abstains (returns ``None``) rather than
guess; combining then files the complaint as *other* for a person to review.
"""

from __future__ import annotations

import math

import attrs

from ..domain import Category, ChannelDraft, ClassificationVote
from .keywords import normalise, quoted
from .rules import BusinessLine, ClassificationRule, RuleSet

__all__ = ["SOURCE", "RuleClassifier"]

#: ``ClassificationVote.source`` of the default classifier.
SOURCE = "greenchannel.rules"

#: Weight of every keyword after a rule's first, relative to the first.
FURTHER_KEYWORD_FACTOR = 0.5


@attrs.frozen
class _Hit:
    rule: ClassificationRule
    matched: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.rule.weight * (1 + FURTHER_KEYWORD_FACTOR * (len(self.matched) - 1))

    def reason(self) -> str:
        return (f"rule {self.rule.name} ({self.rule.category.value}): "
                f"matched {quoted(self.matched)}")


@attrs.frozen
class RuleClassifier:
    """Classifies complaint text with a :class:`~.rules.RuleSet`."""

    rules: RuleSet = attrs.field(factory=RuleSet.default)
    source: str = SOURCE

    def classify(self, draft: ChannelDraft) -> ClassificationVote | None:
        """Vote on a draft's category from its subject and text."""
        return self.classify_text("\n".join(filter(None, (draft.subject, draft.text))))

    def classify_text(self, text: str) -> ClassificationVote | None:
        """Vote on the category of ``text``; ``None`` when no rule matches."""
        normalised = normalise(text)
        hits = [_Hit(rule, matched) for rule in self.rules.rules
                if (matched := rule.keywords.matches(normalised))]
        if not hits:
            return None
        totals: dict[Category, float] = {}
        for hit in hits:
            totals[hit.rule.category] = totals.get(hit.rule.category, 0.0) + hit.score
        # max() keeps the first of equal totals; dicts keep file order of first hits.
        winner = max(totals, key=lambda category: totals[category])
        confidence = (1 - math.exp(-totals[winner])) * totals[winner] / sum(totals.values())
        ranked = sorted(hits, key=lambda hit: (hit.rule.category is not winner, -hit.score))
        line, line_words = self._business_line(normalised)
        reasons = [hit.reason() for hit in ranked]
        if line_words:
            reasons.append(f"business line {line}: matched {quoted(line_words)}")
        return ClassificationVote(
            category=winner,
            confidence=round(confidence, 3),
            source=self.source,
            subcategory=f"{line}/{ranked[0].rule.cause}",
            reasons=tuple(reasons),
        )

    def _business_line(self, normalised: str) -> tuple[str, tuple[str, ...]]:
        best: tuple[BusinessLine, tuple[str, ...]] | None = None
        for line in self.rules.business_lines:
            matched = line.keywords.matches(normalised)
            if matched and (best is None or len(matched) > len(best[1])):
                best = (line, matched)
        if best is None:
            return self.rules.default_business_line, ()
        return best[0].name, best[1]
