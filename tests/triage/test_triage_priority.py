"""The default priority policy (S4, S5): every signal, its weight and its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from greenchannel_sdk.domain import (
    Category,
    ChannelDraft,
    Classification,
    Complaint,
    CustomerIdentity,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.triage.combine import combine_signals
from greenchannel_sdk.triage.priority import SOURCE, PriorityPolicy

SETTINGS = Settings(load_entry_points=False)
POLICY = PriorityPolicy(SETTINGS)

Draft = Callable[..., ChannelDraft]


def names(draft: ChannelDraft, history: tuple[Complaint, ...] = ()) -> list[str]:
    return [signal.name for signal in POLICY.signals(draft, history)]


def earlier(draft: ChannelDraft, days_before: float,
            status: Status = Status.CLOSED) -> Complaint:
    """A complaint by the same customer received ``days_before`` the draft."""
    received = draft.received_at - timedelta(days=days_before)
    return Complaint(
        id=f"id-{days_before}", number=f"N-{days_before}", status=status, channel="web",
        external_id=f"e-{days_before}", received_at=received, registered_at=received,
        text="earlier", classification=Classification(Category.OTHER, 0.0),
        priority=PriorityAssessment(Priority.NORMAL))


TEXT_SIGNALS = [
    ("funds_at_risk", "Someone made unauthorised payments on my card.",
     "我的卡被盗刷了。", "我的卡被盜刷了。"),
    ("funds_at_risk", "My account has been frozen for weeks.",
     "账户被冻结了。", "帳戶被凍結了。"),
    ("funds_at_risk", "I lost my savings to a scam.",
     "我被骗了。", "我被騙了。"),
    ("mis_selling", "The adviser said it was risk-free; I was misled.",
     "理财经理说保本，完全是误导。", "理專說保本，完全是誤導。"),
    ("vulnerable_customer", "My mother is elderly and disabled.",
     "我是残疾人，行动不便。", "我是殘疾人，行動不便。"),
    ("regulator_or_media", "I will take this to the regulator.",
     "我要向银保监投诉。", "我要向銀保監投訴。"),
    ("regulator_or_media", "I will call the press.",
     "我要找媒体和记者曝光。", "我要找媒體和記者曝光。"),
    ("legal_action", "My lawyer will be in touch.",
     "我会请律师起诉。", "我會請律師起訴。"),
    ("group_stated", "Dozens of us were affected.",
     "我们要集体投诉。", "我們要集體投訴。"),
    ("repeat_stated", "I have complained before about this.",
     "这件事我之前投诉过。", "這件事我之前投訴過。"),
    ("repeated_complaints_stated", "I have complained several times already.",
     "这件事我已经多次投诉。", "這件事我已經多次投訴。"),
]


@pytest.mark.parametrize("language", [1, 2, 3], ids=["en", "zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("case", TEXT_SIGNALS, ids=lambda case: f"{case[0]}:{case[1][:20]}")
def test_text_signals_in_each_language(case: tuple[str, ...], language: int,
                                       make_draft: Draft) -> None:
    assert case[0] in names(make_draft(case[language]))


@pytest.mark.parametrize("word", ["银保监", "金融监管", "12378", "媒体", "记者", "regulator",
                                  "FCA", "CFPB", "ombudsman", "press"])
def test_each_named_regulator_or_media_word_is_a_threat(word: str, make_draft: Draft) -> None:
    text = f"I will go to the {word} about this" if word.isascii() else f"不解决我就找{word}"
    assert names(make_draft(text)) == ["regulator_or_media"]


def test_nothing_alarming_gives_no_signal(make_draft: Draft) -> None:
    assert names(make_draft("The branch opening hours are too short.")) == []


def test_signal_carries_weight_reason_and_source(make_draft: Draft) -> None:
    (signal,) = POLICY.signals(make_draft("My card was stolen."), ())
    assert signal.weight == pytest.approx(1.0)
    assert signal.reason == "customer's funds may be at risk: matched 'stolen'"
    assert signal.source == SOURCE


def test_declared_vulnerabilities_are_a_strong_signal(make_draft: Draft) -> None:
    customer = CustomerIdentity(customer_ref="c-1", vulnerabilities={"elderly", "disabled"})
    (signal,) = POLICY.signals(make_draft("Please call me back.", customer=customer), ())
    assert signal.name == "declared_vulnerability"
    assert signal.weight == pytest.approx(1.0)
    assert signal.reason.endswith(": disabled, elderly")


def test_large_amount_at_the_limit_counts_and_below_does_not(make_draft: Draft) -> None:
    limit = SETTINGS.large_amount
    assert names(make_draft("Please refund me.", amount=limit)) == ["large_amount"]
    assert names(make_draft("Please refund me.", amount=limit - Decimal("0.01"))) == []
    assert names(make_draft("Please refund me.")) == []


@pytest.mark.parametrize(("complainants", "expected", "weight"),
                         [(1, [], None), (2, ["group"], 0.5), (19, ["group"], 0.5),
                          (20, ["major_group"], 1.0), (300, ["major_group"], 1.0)])
def test_group_complaints_by_number_of_complainants(
        complainants: int, expected: list[str], weight: float | None,
        make_draft: Draft) -> None:
    signals = POLICY.signals(make_draft("Fees.", complainants=complainants), ())
    assert [signal.name for signal in signals] == expected
    if weight is not None:
        assert signals[0].weight == pytest.approx(weight)
        assert f"{complainants} complainants" in signals[0].reason


def test_repeat_complaints_count_only_those_inside_the_window(make_draft: Draft) -> None:
    window = SETTINGS.repeat_window_days
    draft = make_draft("Fees again.")
    history = tuple(earlier(draft, days) for days in (1, window, window + 1, 400))
    (signal,) = POLICY.signals(draft, history)
    assert signal.name == "repeat_complaint"
    assert signal.weight == pytest.approx(1.0)  # two earlier complaints, 0.5 each
    assert signal.reason.endswith(f"2 in the last {window} days")


def test_merged_and_rejected_complaints_are_not_repeats(make_draft: Draft) -> None:
    draft = make_draft("Fees again.")
    history = (earlier(draft, 2, Status.MERGED), earlier(draft, 3, Status.REJECTED))
    assert names(draft, history) == []


def test_one_earlier_complaint_alone_is_not_high_priority(make_draft: Draft) -> None:
    draft = make_draft("Fees again.")
    signals = POLICY.signals(draft, (earlier(draft, 5),))
    assert combine_signals(signals, SETTINGS.priority_threshold).priority is Priority.NORMAL


@pytest.mark.parametrize("threshold", [1.0, 2.5])
@pytest.mark.parametrize("fields", [
    {"text": "My card was stolen."},
    {"text": "I was mis-sold this bond."},
    {"text": "I will go to the ombudsman."},
    {"text": "ok", "customer": CustomerIdentity(vulnerabilities={"elderly"})},
    {"text": "ok", "amount": Decimal("50000")},
    {"text": "ok", "complainants": 20},
], ids=["funds", "mis-selling", "regulator", "vulnerable", "amount", "major-group"])
def test_any_single_strong_signal_makes_the_complaint_high_priority(
        fields: dict[str, object], threshold: float, make_draft: Draft) -> None:
    policy = PriorityPolicy(Settings(load_entry_points=False, priority_threshold=threshold))
    assessment = combine_signals(policy.signals(make_draft(**fields), ()), threshold)
    assert assessment.priority is Priority.HIGH
    assert assessment.green_channel


def test_two_moderate_signals_together_are_high_priority(make_draft: Draft) -> None:
    draft = make_draft("I have complained before and my lawyer agrees.")
    assessment = combine_signals(POLICY.signals(draft, ()), SETTINGS.priority_threshold)
    assert [signal.name for signal in assessment.signals] == ["legal_action", "repeat_stated"]
    assert assessment.priority is Priority.HIGH
