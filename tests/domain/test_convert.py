"""Every domain type survives a round trip through plain JSON data (P3: cattrs)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_sdk import domain
from greenchannel_sdk.domain import structure, unstructure

aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                     timezones=st.just(timezone.utc))
text = st.text(max_size=30)
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                    allow_infinity=False)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | text,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(names, inner, max_size=3), max_leaves=6)

st.register_type_strategy(datetime, aware)
st.register_type_strategy(Decimal, money)
st.register_type_strategy(timedelta, st.timedeltas(min_value=timedelta(0),
                                                   max_value=timedelta(days=400)))
st.register_type_strategy(float, st.floats(min_value=0, max_value=1, allow_nan=False))


def _strategy(cls: type) -> st.SearchStrategy[Any]:
    attrs.resolve_types(cls)
    overrides: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        if field.name in {"data", "payload", "details"}:
            overrides[field.name] = st.dictionaries(names, json_values, max_size=3)
        elif field.name in {"metadata"}:
            overrides[field.name] = st.dictionaries(names, text, max_size=3)
        elif field.name == "warn_at":
            overrides[field.name] = st.just((50, 80))
        elif field.name == "score" and cls is domain.SatisfactionSurvey:
            overrides[field.name] = st.integers(1, 5)
        elif field.name in {"size", "complainants", "seq", "cycle", "attempts",
                            "escalation_level", "version"}:
            overrides[field.name] = st.integers(1, 10**6)
        elif field.name == "raw":
            overrides[field.name] = st.binary(max_size=50)
        elif field.name in {"roles", "skills", "languages", "vulnerabilities"}:
            overrides[field.name] = st.frozensets(names, max_size=3)
        elif field.type is str:
            overrides[field.name] = names
        else:
            overrides[field.name] = st.from_type(field.type)  # type: ignore[arg-type]
    return st.builds(cls, **overrides)


st.register_type_strategy(domain.Shift, st.builds(
    domain.Shift, weekday=st.integers(0, 6), start=st.times(), end=st.times()))
st.register_type_strategy(domain.Leave, st.builds(domain.Leave, first_day=st.dates(),
                                                  last_day=st.dates(), reason=names))

for _cls in (domain.CustomerIdentity, domain.Attachment, domain.ClassificationVote,
             domain.Classification, domain.PrioritySignal, domain.PriorityAssessment,
             domain.Assignment, domain.ClockGoal):
    st.register_type_strategy(_cls, st.deferred(lambda c=_cls: _strategy(c)))

TYPES = [
    domain.CustomerIdentity, domain.Actor, domain.Attachment, domain.ChannelDraft,
    domain.Complaint, domain.ClassificationVote, domain.Classification,
    domain.PrioritySignal, domain.PriorityAssessment, domain.Assignment, domain.ClockGoal,
    domain.ClockState, domain.AuditEvent, domain.SatisfactionSurvey, domain.StaffMember,
    domain.Team, domain.OutboxMessage, domain.Communication,
]


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_round_trip_through_json(cls: type) -> None:
    @settings(max_examples=40, deadline=None)
    @given(_strategy(cls))
    def check(value: Any) -> None:
        data = unstructure(value)
        text_form = json.dumps(data, ensure_ascii=False)  # plain JSON, nothing exotic
        assert structure(json.loads(text_form), cls) == value

    check()


def test_money_is_not_rounded_through_float() -> None:
    vote = domain.ChannelDraft(channel="web", external_id="1",
                               received_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                               text="x", amount=Decimal("0.10"))
    assert unstructure(vote)["amount"] == "0.10"


def test_personal_data_never_appears_in_repr() -> None:
    """S20: a complaint printed into a log line shows no name, phone or ID number."""
    customer = domain.CustomerIdentity(name="張三", phone="13800138000",
                                       id_number="11010519491231002X")
    shown = repr(customer)
    for secret in ("張三", "13800138000", "11010519491231002X"):
        assert secret not in shown
