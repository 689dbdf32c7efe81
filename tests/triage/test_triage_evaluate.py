"""Evaluation figures (S2, S4), checked against a small example worked by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from greenchannel_sdk.domain import (
    Category,
    ChannelDraft,
    ClassificationVote,
    Priority,
    PriorityAssessment,
)
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.triage.evaluate import (
    COLUMNS,
    EvaluationReport,
    LabelledComplaint,
    evaluate,
    load_labelled,
)

STAFF, OTHER, MONEY, PRODUCT = (Category.STAFF_SERVICE, Category.OTHER,
                                Category.TRANSACTION_DISPUTE, Category.PRODUCT_SERVICE)
H, N = Priority.HIGH, Priority.NORMAL

# text: (expected category, expected subcategory, expected priority,
#        predicted category or None for abstaining, predicted subcategory, predicted priority)
CASES = {
    "one": (STAFF, "other/service_attitude", H, STAFF, "other/service_attitude", H),
    "two": (STAFF, "other/sales_practice", N, OTHER, "other/other", H),
    "three": (OTHER, None, N, OTHER, None, N),
    "four": (MONEY, None, H, STAFF, None, N),
    "five": (MONEY, None, H, None, None, H),
}


def fake_classifier(draft: ChannelDraft) -> ClassificationVote | None:
    predicted, subcategory = CASES[draft.text][3], CASES[draft.text][4]
    if predicted is None:
        return None
    return ClassificationVote(predicted, 0.9, "fake", subcategory)


def fake_prioritiser(draft: ChannelDraft) -> PriorityAssessment:
    return PriorityAssessment(CASES[draft.text][5])


@pytest.fixture
def report() -> EvaluationReport:
    rows = [LabelledComplaint(text, case[0], case[1], case[2]) for text, case in CASES.items()]
    return evaluate(rows, fake_classifier, fake_prioritiser)


def test_accuracy_counts_exact_category_matches(report: EvaluationReport) -> None:
    assert (report.correct, report.total) == (2, 5)
    assert report.accuracy == pytest.approx(0.4)


def test_precision_and_recall_per_category(report: EvaluationReport) -> None:
    # staff: predicted for rows one and four, right once; labelled on one and two.
    assert report.precision(STAFF) == pytest.approx(1 / 2)
    assert report.recall(STAFF) == pytest.approx(1 / 2)
    # other: predicted for two, three and five (abstained), right once; labelled once.
    assert report.precision(OTHER) == pytest.approx(1 / 3)
    assert report.recall(OTHER) == pytest.approx(1.0)
    # transaction: never predicted, labelled twice.
    assert report.precision(MONEY) is None
    assert report.recall(MONEY) == 0.0
    # product: neither labelled nor predicted.
    assert report.precision(PRODUCT) is None
    assert report.recall(PRODUCT) is None
    assert [report.support(c) for c in (STAFF, OTHER, MONEY, PRODUCT)] == [2, 1, 2, 0]


def test_confusion_matrix_cells(report: EvaluationReport) -> None:
    assert report.count(STAFF, STAFF) == 1
    assert report.count(STAFF, OTHER) == 1
    assert report.count(OTHER, OTHER) == 1
    assert report.count(MONEY, STAFF) == 1
    assert report.count(MONEY, OTHER) == 1
    assert sum(report.count(e, p) for e in Category for p in Category) == 5


def test_subcategory_accuracy_counts_labelled_rows_only(report: EvaluationReport) -> None:
    assert report.subcategory_accuracy == pytest.approx(1 / 2)


def test_priority_figures(report: EvaluationReport) -> None:
    # labelled high: one, four, five -> made high: one, five
    assert report.high_priority_recall == pytest.approx(2 / 3)
    # made high: one, two, five -> labelled high: one, five
    assert report.high_priority_precision == pytest.approx(2 / 3)
    assert report.priority_accuracy == pytest.approx(3 / 5)


def test_misclassified_rows_are_numbered_from_one(report: EvaluationReport) -> None:
    assert [outcome.row for outcome in report.misclassified] == [2, 4, 5]


def test_text_report_shows_the_figures(report: EvaluationReport) -> None:
    text = report.as_text()
    assert "accuracy: 0.400 (2/5)" in text
    assert "subcategory accuracy: 0.500" in text
    assert "high priority: precision 0.667, recall 0.667; priority accuracy 0.600" in text
    staff_line = next(line for line in text.splitlines() if line.startswith("staff_service "))
    assert staff_line.split() == ["staff_service", "0.500", "0.500", "2"]
    transaction_row = [line for line in text.splitlines()
                       if line.startswith("transaction_dispute")][-1]
    # columns in Category order: product, operation, staff, transaction, other
    assert transaction_row.split()[1:] == ["0", "0", "1", "0", "1"]


def test_without_a_prioritiser_priority_figures_are_absent() -> None:
    rows = [LabelledComplaint("one", STAFF, priority=H)]
    report = evaluate(rows, fake_classifier)
    assert report.high_priority_recall is None
    assert "high priority" not in report.as_text()


def write_csv(path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_load_labelled_reads_a_banks_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "set.csv", [
        {"text": "卡被盜刷", "category": "transaction_dispute", "subcategory": "",
         "priority": "high", "language": "zh-Hant"},
        {"text": "rude, very", "category": "staff_service", "subcategory": "other/x",
         "priority": "", "language": ""},
    ])
    first, second = load_labelled(path)
    assert (first.text, first.category, first.subcategory, first.priority, first.language) == (
        "卡被盜刷", MONEY, None, H, "zh-Hant")
    assert (second.text, second.subcategory, second.priority, second.language) == (
        "rude, very", "other/x", None, None)


def test_bad_rows_name_line_and_column_but_not_the_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "set.csv", [
        {"text": "fine", "category": "other", "subcategory": "", "priority": "",
         "language": ""},
        {"text": "secret customer words", "category": "fees", "subcategory": "",
         "priority": "urgent", "language": ""},
    ])
    with pytest.raises(ValidationError) as caught:
        load_labelled(path)
    assert "line 3" in str(caught.value)
    assert set(caught.value.problems) == {"category", "priority"}
    assert "secret customer words" not in str(caught.value)


def test_a_file_without_the_header_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "set.csv", [{"words": "x", "label": "other"}],
                     header=("words", "label"))
    with pytest.raises(ValidationError, match="needs a header row") as caught:
        load_labelled(path)
    assert caught.value.problems == {"text": "missing", "category": "missing"}


def test_shipped_set_is_large_varied_and_balanced() -> None:
    rows = load_labelled()
    assert len(rows) >= 240
    assert {row.category for row in rows} == set(Category)
    assert min(sum(row.category is c for row in rows) for c in Category) >= 45
    assert {row.language for row in rows} == {"en", "zh-Hans", "zh-Hant"}
    assert sum(row.priority is H for row in rows) >= 50
    assert len({row.text for row in rows}) == len(rows)
