"""The survey-answer reader (S15): structured metadata first, then ``SCORE SOLVED COMMENTS``."""

from __future__ import annotations

import pytest

from greenchannel_sdk.engine.survey_reply import (
    SurveyAnswer,
    parse_survey_text,
    read_survey_reply,
)
from greenchannel_sdk.testing import make_draft


@pytest.mark.parametrize(("text", "expected"), [
    ("5 solved thank you", SurveyAnswer(5, True, "thank you")),
    ("  4, yes", SurveyAnswer(4, True, None)),
    ("2 no still charged twice", SurveyAnswer(2, False, "still charged twice")),
    ("1 not solved\nnobody called", SurveyAnswer(1, False, "nobody called")),
    ("3/5 Unsolved", SurveyAnswer(3, False, None)),
    ("4分 已解決 謝謝", SurveyAnswer(4, True, "謝謝")),
    ("５，未解决，还是扣费了", SurveyAnswer(5, False, "还是扣费了")),
    ("2 否", SurveyAnswer(2, False, None)),
    ("5 Y", SurveyAnswer(5, True, None)),
])
def test_readable_answers(text: str, expected: SurveyAnswer) -> None:
    assert parse_survey_text(text) == expected


@pytest.mark.parametrize("text", [
    "thank you, all good",      # no score
    "6 solved",                 # out of range
    "0 no",
    "50 solved",                # a number, not a score
    "5",                        # no solved answer
    "5 nothing works",          # "no" inside a word is not an answer
    "4 yesterday it broke",     # nor is "y"
    "5 maybe",
])
def test_unreadable_answers(text: str) -> None:
    assert parse_survey_text(text) is None


def test_structured_fields_win_over_the_text() -> None:
    draft = make_draft("the app form's comment", metadata={
        "survey_score": "4", "survey_solved": "yes"})
    assert read_survey_reply(draft).answer == SurveyAnswer(4, True, "the app form's comment")
    draft = make_draft("x", metadata={"survey_score": "2", "survey_solved": "false",
                                      "survey_comments": "too slow"})
    assert read_survey_reply(draft).answer == SurveyAnswer(2, False, "too slow")


@pytest.mark.parametrize(("metadata", "problem"), [
    ({"survey_score": "9", "survey_solved": "yes"}, "survey_score must be 1 to 5"),
    ({"survey_score": "3"}, "survey_solved must be yes or no"),
    ({"survey_solved": "maybe"}, "survey_score must be 1 to 5; survey_solved must be yes or no"),
])
def test_invalid_structured_fields_name_the_problem(metadata: dict[str, str],
                                                    problem: str) -> None:
    reading = read_survey_reply(make_draft("5 solved", metadata=metadata))
    assert reading.answer is None
    assert reading.problem == problem
