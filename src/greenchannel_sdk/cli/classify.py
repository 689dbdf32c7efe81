"""``greenchannel classify``: try and measure the triage rules (S2, S4) from the shell.

``classify eval [FILE]`` scores the classifier (and the priority policy, if
the file has priority labels) on a labelled CSV, the shipped set by
default; ``--min-accuracy`` makes it usable as a check in a bank's own CI
after editing the rules.  ``classify text TEXT`` shows what the rules make
of one complaint and why.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..domain import ChannelDraft, PriorityAssessment
from ..settings import Settings
from ..triage.classifier import RuleClassifier
from ..triage.combine import combine_signals, combine_votes
from ..triage.evaluate import evaluate, load_labelled, text_draft
from ..triage.priority import PriorityPolicy, PriorityRules
from ..triage.rules import RuleSet

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``classify eval`` and ``classify text`` to the ``greenchannel`` command."""
    parser = subparsers.add_parser(
        "classify", help="evaluate or try the complaint classification rules (S2, S4)")
    commands = parser.add_subparsers(dest="classify_command", metavar="SUBCOMMAND",
                                     required=True)
    evaluation = commands.add_parser(
        "eval", help="accuracy, precision/recall and confusion matrix on a labelled CSV")
    evaluation.add_argument(
        "file", nargs="?", type=Path, metavar="FILE.csv",
        help="CSV with columns text,category,subcategory,priority,language "
             "(default: the labelled set shipped with the SDK)")
    evaluation.add_argument("--min-accuracy", type=float, metavar="FRACTION",
                            help="exit with status 1 when accuracy is below this (e.g. 0.75)")
    evaluation.add_argument("--show-errors", action="store_true",
                            help="list the misclassified rows (numbers only, no text)")
    _add_rule_options(evaluation)
    evaluation.set_defaults(func=run_eval)
    text = commands.add_parser("text", help="classify one complaint text and show the reasons")
    text.add_argument("text", help="the complaint text, in Chinese or English")
    _add_rule_options(text)
    text.set_defaults(func=run_text)


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", type=Path, metavar="FILE.json",
                        help="classification rules to use instead of the packaged ones")
    parser.add_argument("--priority-rules", type=Path, metavar="FILE.json",
                        help="priority rules to use instead of the packaged ones")


def _triage(args: argparse.Namespace) -> tuple[Settings, RuleClassifier,
                                               Callable[[ChannelDraft], PriorityAssessment]]:
    settings = Settings.from_env()
    classifier = RuleClassifier(RuleSet.from_file(args.rules))
    policy = PriorityPolicy(settings, PriorityRules.from_file(args.priority_rules))

    def prioritise(draft: ChannelDraft) -> PriorityAssessment:
        return combine_signals(policy.signals(draft), settings.priority_threshold)

    return settings, classifier, prioritise


def run_eval(args: argparse.Namespace) -> int:
    """Print the evaluation report; 1 when below ``--min-accuracy``."""
    _settings, classifier, prioritise = _triage(args)
    report = evaluate(load_labelled(args.file), classifier.classify, prioritise)
    print(report.as_text())
    if args.show_errors and report.misclassified:
        print("\nmisclassified rows (data row numbers, header not counted):")
        for outcome in report.misclassified:
            print(f"  row {outcome.row}: expected {outcome.expected.value}, "
                  f"predicted {outcome.predicted.value}")
    if args.min_accuracy is not None and (report.accuracy or 0.0) < args.min_accuracy:
        print(f"\naccuracy below the required {args.min_accuracy:.3f}")
        return 1
    return 0


def run_text(args: argparse.Namespace) -> int:
    """Print the category, subcategory, priority and every reason for one text."""
    settings, classifier, prioritise = _triage(args)
    draft = text_draft(args.text)
    vote = classifier.classify(draft)
    classification = combine_votes([vote] if vote else [],
                                   settings.classification_review_below)
    assessment = prioritise(draft)
    review = " (needs review)" if classification.needs_review else ""
    print(f"category: {classification.category.value}{review}")
    print(f"subcategory: {classification.subcategory or '-'}")
    print(f"confidence: {classification.confidence:.3f}")
    for reason in classification.reasons:
        print(f"  {reason}")
    print(f"priority: {assessment.priority.value} "
          f"(score {assessment.score:g}, threshold {assessment.threshold:g})")
    for signal in assessment.signals:
        print(f"  {signal.name} +{signal.weight:g}: {signal.reason}")
    return 0
