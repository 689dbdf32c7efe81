"""SLA policy packs: which clocks a complaint gets, under which rule (S9, S22).

Each pack satisfies :class:`~greenchannel_sdk.interfaces.SlaPolicy` and also
answers :meth:`extension_rule`, how far a goal's deadline may be extended.
Every goal carries ``source``, the rule it implements, so an explanation
can cite it.  Goal names are shared across packs:

==================== ===========================================================
``first_contact``    the handler reaches the customer (S9); starts at receipt
``summary_resolution`` resolved informally (UK DISP 1.5); starts at receipt
``cfpb_response``    the company's response on the CFPB portal; starts at receipt
``resolution``       the decision / final response (S11); starts at receipt
``follow_up``        the follow-up visit (S15); starts when the outcome is accepted
``review``           the review (核查) the customer asked for; starts at that request
==================== ===========================================================

:data:`STARTS_WITH` holds that table as data and :func:`goals_starting`
picks a pack's goals for one moment of the lifecycle.

Regulatory day counts use :class:`~.calendars.DayCountCalendar` calendars
(the day of receipt not counted, each counted day ending at midnight), so
"15 days" ends at midnight closing the 15th day after receipt, as the rules
count.  Internal hour targets use elapsed time.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Protocol, runtime_checkable

import attrs

from ..domain import ClockGoal, Complaint
from ..interfaces import SlaPolicy
from .clocks import ExtensionRule

__all__ = [
    "STARTS_WITH",
    "ClockTrigger",
    "CnNfra2020Policy",
    "ExtendablePolicy",
    "SchemeDefaultPolicy",
    "UkFcaDispPolicy",
    "UsCfpbPolicy",
    "UsRegEPolicy",
    "extension_rule",
    "goals_starting",
]

_DAY = timedelta(days=1)
_S9 = "Scheme 四.4 (S9): the handler contacts the customer within 24 hours of receipt"
_NFRA = "《银行业保险业消费投诉处理管理办法》(CBIRC Order 2020 No. 3)"
_NO_ESCALATION: tuple[timedelta, ...] = ()


class ClockTrigger(str, enum.Enum):
    """The lifecycle moment at which a goal's clock starts."""

    RECEIVED = "received"
    OUTCOME_ACCEPTED = "outcome_accepted"
    REVIEW_REQUESTED = "review_requested"


#: When each goal's clock starts; goals not listed start at receipt.
STARTS_WITH: Mapping[str, ClockTrigger] = {
    "follow_up": ClockTrigger.OUTCOME_ACCEPTED,
    "review": ClockTrigger.REVIEW_REQUESTED,
}


def goals_starting(policy: SlaPolicy, complaint: Complaint,
                   trigger: ClockTrigger) -> list[ClockGoal]:
    """The goals of ``policy`` for ``complaint`` whose clocks start at ``trigger``."""
    return [goal for goal in policy.goals(complaint)
            if STARTS_WITH.get(goal.name, ClockTrigger.RECEIVED) is trigger]


@runtime_checkable
class ExtendablePolicy(Protocol):
    """A policy that also says how far each goal may be extended."""

    name: str

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]: ...

    def extension_rule(self, goal: str) -> ExtensionRule | None: ...


def extension_rule(policy: SlaPolicy, goal: str) -> ExtensionRule | None:
    """``policy``'s extension rule for ``goal``; ``None`` (no extension) for plain policies."""
    if isinstance(policy, ExtendablePolicy):
        return policy.extension_rule(goal)
    return None


def _first_contact(duration: timedelta, green: bool) -> ClockGoal:
    lane = "green-channel target" if green else "every complaint"
    return ClockGoal("first_contact", duration, source=f"{_S9}; {lane}")


# Packs are ``attrs.define`` (not frozen) because the SlaPolicy protocol
# declares ``name`` as a plain, settable attribute.


@attrs.define
class SchemeDefaultPolicy:
    """The bank's own targets from the green-channel scheme (S9, S11, S15, S22).

    Every complaint gets first contact within 24 hours (S9).  Green-channel
    complaints (high priority, S5) get tighter targets: by default first
    contact within 2 hours and a resolution within 5 days instead of 15.
    The follow-up visit (S15) is due within 3 working days of the customer
    accepting the outcome, a review within 30 days of the request.  All
    targets are internal (``statutory=False``): they pause while the bank
    waits for the customer.  Day targets count on ``day_calendar``
    (calendar days by default, so no target outlasts the 15-calendar-day
    regulatory limit), the follow-up on ``working_day_calendar``.
    """

    name: str = "scheme-default"
    first_contact: timedelta = timedelta(hours=24)
    green_first_contact: timedelta = timedelta(hours=2)
    resolution: timedelta = 15 * _DAY
    green_resolution: timedelta = 5 * _DAY
    follow_up: timedelta = 3 * _DAY
    review: timedelta = 30 * _DAY
    day_calendar: str = "calendar-days"
    working_day_calendar: str = "cn-mainland-days"

    def first_contact_goal(self, complaint: Complaint) -> ClockGoal:
        if complaint.green_channel:
            return _first_contact(self.green_first_contact, green=True)
        return _first_contact(self.first_contact, green=False)

    def follow_up_goal(self) -> ClockGoal:
        return ClockGoal("follow_up", self.follow_up, business_time=True,
                         calendar=self.working_day_calendar,
                         source="Scheme 四.5 (S15): follow-up visit after the customer accepts")

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]:
        green = complaint.green_channel
        return (
            self.first_contact_goal(complaint),
            ClockGoal("resolution", self.green_resolution if green else self.resolution,
                      business_time=True, calendar=self.day_calendar,
                      source="Scheme 四.4/五 (S11, S22): bank target"
                             + (" for the green channel (S5)" if green else "")),
            self.follow_up_goal(),
            ClockGoal("review", self.review, business_time=True, calendar=self.day_calendar,
                      source="Scheme 四.6/七 (S19): internal review target"),
        )

    def extension_rule(self, goal: str) -> ExtensionRule | None:
        return None


@attrs.define
class CnNfra2020Policy:
    """Mainland China: the 2020 banking and insurance complaint-handling measures.

    The decision is due within 15 days of receipt; a complex case may be
    extended to 30 days, and a particularly complex one by a further 30 days
    with approval by a superior body or head-office senior management and
    notice to the complainant (60 days in all, the last 30 needing a named
    approver).  Time an outside body spends on appraisal, testing or
    assessment is not counted (record it with :func:`~.clocks.exclude`).
    A customer who disputes the decision may ask for a review (核查) within
    30 days of it; the review is decided within 30 days of the request.  All
    days are calendar days.  The scheme's own first-contact and follow-up
    targets (S9, S15) run alongside as internal goals.
    """

    name: str = "cn-nfra-2020"
    scheme: SchemeDefaultPolicy = attrs.field(factory=SchemeDefaultPolicy)
    day_calendar: str = "calendar-days"

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]:
        return (
            self.scheme.first_contact_goal(complaint),
            ClockGoal("resolution", 15 * _DAY, business_time=True,
                      calendar=self.day_calendar, statutory=True,
                      source=f"{_NFRA}: decision within 15 days of receipt; "
                             "days are calendar days"),
            self.scheme.follow_up_goal(),
            ClockGoal("review", 30 * _DAY, business_time=True, calendar=self.day_calendar,
                      statutory=True,
                      source=f"{_NFRA}: review (核查) decided within 30 days of the request"),
        )

    def extension_rule(self, goal: str) -> ExtensionRule | None:
        if goal != "resolution":
            return None
        return ExtensionRule(
            max_total=60 * _DAY, calendar=self.day_calendar, approval_beyond=30 * _DAY,
            source=f"{_NFRA}: complex cases to 30 days; particularly complex cases a "
                   "further 30 days with senior approval and notice to the complainant")


@attrs.define
class UkFcaDispPolicy:
    """United Kingdom: the FCA's complaint time limits (DISP 1.5, 1.6).

    A complaint resolved by close of business on the third business day
    after the day of receipt may close with a summary resolution
    communication (DISP 1.5.1R): ``summary_resolution`` tracks that window,
    as a target without escalation.  Otherwise a final response is due by
    the end of eight weeks after receipt (DISP 1.6.2R).  Payment services
    and e-money complaints (PSD/EMD: ``metadata["regulatory_scope"]`` is
    ``"psd"`` or ``"emd"``) get 15 business days, and in exceptional
    circumstances, after a holding response, 35 business days
    (DISP 1.6.2AR).  Business days follow the bank holidays of the UK
    nation the complaint is handled in (``nation``: ``england``,
    ``scotland``, ``wales`` or ``northern-ireland``).  Day deadlines end at
    midnight; a bank that closes earlier sets its own calendar.
    """

    name: str = "uk-fca-disp"
    nation: str = "england"
    payment_scopes: frozenset[str] = frozenset({"psd", "emd"})
    first_contact: timedelta = timedelta(hours=24)

    @property
    def _business_days(self) -> str:
        return f"uk-{self.nation}-days"

    def _payment_service(self, complaint: Complaint) -> bool:
        return complaint.metadata.get("regulatory_scope", "").lower() in self.payment_scopes

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]:
        if self._payment_service(complaint):
            resolution = ClockGoal(
                "resolution", 15 * _DAY, business_time=True, calendar=self._business_days,
                statutory=True, source="FCA DISP 1.6.2AR: PSD/EMD final response within "
                                       "15 business days of receipt")
        else:
            resolution = ClockGoal(
                "resolution", 56 * _DAY, business_time=True, calendar="uk-calendar-days",
                statutory=True, source="FCA DISP 1.6.2R: final response by the end of "
                                       "eight weeks after receipt")
        return (
            _first_contact(self.first_contact, green=False),
            ClockGoal("summary_resolution", 3 * _DAY, business_time=True,
                      calendar=self._business_days,
                      escalate_after=_NO_ESCALATION,
                      source="FCA DISP 1.5.1R: resolved by close of business on the third "
                             "business day following the day of receipt"),
            resolution,
        )

    def extension_rule(self, goal: str) -> ExtensionRule | None:
        if goal != "resolution":
            return None
        # Written for the PSD/EMD clock.  An eight-week clock's deadline already
        # lies past this 35-business-day limit, so extending it is refused, as
        # DISP allows no extension of the eight weeks.
        return ExtensionRule(
            max_total=35 * _DAY, calendar=self._business_days,
            source="FCA DISP 1.6.2AR(2): in exceptional circumstances, after a holding "
                   "reply, a final response within 35 business days")


@attrs.define
class UsCfpbPolicy:
    """United States, complaints the CFPB sends to a company through its portal.

    The company responds within 15 days and, where that response was
    marked in progress, gives its final response within 60 days (CFPB
    company portal expectations).  Days are calendar days, counted from
    the day the CFPB sent the complaint (the complaint's receipt).
    """

    name: str = "us-cfpb"
    first_contact: timedelta = timedelta(hours=24)
    day_calendar: str = "us-calendar-days"

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]:
        return (
            _first_contact(self.first_contact, green=False),
            ClockGoal("cfpb_response", 15 * _DAY, business_time=True,
                      calendar=self.day_calendar, statutory=True,
                      source="CFPB: company response within 15 days"),
            ClockGoal("resolution", 60 * _DAY, business_time=True,
                      calendar=self.day_calendar, statutory=True,
                      source="CFPB: final response within 60 days"),
        )

    def extension_rule(self, goal: str) -> ExtensionRule | None:
        return None


@attrs.define
class UsRegEPolicy:
    """United States, Regulation E error resolution (12 CFR 1005.11).

    An institution investigates a notice of error and determines whether
    an error occurred within 10 business days of receiving it.  It may take
    up to 45 days if it provisionally credits the account within those 10
    business days: that is the extension rule (record the provisional
    credit as the reason).  Business days follow US federal holidays.
    The longer limits for new accounts, point-of-sale and foreign
    transactions (20 business days / 90 days) are not modelled.
    """

    name: str = "us-reg-e"
    first_contact: timedelta = timedelta(hours=24)
    business_days: str = "us-federal-days"
    day_calendar: str = "us-calendar-days"

    def goals(self, complaint: Complaint) -> Sequence[ClockGoal]:
        return (
            _first_contact(self.first_contact, green=False),
            ClockGoal("resolution", 10 * _DAY, business_time=True,
                      calendar=self.business_days, statutory=True,
                      source="Regulation E, 12 CFR 1005.11(c)(1): determination within "
                             "10 business days of the notice of error"),
        )

    def extension_rule(self, goal: str) -> ExtensionRule | None:
        if goal != "resolution":
            return None
        return ExtensionRule(
            max_total=45 * _DAY, calendar=self.day_calendar,
            source="Regulation E, 12 CFR 1005.11(c)(2): up to 45 days with provisional "
                   "credit within 10 business days")
