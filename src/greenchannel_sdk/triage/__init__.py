"""Triage: the default classifier (S2), priority policy (S4, S5) and how they combine.

Rules and keywords are data files in ``data/`` that a bank can copy, edit
and load from its own path; :mod:`.evaluate` measures a classifier on a
labelled set so a change to the rules is judged by numbers.
"""

from .classifier import RuleClassifier
from .combine import combine_signals, combine_votes, override_priority, reclassify
from .evaluate import EvaluationReport, LabelledComplaint, evaluate, load_labelled
from .keywords import normalise
from .plugin import DefaultClassifierPlugin, DefaultPriorityPlugin
from .priority import PriorityPolicy, PriorityRules
from .rules import RuleSet

__all__ = [
    "DefaultClassifierPlugin",
    "DefaultPriorityPlugin",
    "EvaluationReport",
    "LabelledComplaint",
    "PriorityPolicy",
    "PriorityRules",
    "RuleClassifier",
    "RuleSet",
    "combine_signals",
    "combine_votes",
    "evaluate",
    "load_labelled",
    "normalise",
    "override_priority",
    "reclassify",
]
