"""Measuring a classifier on labelled complaints, so a rule change is judged by numbers.

A bank that edits the rules runs ``greenchannel classify eval its_set.csv``
before and after: accuracy, per-category precision and recall, the
confusion matrix, and (when the set has priority labels and a prioritiser
is given) how many high-priority complaints the policy catches.  The SDK
ships its own labelled set (``data/labelled_complaints.csv``) and a test
keeps the default rules above a measured floor on it.

The CSV has the header ``text,category,subcategory,priority,language``;
only ``text`` and ``category`` are required in each row.
"""

from __future__ import annotations

import csv
import enum
import io
import os
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from importlib import resources
from typing import Protocol, TypeVar

import attrs

from ..domain import Category, ChannelDraft, Priority, PriorityAssessment
from ..errors import ValidationError

__all__ = [
    "COLUMNS",
    "DEFAULT_LABELLED_FILE",
    "Decision",
    "EvaluationReport",
    "LabelledComplaint",
    "Outcome",
    "evaluate",
    "load_labelled",
    "text_draft",
]

#: Columns of a labelled set, in the order the shipped file uses.
COLUMNS = ("text", "category", "subcategory", "priority", "language")

#: The labelled set shipped with the SDK (inside ``greenchannel_sdk/triage/data``).
DEFAULT_LABELLED_FILE = "labelled_complaints.csv"

#: Evaluation drafts all carry this receipt time: rules must not depend on it.
_EVALUATION_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)

E = TypeVar("E", bound=enum.Enum)


@attrs.frozen
class LabelledComplaint:
    """One complaint with the answers a person gave it."""

    text: str = attrs.field(repr=False)
    category: Category
    subcategory: str | None = None
    priority: Priority | None = None
    language: str | None = None

    def draft(self, row: int) -> ChannelDraft:
        """The complaint as a channel would deliver it, for the classifier under test."""
        return text_draft(self.text, external_id=f"row-{row}", language=self.language)


def text_draft(text: str, *, external_id: str = "text", language: str | None = None,
               ) -> ChannelDraft:
    """A draft holding only ``text``, for trying rules outside a running SDK.

    Its receipt time is fixed, not the wall clock, so results are repeatable.
    """
    return ChannelDraft(channel="evaluation", external_id=external_id,
                        received_at=_EVALUATION_TIME, text=text, language=language)


def _member(enum: type[E], values: dict[str, str], column: str,
            problems: dict[str, str]) -> E | None:
    try:
        return enum(values[column])
    except ValueError:
        names = ", ".join(str(member.value) for member in enum)
        problems[column] = f"unknown value {values[column]!r}; use one of {names}"
        return None


def _row(record: dict[str, str | None], origin: str, line: int) -> LabelledComplaint:
    values = {column: (record.get(column) or "").strip() for column in COLUMNS}
    problems: dict[str, str] = {}
    if not values["text"]:
        problems["text"] = "must not be empty"
    category = _member(Category, values, "category", problems)
    priority = _member(Priority, values, "priority", problems) if values["priority"] else None
    if problems or category is None:
        raise ValidationError(f"labelled set {origin}, line {line}", problems)
    return LabelledComplaint(values["text"], category, values["subcategory"] or None, priority,
                             values["language"] or None)


def load_labelled(path: str | os.PathLike[str] | None = None) -> list[LabelledComplaint]:
    """Read a labelled set (``None``: the shipped one).

    :raises ValidationError: naming the line and column at fault (never the
        complaint text, which may hold personal data).
    """
    if path is None:
        origin = f"packaged {DEFAULT_LABELLED_FILE}"
        data = resources.files(__package__).joinpath("data").joinpath(DEFAULT_LABELLED_FILE)
        text = data.read_text("utf-8")
    else:
        origin = os.fspath(path)
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except OSError as exc:
            raise ValidationError(f"cannot read labelled set {origin}: {exc.strerror}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in ("text", "category") if column not in (reader.fieldnames or ())]
    if missing:
        raise ValidationError(f"labelled set {origin} needs a header row with "
                              f"{', '.join(COLUMNS)}", dict.fromkeys(missing, "missing"))
    return [_row(record, origin, reader.line_num) for record in reader]


class Decision(Protocol):
    """What a classifier under test answers: a vote or a combined classification."""

    @property
    def category(self) -> Category: ...

    @property
    def subcategory(self) -> str | None: ...


@attrs.frozen
class Outcome:
    """What was expected and what came out, for one labelled row (1-based)."""

    row: int
    expected: Category
    predicted: Category
    expected_subcategory: str | None = None
    predicted_subcategory: str | None = None
    expected_priority: Priority | None = None
    predicted_priority: Priority | None = None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@attrs.frozen
class EvaluationReport:
    """Figures over a set of outcomes; ``None`` where a figure is undefined (0/0)."""

    outcomes: tuple[Outcome, ...]

    @property
    def total(self) -> int:
        """How many rows were evaluated."""
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        """Rows whose category was predicted right."""
        return sum(1 for outcome in self.outcomes if outcome.expected is outcome.predicted)

    @property
    def accuracy(self) -> float | None:
        """Share of rows whose category was predicted right."""
        return _ratio(self.correct, self.total)

    def count(self, expected: Category, predicted: Category) -> int:
        """One cell of the confusion matrix."""
        return sum(1 for outcome in self.outcomes
                   if outcome.expected is expected and outcome.predicted is predicted)

    def precision(self, category: Category) -> float | None:
        """Of the rows predicted ``category``, the share that were."""
        predicted = sum(1 for outcome in self.outcomes if outcome.predicted is category)
        return _ratio(self.count(category, category), predicted)

    def recall(self, category: Category) -> float | None:
        """Of the rows that were ``category``, the share predicted so."""
        expected = sum(1 for outcome in self.outcomes if outcome.expected is category)
        return _ratio(self.count(category, category), expected)

    def support(self, category: Category) -> int:
        """How many rows are labelled ``category``."""
        return sum(1 for outcome in self.outcomes if outcome.expected is category)

    @property
    def subcategory_accuracy(self) -> float | None:
        """Exact subcategory matches among rows that have a subcategory label."""
        labelled = [o for o in self.outcomes if o.expected_subcategory]
        right = sum(1 for o in labelled if o.expected_subcategory == o.predicted_subcategory)
        return _ratio(right, len(labelled))

    def _priority_pairs(self) -> list[tuple[Priority, Priority]]:
        return [(o.expected_priority, o.predicted_priority) for o in self.outcomes
                if o.expected_priority is not None and o.predicted_priority is not None]

    @property
    def high_priority_recall(self) -> float | None:
        """Of the complaints labelled high priority, the share the policy made high."""
        pairs = self._priority_pairs()
        expected = [predicted for wanted, predicted in pairs if wanted is Priority.HIGH]
        return _ratio(expected.count(Priority.HIGH), len(expected))

    @property
    def high_priority_precision(self) -> float | None:
        """Of the complaints the policy made high priority, the share labelled so."""
        pairs = self._priority_pairs()
        made_high = [wanted for wanted, predicted in pairs if predicted is Priority.HIGH]
        return _ratio(made_high.count(Priority.HIGH), len(made_high))

    @property
    def priority_accuracy(self) -> float | None:
        """Share of priority-labelled rows given the labelled priority."""
        pairs = self._priority_pairs()
        return _ratio(sum(1 for wanted, predicted in pairs if wanted is predicted), len(pairs))

    @property
    def misclassified(self) -> tuple[Outcome, ...]:
        """The rows whose category was wrong, for a person to look at."""
        return tuple(o for o in self.outcomes if o.expected is not o.predicted)

    def as_text(self) -> str:
        """The report as a plain-text table (no dependencies, fits a terminal)."""
        lines = [f"Classified {self.total} labelled complaints",
                 f"accuracy: {_figure(self.accuracy)} ({self.correct}/{self.total})",
                 f"subcategory accuracy: {_figure(self.subcategory_accuracy)}"]
        if self._priority_pairs():
            lines.append(f"high priority: precision {_figure(self.high_priority_precision)}, "
                         f"recall {_figure(self.high_priority_recall)}; "
                         f"priority accuracy {_figure(self.priority_accuracy)}")
        width = max(len(category.value) for category in Category) + 2
        lines += ["", f"{'category':<{width}}{'precision':>10}{'recall':>10}{'support':>10}"]
        lines += [f"{c.value:<{width}}{_figure(self.precision(c)):>10}"
                  f"{_figure(self.recall(c)):>10}{self.support(c):>10}" for c in Category]
        lines += ["", "confusion matrix (rows: expected, columns: predicted)",
                  " " * width + "".join(f"{c.value:>{len(c.value) + 2}}" for c in Category)]
        lines += [f"{expected.value:<{width}}"
                  + "".join(f"{self.count(expected, p):>{len(p.value) + 2}}" for p in Category)
                  for expected in Category]
        return "\n".join(lines)


def evaluate(rows: Iterable[LabelledComplaint],
             classifier: Callable[[ChannelDraft], Decision | None],
             prioritise: Callable[[ChannelDraft], PriorityAssessment] | None = None,
             ) -> EvaluationReport:
    """Run ``classifier`` (and ``prioritise``, if given) over labelled rows.

    A classifier that abstains (``None``) counts as predicting
    :attr:`Category.OTHER`, which is what combining no votes gives.
    """
    outcomes: list[Outcome] = []
    for row, labelled in enumerate(rows, start=1):
        draft = labelled.draft(row)
        decision = classifier(draft)
        assessment = prioritise(draft) if prioritise is not None else None
        outcomes.append(Outcome(
            row=row,
            expected=labelled.category,
            predicted=decision.category if decision is not None else Category.OTHER,
            expected_subcategory=labelled.subcategory,
            predicted_subcategory=decision.subcategory if decision is not None else None,
            expected_priority=labelled.priority,
            predicted_priority=assessment.priority if assessment is not None else None,
        ))
    return EvaluationReport(tuple(outcomes))


