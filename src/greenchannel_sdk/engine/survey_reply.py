"""Reading a customer's answer to the follow-up survey from a channel draft (S15).

A draft whose ``in_reply_to`` names a complaint in follow-up (resolved, or
closed) is read as a survey answer, in this order:

1. **Structured**: the channel puts the answer in the draft's metadata under
   :data:`SCORE_KEY` (``"1"`` to ``"5"``), :data:`SOLVED_KEY` (``"yes"``/
   ``"no"``, ``"true"``/``"false"``, ``"1"``/``"0"``) and optionally
   :data:`COMMENTS_KEY`; without that key the draft's text is the comment.
   A web form, an app or a call-centre screen does this.
2. **Text**: otherwise the text is read as ``SCORE SOLVED [COMMENTS]``, the
   way a customer answers an SMS, WeChat message or e-mail: ``"5 solved
   thank you"``, ``"2 no still charged"``, ``"4分 已解決 謝謝"``.  SCORE is
   one digit 1-5 (full-width digits too, optionally ``/5`` or ``分``);
   SOLVED one of :data:`SOLVED_WORDS` or :data:`UNSOLVED_WORDS`; separators
   may be spaces or (Chinese) commas.

A draft that carries the survey keys but holds invalid values, or a text
that does not follow the pattern, gives a :class:`SurveyReading` with the
``problem``: intake then links the message to the complaint for a person
to read, so no answer is lost.
"""

from __future__ import annotations

import re

import attrs

from ..domain import ChannelDraft, Status

__all__ = [
    "COMMENTS_KEY",
    "FOLLOW_UP_STATUSES",
    "SCORE_KEY",
    "SOLVED_KEY",
    "SOLVED_WORDS",
    "UNSOLVED_WORDS",
    "SurveyAnswer",
    "SurveyReading",
    "parse_survey_text",
    "read_survey_reply",
]

SCORE_KEY = "survey_score"
SOLVED_KEY = "survey_solved"
COMMENTS_KEY = "survey_comments"

#: States in which a customer's reply is taken as the answer to the follow-up survey.
FOLLOW_UP_STATUSES: frozenset[Status] = frozenset({Status.RESOLVED, Status.CLOSED})

SOLVED_WORDS: tuple[str, ...] = ("solved", "resolved", "yes", "y", "true",
                                 "已解決", "已解决", "解決", "解决", "是")
UNSOLVED_WORDS: tuple[str, ...] = ("not solved", "unsolved", "unresolved", "no", "n", "false",
                                   "未解決", "未解决", "沒解決", "没解决", "否")

_STRUCTURED_YES = frozenset({"yes", "true", "1", *SOLVED_WORDS})
_STRUCTURED_NO = frozenset({"no", "false", "0", *UNSOLVED_WORDS})
_SCORE = re.compile(r"\s*([1-5１-５])\s*(?:/\s*5|分)?(?=$|[\s,，、;；:：]|[^\x00-\x7f])")
_SEPARATORS = " \t\r\n,，、;；:：.。!！"
_WORDS = sorted([(w, True) for w in SOLVED_WORDS] + [(w, False) for w in UNSOLVED_WORDS],
                key=lambda item: -len(item[0]))


@attrs.frozen
class SurveyAnswer:
    """What the customer answered: score 1-5, solved or not, and their own words."""

    score: int
    solved: bool
    comments: str | None = None


@attrs.frozen
class SurveyReading:
    """The answer read from a draft, or ``None`` with the ``problem`` that stopped it."""

    answer: SurveyAnswer | None
    problem: str = ""


def read_survey_reply(draft: ChannelDraft) -> SurveyReading:
    """Read a survey answer from ``draft``: its metadata if it carries one, else its text."""
    meta = draft.metadata
    if SCORE_KEY in meta or SOLVED_KEY in meta:
        return _structured(meta.get(SCORE_KEY), meta.get(SOLVED_KEY),
                           meta.get(COMMENTS_KEY, draft.text))
    answer = parse_survey_text(draft.text)
    if answer is None:
        return SurveyReading(None, "the text does not start with a score 1-5 and solved yes/no")
    return SurveyReading(answer)


def _structured(score: str | None, solved: str | None, comments: str) -> SurveyReading:
    problems = []
    value = (score or "").strip()
    if not (len(value) == 1 and value in "12345"):
        problems.append(f"{SCORE_KEY} must be 1 to 5")
    flag = (solved or "").strip().casefold()
    if flag not in _STRUCTURED_YES | _STRUCTURED_NO:
        problems.append(f"{SOLVED_KEY} must be yes or no")
    if problems:
        return SurveyReading(None, "; ".join(problems))
    return SurveyReading(SurveyAnswer(int(value), flag in _STRUCTURED_YES,
                                      comments.strip() or None))


def parse_survey_text(text: str) -> SurveyAnswer | None:
    """``"5 solved thanks"`` → ``SurveyAnswer(5, True, "thanks")``; ``None`` when unreadable."""
    match = _SCORE.match(text)
    if match is None:
        return None
    score = int(match.group(1).translate(str.maketrans("１２３４５", "12345")))
    rest = text[match.end():].lstrip(_SEPARATORS)
    folded = rest.casefold()
    for word, solved in _WORDS:
        if not folded.startswith(word):
            continue
        after = rest[len(word):]
        if word.isascii() and after[:1].isascii() and after[:1].isalnum():
            continue  # "no" in "nothing", "y" in "yesterday"
        return SurveyAnswer(score, solved, after.lstrip(_SEPARATORS).strip() or None)
    return None
