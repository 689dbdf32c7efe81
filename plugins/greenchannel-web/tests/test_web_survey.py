"""A survey page answers the follow-up survey through the web channel (S15)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from greenchannel_sdk import Actor, GreenChannel, Status
from greenchannel_sdk.errors import ValidationError
from greenchannel_sdk.testing import FrozenClock

from greenchannel_web import WebChannel
from web_samples import body, form, sdk_with

HANDLER = Actor("chen", roles={"handler"}, team="risk")


def _resolved(sdk: GreenChannel) -> str:
    [result] = sdk.receive("web", body(form()))
    assert result.complaint is not None
    number = result.complaint.number
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed")
    sdk.propose_resolution(number, HANDLER, remedy="refund", redress=Decimal("8000"))
    sdk.accept_resolution(number, HANDLER)
    return number


def _survey_form(number: str, score: int, solved: bool, text: str) -> bytes:
    return body(form(idempotency_key=f"survey-{number}-{score}", text=text, in_reply_to=number,
                     survey={"score": score, "solved": solved}, subject=None, amount=None,
                     currency=None, attachments=None))


def test_a_survey_form_is_recorded_as_the_survey(tmp_path: Path) -> None:
    with sdk_with(lambda clock: WebChannel(clock=clock), tmp_path) as (sdk, _clock):
        number = _resolved(sdk)
        [result] = sdk.receive("web", _survey_form(number, 5, True, "很快,謝謝"))
        assert result.outcome == "survey"
        assert result.complaint is not None
        assert result.complaint.number == number
        [survey] = sdk.export_dossier(number, Actor("lead", roles={"green_channel_lead"})).surveys
        assert (survey.score, survey.solved, survey.comments, survey.channel) == (
            5, True, "很快,謝謝", "web")
        assert sdk.get(number).status is Status.RESOLVED


def test_a_dissatisfied_survey_form_reopens(tmp_path: Path) -> None:
    with sdk_with(lambda clock: WebChannel(clock=clock), tmp_path) as (sdk, _clock):
        number = _resolved(sdk)
        [result] = sdk.receive("web", _survey_form(number, 4, False, "還是被扣費"))
        assert result.outcome == "survey"
        assert sdk.get(number).status is Status.REOPENED


@pytest.mark.parametrize(("survey", "problem"), [
    ({"score": 0, "solved": True}, "survey.score"),
    ({"score": 6, "solved": True}, "survey.score"),
    ({"score": 3}, "survey.solved"),
    ({"score": 3, "solved": "yes"}, "survey.solved"),
    ({"score": 3, "solved": True, "mood": "ok"}, "survey.mood"),
])
def test_invalid_survey_fields_are_named(survey: dict[str, object], problem: str) -> None:
    channel = WebChannel(clock=FrozenClock())
    with pytest.raises(ValidationError) as info:
        channel.parse(body(form(in_reply_to="GC-1", survey=survey)), {})
    assert problem in info.value.problems


def test_a_survey_needs_the_complaint_number() -> None:
    channel = WebChannel(clock=FrozenClock())
    with pytest.raises(ValidationError) as info:
        channel.parse(body(form(survey={"score": 5, "solved": True})), {})
    assert "in_reply_to" in info.value.problems
