"""The classification rule set: data a bank edits, loaded and checked here.

The default rules ship as ``data/classification_rules.json``.  A bank copies
that file, edits keywords, weights or whole rules, and loads its copy with
:meth:`RuleSet.from_file`; no code changes.  Loading checks every entry, so
a typo fails at start-up with the file, entry and field named, never later
on a customer's complaint.

Each rule votes for one of the five categories of S2 and carries a *cause*;
business lines are matched separately.  The subcategory the classifier
reports is ``"<business line>/<cause>"``, the two dimensions of the
JR/T 0169 complaint classification (业务类别 and 投诉原因).
"""

from __future__ import annotations

import os

import attrs

from ..domain import Category
from .datafile import Fields, load_json
from .keywords import KeywordSet

__all__ = ["DEFAULT_RULES_FILE", "BusinessLine", "ClassificationRule", "RuleSet"]

#: The packaged default rules (inside ``greenchannel_sdk/triage/data``).
DEFAULT_RULES_FILE = "classification_rules.json"

_CATEGORY_NAMES = ", ".join(category.value for category in Category)


@attrs.frozen
class ClassificationRule:
    """Keywords that are evidence for one category and cause."""

    name: str
    category: Category
    cause: str
    weight: float
    keywords: KeywordSet


@attrs.frozen
class BusinessLine:
    """Keywords that say which business line (deposits, loans, ...) a complaint is about."""

    name: str
    keywords: KeywordSet


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise ValueError(f"unknown category {value!r}; use one of {_CATEGORY_NAMES}") from None


def _keywords(entry: Fields) -> KeywordSet:
    return entry.convert("keywords", entry.strings("keywords"), KeywordSet.of)


def _rule(entry: Fields) -> ClassificationRule:
    weight = entry.number("weight", 1.0)
    if weight <= 0:
        raise entry.error("must be greater than 0", "weight")
    return ClassificationRule(
        name=entry.text("name"),
        category=entry.convert("category", entry.text("category"), _category),
        cause=entry.text("cause"),
        weight=weight,
        keywords=_keywords(entry),
    )


@attrs.frozen
class RuleSet:
    """Every classification rule and business line, in file order.

    File order matters only for ties, so the file reads as a priority list:
    among equally strong rules the one written first wins.
    """

    rules: tuple[ClassificationRule, ...]
    business_lines: tuple[BusinessLine, ...]
    default_business_line: str = "other"

    @classmethod
    def default(cls) -> RuleSet:
        """The rules shipped with the SDK."""
        return cls.from_file(None)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str] | None) -> RuleSet:
        """Load a bank's own rules file (``None``: the packaged defaults).

        :raises ConfigurationError: naming the file, entry and field at fault.
        """
        document = load_json(path, DEFAULT_RULES_FILE)
        rules = [_rule(entry) for entry in document.objects("rules")]
        if not rules:
            raise document.error("must contain at least one rule", "rules")
        names = [rule.name for rule in rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise document.error(f"rule names must be unique; repeated: {duplicates}", "rules")
        lines = [BusinessLine(entry.text("name"), _keywords(entry))
                 for entry in document.objects("business_lines")]
        return cls(tuple(rules), tuple(lines), document.text("default_business_line", "other"))
