"""Properties of script folding and combining that must hold for any input (S2, S4)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_sdk.domain import Category, ClassificationVote, Priority, PrioritySignal
from greenchannel_sdk.triage.chinese import FOLDS, to_simplified
from greenchannel_sdk.triage.classifier import RuleClassifier
from greenchannel_sdk.triage.combine import combine_signals, combine_votes
from greenchannel_sdk.triage.evaluate import load_labelled
from greenchannel_sdk.triage.keywords import KeywordSet, normalise
from greenchannel_sdk.triage.priority import PriorityRules
from greenchannel_sdk.triage.rules import RuleSet

CLASSIFIER = RuleClassifier()

# One Traditional form of every Simplified character the table produces.
_TO_TRADITIONAL = {simplified: traditional
                   for traditional, simplified in sorted(FOLDS.items(), reverse=True)}


def traditional(text: str) -> str:
    return "".join(_TO_TRADITIONAL.get(char, char) for char in text)


_CHINESE_KEYWORDS = sorted({keyword.written for rule in RuleSet.default().rules
                            for keyword in rule.keywords.keywords
                            if not keyword.written.isascii()})
_FILLER = ["，", "我", "的", "银行", "昨天", "钱", "还", "说", "没有", "了", " ", "card", "Fee"]
texts = st.lists(st.sampled_from(_CHINESE_KEYWORDS + _FILLER), max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_traditional_and_simplified_text_get_the_same_vote(text: str) -> None:
    assert CLASSIFIER.classify_text(traditional(text)) == CLASSIFIER.classify_text(text)


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert to_simplified(to_simplified(text)) == to_simplified(text)


votes = st.lists(st.builds(ClassificationVote, category=st.sampled_from(Category),
                           confidence=st.floats(0, 1), source=st.sampled_from("abc")),
                 max_size=6)


@given(votes)
def test_combined_vote_is_the_category_with_the_largest_total(votes: list[ClassificationVote],
                                                               ) -> None:
    result = combine_votes(votes, review_below=0.5)
    assert 0.0 <= result.confidence <= 1.0
    totals = {c: sum(v.confidence for v in votes if v.category is c) for c in Category}
    if votes:
        assert totals[result.category] >= max(totals.values()) - 1e-6
    assert result.needs_review or result.confidence >= 0.5


@given(votes.filter(lambda v: len(v) <= 4))
def test_vote_order_does_not_change_the_decision(votes: list[ClassificationVote]) -> None:
    first = combine_votes(votes, review_below=0.5)
    for ordering in itertools.permutations(votes):
        again = combine_votes(ordering, review_below=0.5)
        assert (again.category, again.confidence, again.needs_review) == (
            first.category, first.confidence, first.needs_review)


@given(st.lists(st.floats(-2, 2), max_size=6), st.floats(0.1, 3))
def test_priority_is_high_exactly_when_the_score_reaches_the_threshold(
        weights: list[float], threshold: float) -> None:
    signals = [PrioritySignal(f"s{i}", weight, "r", "t") for i, weight in enumerate(weights)]
    assessment = combine_signals(signals, threshold)
    assert (assessment.priority is Priority.HIGH) == (assessment.score >= threshold)


def _shipped_keyword_sets() -> list[KeywordSet]:
    rules = RuleSet.default()
    priority = PriorityRules.default()
    return ([rule.keywords for rule in rules.rules]
            + [line.keywords for line in rules.business_lines]
            + [signal.keywords for signal in priority.keyword_signals])


_KEYWORD_SETS = _shipped_keyword_sets()


def _one_by_one(keywords: KeywordSet, text: str) -> tuple[str, ...]:
    return tuple(kw.written for kw in keywords.keywords if kw.pattern.search(text))


def test_anchor_index_finds_exactly_what_trying_every_keyword_finds() -> None:
    """S2, S4: the speed-up must never change which keywords a complaint matches."""
    sets = _KEYWORD_SETS
    texts = [normalise(row.text)
             for row in load_labelled()]
    found = 0
    for text in texts:
        for keywords in sets:
            expected = _one_by_one(keywords, text)
            assert keywords.matches(text) == expected, (text, expected)
            found += len(expected)
    assert found > len(texts)  # the comparison covered real matches, not only misses


@given(st.text(alphabet="盗刷冻结理财保本 -feecharged twiceunauthorisedrefund", max_size=40))
@settings(max_examples=300)
def test_anchor_index_agrees_with_patterns_on_any_text(raw: str) -> None:
    text = normalise(raw)
    for keywords in _KEYWORD_SETS:
        assert keywords.matches(text) == _one_by_one(keywords, text)
