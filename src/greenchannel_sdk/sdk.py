"""The facade: one object a bank's application holds to run its green channel.

Every public command is one transaction: load, check the lifecycle rule and
the actor's permission, write the new state together with its audit event,
its SLA clock changes and its outbox messages, commit; then send the
in-process signals.  Queries read without side effects, except that
reading decrypted personal data is itself audited.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from . import signals
from .clock import Clock, SystemClock
from .defaults import default_plugins
from .dispatch import Directory, RoutingTable
from .domain import (
    Actor,
    Assignment,
    AuditEvent,
    ChainBreak,
    ChannelDraft,
    Classification,
    ClassificationVote,
    Command,
    Communication,
    Complaint,
    CustomerIdentity,
    Direction,
    NumberFormat,
    OutboxMessage,
    PrioritySignal,
    QuarantinedPayload,
    SatisfactionSurvey,
    Status,
    check_transition,
    format_number,
    verify_chain,
)
from .domain.party import PERSONAL_FIELDS
from .domain.values import OPEN_STATUSES
from .dossier.build import build_dossier
from .dossier.model import Dossier
from .engine.case_status import (
    CaseStatus,
    case_status,
    proves_identity,
    refuse_unknown,
    require_proof,
)
from .engine.clocks import ClockKeeper, TickReport
from .engine.duplicates import find_open_duplicate
from .engine.effects import Effects
from .engine.intake import validate_draft
from .engine.outbox import OutboxRelay, RelayReport
from .engine.registry import Registry
from .engine.retention import RetentionOperations
from .engine.sla_service import SlaOperations
from .engine.staff_service import StaffOperations
from .engine.survey_reply import FOLLOW_UP_STATUSES, SurveyReading, read_survey_reply
from .errors import (
    ChannelAuthenticationError,
    ConfigurationError,
    GreenChannelError,
    IllegalTransition,
    NotFound,
    PluginError,
    ValidationError,
)
from .interfaces import AssignmentDecision
from .plugins import PluginManager, make_plugin_manager, plugin_culprit
from .security.blind_index import BlindIndexer
from .security.cipher import FieldCipher
from .security.codec import EncryptingCodec
from .security.errors import KeyNotFound
from .security.identifiers import IdentifierKind
from .security.masking import masked_identity
from .security.permissions import Authorizer, Permission
from .settings import Settings
from .store import ComplaintQuery, Page, PlainCodec, SensitiveCodec, Store, UnitOfWork
from .triage.combine import combine_signals, combine_votes

__all__ = ["GreenChannel", "IntakeResult"]

log = logging.getLogger(__name__)


@attrs.frozen
class IntakeResult:
    """What became of one draft or payload (S1: nothing is lost).

    ``outcome`` is ``"registered"`` (a new complaint), ``"duplicate"`` (a
    redelivery of something already registered: nothing new was created),
    ``"linked"`` (a further message added to an existing complaint), ``"survey"``
    (a reply during follow-up recorded as the satisfaction survey answer, S15)
    or ``"quarantined"`` (kept for a person, with the reason).
    """

    outcome: str
    complaint: Complaint | None = None
    quarantined: QuarantinedPayload | None = None



Change = Callable[[Complaint, UnitOfWork, datetime], Complaint]


class GreenChannel:
    """A green channel: built from settings, holding its own plugin manager.

    ``clock`` is injectable so tests and simulations control time;
    ``directory`` and ``routing`` describe the team (S6) and who gets what
    (S7).  Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        clock: Clock | None = None,
        directory: Directory | None = None,
        routing: RoutingTable | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.clock: Clock = clock or SystemClock()
        self._zone = ZoneInfo(self.settings.timezone)
        self.routing = routing or RoutingTable()
        self.registry = Registry(recipients=self.recipient)
        self.plugins: PluginManager = make_plugin_manager(
            self.settings, default_plugins(self.settings, self.registry))
        self.registry.collect(self.plugins)
        self.number_format: NumberFormat = self._decide("greenchannel_number_format",
                                                        settings=self.settings)
        self.store: Store = self._decide("greenchannel_storage", settings=self.settings,
                                         codec=self._codec())
        # Precedence: the host's ``directory=``, then a bank's hook, then the stored one.
        self.directory: Directory = directory or self.plugins.hook.greenchannel_directory(
            settings=self.settings, store=self.store) or Directory.single_team()
        self.staff = StaffOperations(self)
        self._indexer = self._blind_indexer()
        table = self.plugins.hook.greenchannel_permissions()
        self.authorizer = Authorizer(table) if table is not None else Authorizer()
        self.clocks = ClockKeeper(self.registry, self.settings)
        self.relay = OutboxRelay(self.store, self.registry, self.settings)
        self.sla = SlaOperations(self)
        self.retention = RetentionOperations(self)

    def _codec(self) -> SensitiveCodec:
        """Field encryption with the configured key provider (S20).

        Without any key the SDK still runs (a developer's first start, the
        test kit) but says loudly that complaint data is stored unencrypted.
        """
        provider = self.registry.key_providers.get(self.settings.key_provider)
        if provider is None:
            raise ConfigurationError(
                f"key provider {self.settings.key_provider!r} is not registered; known: "
                f"{', '.join(sorted(self.registry.key_providers)) or 'none'}")
        try:
            provider.current_key_id()
        except ConfigurationError:
            log.warning("no encryption key configured: complaint data will be stored "
                        "UNENCRYPTED; set Settings.keys or GREENCHANNEL_KEYS")
            return PlainCodec()
        return EncryptingCodec(FieldCipher(provider))

    def _blind_indexer(self) -> BlindIndexer | None:
        """Blind indexes need their own key (``blind-index`` in the key provider)."""
        provider = self.registry.key_providers[self.settings.key_provider]
        try:
            return BlindIndexer.from_provider(provider)
        except (ConfigurationError, KeyNotFound):
            log.warning("no blind-index key configured: repeat complaints are found by the "
                        "bank's customer id only; add a key named 'blind-index'")
            return None

    # lifecycle of the SDK object ----------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> GreenChannel:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # intake -------------------------------------------------------------------

    def receive(self, channel: str, payload: bytes,
                metadata: Mapping[str, str] | None = None) -> list[IntakeResult]:
        """Intake a raw payload through the named channel plugin (S1).

        A payload the channel cannot parse, or that fails validation or its
        authenticity check, is kept in quarantine with the reason and
        reported as ``"quarantined"``; it is never dropped.
        """
        meta = dict(metadata or {})
        plugin = self.registry.channels.get(channel)
        if plugin is None:
            raise ValidationError("unknown channel", {
                "channel": f"{channel!r} is not registered; known: "
                           f"{', '.join(sorted(self.registry.channels)) or 'none'}"})
        try:
            drafts = list(plugin.parse(payload, meta))
        except (ValidationError, ChannelAuthenticationError) as exc:
            return [self._quarantine(channel, payload, meta, str(exc))]
        except Exception as exc:
            reason = f"channel plugin raised {exc.__class__.__name__}: {exc}"
            log.exception("channel %r failed on a payload; quarantined", channel)
            return [self._quarantine(channel, payload, meta, reason)]
        results = []
        for draft in drafts:
            try:
                results.append(self.intake(draft))
            except (ValidationError, PluginError) as exc:
                results.append(self._quarantine(channel, payload, meta, str(exc)))
        return results

    def intake(self, draft: ChannelDraft, actor: Actor | None = None) -> IntakeResult:
        """Register a complaint from a draft, or recognise it as a duplicate or a reply.

        Classification (S2), priority (S4, S5), numbering (S3), SLA clocks
        (S9), the acknowledgement to the customer (S13) and automatic
        assignment (S7) all happen in this one transaction.
        """
        actor = actor or Actor.system(f"channel:{draft.channel}")
        self.authorizer.require(actor, Permission.COMPLAINT_REGISTER)
        now = self.clock.now()
        validate_draft(draft, now)
        effects = Effects()
        with self.store.unit_of_work() as uow:
            if uow.already_received(draft.channel, draft.external_id):
                return IntakeResult("duplicate",
                                    uow.find_by_external_id(draft.channel, draft.external_id))
            result = self._route_draft(uow, draft, actor, now, effects)
        effects.fire(self)
        return result

    def _route_draft(self, uow: UnitOfWork, draft: ChannelDraft, actor: Actor, now: datetime,
                     effects: Effects) -> IntakeResult:
        """A reply joins its complaint; a repeat of an open matter joins it too; else register."""
        target = self._reply_target(uow, draft)
        if target is not None and target.status in OPEN_STATUSES:
            return IntakeResult("linked", self._link_message(
                uow, target, draft, actor, now, effects, "further message from the customer"))
        if target is not None and target.status in FOLLOW_UP_STATUSES:
            return self._survey_reply(uow, target, draft, read_survey_reply(draft), actor, now,
                                      effects)
        keys = self._blind_keys(draft)
        history = self._history(uow, draft, keys)
        if target is None:
            answered = self._unprompted_survey_answer(uow, draft, history, actor, now, effects)
            if answered is not None:
                return answered
        classification = combine_votes(self._classify(draft),
                                       self.settings.classification_review_below)
        repeat = find_open_duplicate(draft.text, classification.category, history,
                                     self.settings.duplicate_similarity)
        if repeat is not None:
            return IntakeResult("linked", self._link_message(
                uow, repeat, draft, actor, now, effects,
                "repeat contact about the same matter, added to the open complaint"))
        return IntakeResult("registered", self._register(
            uow, draft, classification, history, keys, actor, now, effects))

    def _reply_target(self, uow: UnitOfWork, draft: ChannelDraft) -> Complaint | None:
        """The complaint ``in_reply_to`` names (by number or channel message id), in any state."""
        if not draft.in_reply_to:
            return None
        for lookup in (uow.get_by_number, lambda key: uow.find_by_external_id(draft.channel, key)):
            try:
                found = lookup(draft.in_reply_to)
            except NotFound:
                continue
            if found is not None:
                return found
        return None

    def _survey_reply(self, uow: UnitOfWork, complaint: Complaint, draft: ChannelDraft,
                      reading: SurveyReading, actor: Actor, now: datetime,
                      effects: Effects) -> IntakeResult:
        """A reply during follow-up answers the survey (S15); an unreadable one waits for
        a person to read it, linked to the complaint."""
        if reading.answer is None:
            return IntakeResult("linked", self._link_message(
                uow, complaint, draft, actor, now, effects,
                f"reply during follow-up not read as a survey answer ({reading.problem}); "
                "for a person to read"))
        uow.add_communication(Communication(
            id=str(uuid.uuid4()), complaint_id=complaint.id, at=draft.received_at,
            direction=Direction.INBOUND, kind="survey_answer", actor=actor.id,
            channel=draft.channel, external_id=draft.external_id, text=draft.text))
        answer = reading.answer
        return IntakeResult("survey", self._record_survey(
            uow, complaint, actor, now, effects, score=answer.score, solved=answer.solved,
            comments=answer.comments, channel=draft.channel,
            reopen_if_dissatisfied=self.settings.survey_reply_reopens))

    def _unprompted_survey_answer(self, uow: UnitOfWork, draft: ChannelDraft,
                                  history: Sequence[Complaint], actor: Actor, now: datetime,
                                  effects: Effects) -> IntakeResult | None:
        """A survey answer sent without naming the complaint (S15), or ``None``.

        WeChat messages and calls carry no reference to the complaint they
        answer.  A draft that reads as a survey answer (a score and solved
        yes/no, or the survey fields) from a customer with a complaint in
        follow-up answers its survey when exactly one such complaint has no
        survey yet.  Otherwise (several waiting, or all answered already)
        the message is linked to the latest for a person to read; it never
        becomes a new complaint.
        """
        following = [c for c in history if c.status in FOLLOW_UP_STATUSES]
        if not following:
            return None
        reading = read_survey_reply(draft)
        if reading.answer is None:
            return None
        waiting = [c for c in following if not uow.surveys(c.id)]
        if len(waiting) == 1:
            return self._survey_reply(uow, waiting[0], draft, reading, actor, now, effects)
        latest = max(waiting or following, key=lambda c: c.received_at)
        why = (f"{len(waiting)} complaints await a survey answer" if waiting
               else "every complaint in follow-up has its survey answer already")
        return IntakeResult("linked", self._link_message(
            uow, latest, draft, actor, now, effects,
            f"survey answer without a reference to a complaint ({why}); for a person to read"))

    def _history(self, uow: UnitOfWork, draft: ChannelDraft,
                 keys: Mapping[str, str]) -> list[Complaint]:
        """The same customer's complaints within the repeat window (S4 repeat signal).

        Found by the bank's customer id when the channel knows it, and by the
        blind indexes of phone, ID, account and card numbers, email and
        WeChat OpenID otherwise (S20: no identifier is stored in clear).
        """
        since = draft.received_at - timedelta(days=self.settings.repeat_window_days)
        return uow.customer_history(draft.customer.customer_ref or None, keys, since)

    def _blind_keys(self, draft: ChannelDraft) -> dict[str, str]:
        """Blind indexes of the identifiers that normalise; a malformed one is left out
        (it could never match anything) rather than rejecting the complaint."""
        keys: dict[str, str] = {}
        if self._indexer is None:
            return keys
        for kind in IdentifierKind:
            value = getattr(draft.customer, kind.value)
            if value is not None:
                with contextlib.suppress(ValidationError):
                    keys[kind.value] = self._indexer.index(kind, value)
        return keys

    def _link_message(self, uow: UnitOfWork, complaint: Complaint, draft: ChannelDraft,
                      actor: Actor, now: datetime, effects: Effects, why: str) -> Complaint:
        uow.add_communication(Communication(
            id=str(uuid.uuid4()), complaint_id=complaint.id, at=draft.received_at,
            direction=Direction.INBOUND, kind="customer_message", actor=actor.id,
            channel=draft.channel, external_id=draft.external_id, text=draft.text))
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor=actor.id, action="customer_message",
            from_status=complaint.status.value, to_status=complaint.status.value,
            reason=why, data={"channel": draft.channel, "external_id": draft.external_id}))
        if complaint.status is Status.AWAITING_CUSTOMER:
            return self._apply(uow, complaint, Command.CUSTOMER_REPLIED, actor, now, effects,
                               reason="the customer replied")
        return complaint

    def _register(self, uow: UnitOfWork, draft: ChannelDraft, classification: Classification,
                  history: list[Complaint], keys: Mapping[str, str], actor: Actor,
                  now: datetime, effects: Effects) -> Complaint:
        priority = combine_signals(self._priority_signals(draft, history),
                                   self.settings.priority_threshold)
        day = draft.received_at.astimezone(self._zone).date()
        number = format_number(
            self.number_format, on=day, channel=draft.channel, branch_code=draft.branch_code,
            sequence=uow.next_sequence(self.number_format.scope_key(day)))
        complaint = Complaint(
            id=str(uuid.uuid4()), number=number, status=check_transition(None, Command.REGISTER),
            channel=draft.channel, external_id=draft.external_id,
            received_at=draft.received_at, registered_at=now, text=draft.text,
            classification=classification, priority=priority, customer=draft.customer,
            subject=draft.subject, attachments=draft.attachments, branch_code=draft.branch_code,
            amount=draft.amount, currency=draft.currency, language=draft.language,
            complainants=draft.complainants, about_staff=draft.about_staff,
            metadata=draft.metadata)
        uow.add_complaint(complaint)
        uow.add_customer_keys(complaint.id, keys)
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor=actor.id, action="register",
            from_status=None, to_status=complaint.status.value, reason="complaint received",
            data={"channel": draft.channel, "category": classification.category.value,
                  "priority": priority.priority.value, "green_channel": priority.green_channel,
                  "needs_review": classification.needs_review}))
        self.clocks.on_register(uow, complaint, now, effects)
        self._notify_customer(uow, complaint, "customer.acknowledgement", now)
        effects.signal(signals.registered, complaint=complaint)
        return self._auto_assign(uow, complaint, now, effects)

    def _classify(self, draft: ChannelDraft) -> list[ClassificationVote]:
        votes = self._contribute("greenchannel_classify", draft=draft)
        return [vote for vote in votes if vote is not None]

    def _priority_signals(self, draft: ChannelDraft,
                          history: Sequence[Complaint]) -> list[PrioritySignal]:
        answers = self._contribute("greenchannel_priority_signals", draft=draft, history=history)
        return [signal for answer in answers for signal in answer]

    # dispatch -----------------------------------------------------------------

    def _auto_assign(self, uow: UnitOfWork, complaint: Complaint, now: datetime,
                     effects: Effects) -> Complaint:
        rule = self.routing.route(complaint)
        directory = self._current_directory(uow)
        team_id, why = self._team_without_conflict(complaint, rule.team)
        team = directory.team(team_id)
        uow.lock_team(team.id)
        load = uow.open_load(directory.members_of(team.id))
        candidates = directory.candidates(team.id, complaint, load, at=now, zone=self._zone)
        decision: AssignmentDecision = self._decide(
            "greenchannel_choose_assignee", complaint=complaint, team=team,
            candidates=candidates, load=load, strategy=rule.strategy)
        return self._apply_assignment(uow, complaint, Command.ASSIGN, decision,
                                      f"{rule.describe()}{why}: {decision.reason}",
                                      rule.strategy, Actor.system("dispatch"), now, effects)

    def _current_directory(self, uow: UnitOfWork) -> Directory:
        """The directory as it is now: the stored one reloads when it changed."""
        self.directory = self.directory.current(uow)
        return self.directory

    def _team_without_conflict(self, complaint: Complaint, routed: str) -> tuple[str, str]:
        """The routed team, unless settings keep complaints away from the subject's own team."""
        subject_team = self.directory.team_of(complaint.about_staff)
        if not self.settings.exclude_subject_team or subject_team != routed:
            return routed, ""
        for team_id in (self.routing.fallback.team, *sorted(self.directory.teams)):
            if team_id != subject_team:
                return team_id, (f"; moved from {routed}, the team of the member of staff "
                                 "complained about")
        return routed, ""

    def _apply_assignment(self, uow: UnitOfWork, complaint: Complaint, command: Command,
                          decision: AssignmentDecision, reason: str, strategy: str,
                          actor: Actor, now: datetime, effects: Effects) -> Complaint:
        assignment = Assignment(team=decision.team, assignee=decision.assignee,
                                strategy=strategy, reason=reason, assigned_at=now,
                                assigned_by=actor.id)
        updated = self._apply(
            uow, complaint, command, actor, now, effects, reason=reason,
            data={"team": decision.team, "assignee": decision.assignee, "strategy": strategy},
            change=lambda c, _u, _n: attrs.evolve(c, assignment=assignment))
        effects.signal(signals.assigned, complaint=updated)
        return updated

    def assign(self, number: str, actor: Actor, *, assignee: str, reason: str,
               team: str | None = None) -> Complaint:
        """Assign (or reassign) a complaint by hand; the reason is recorded (S7, S21)."""

        def run(uow: UnitOfWork, c: Complaint, now: datetime, effects: Effects) -> Complaint:
            member = self._current_directory(uow).staff.get(assignee)
            if member is None:
                raise ValidationError("unknown assignee", {"assignee": f"{assignee!r} is not "
                                                                       "in the directory"})
            decision = AssignmentDecision(team=team or member.team, assignee=assignee,
                                          reason=reason)
            command = Command.ASSIGN if c.status in (Status.REGISTERED, Status.REOPENED) \
                else Command.REASSIGN
            self._authorize(actor, command, c)
            if c.about_staff == assignee:
                raise ValidationError("conflict of interest", {
                    "assignee": "the complaint is about this member of staff"})
            return self._apply_assignment(uow, c, command, decision, reason, "manual", actor,
                                          now, effects)

        return self._with_complaint(number, run)

    # handling -----------------------------------------------------------------

    def record_contact(self, number: str, actor: Actor, *, method: str, outcome: str,
                       note: str = "") -> Complaint:
        """Record a contact with the customer; the first one stops the 24-hour clock (S9)."""
        return self._command(number, Command.RECORD_CONTACT, actor, reason=outcome,
                             data={"method": method},
                             communication=("contact", Direction.OUTBOUND, note, method),
                             notice="customer.progress")

    def start_investigation(self, number: str, actor: Actor, *, note: str = "") -> Complaint:
        """Begin fact finding (S10)."""
        return self._command(number, Command.START_INVESTIGATION, actor,
                             reason="fact finding started",
                             communication=("note", Direction.INTERNAL, note, None),
                             notice="customer.progress")

    def request_customer_info(self, number: str, actor: Actor, *, what: str) -> Complaint:
        """Wait for the customer; internal SLA targets pause meanwhile."""
        return self._command(number, Command.REQUEST_CUSTOMER_INFO, actor, reason=what,
                             notice="customer.info_requested")

    def customer_replied(self, number: str, actor: Actor, *, note: str = "") -> Complaint:
        return self._command(number, Command.CUSTOMER_REPLIED, actor, reason="customer replied",
                             communication=("customer_message", Direction.INBOUND, note, None))

    def propose_resolution(self, number: str, actor: Actor, *, remedy: str,
                           redress: Decimal | None = None) -> Complaint:
        """Propose a resolution to the customer (S11); the customer is told (S13)."""
        return self._command(number, Command.PROPOSE_RESOLUTION, actor, reason="resolution "
                             "proposed", data={"redress": None if redress is None
                                               else str(redress)},
                             communication=("resolution", Direction.OUTBOUND, remedy, None),
                             notice="customer.outcome")

    def accept_resolution(self, number: str, actor: Actor, *, deemed: bool = False,
                          note: str = "") -> Complaint:
        """The customer accepted the outcome (S14); ``deemed`` records a deemed acceptance.

        A follow-up call is scheduled at once and given to someone other
        than the handler (S15): the team's lead, or another team member.
        """

        def follow_up(c: Complaint, uow: UnitOfWork, now: datetime) -> Complaint:
            return attrs.evolve(c, follow_up=self._follow_up_assignment(c, uow, now))

        return self._command(number, Command.ACCEPT_RESOLUTION, actor,
                             reason="deemed accepted" if deemed else "customer accepted",
                             data={"deemed": deemed}, change=follow_up,
                             communication=("customer_message", Direction.INBOUND, note, None),
                             notice="customer.survey")

    def _follow_up_assignment(self, c: Complaint, uow: UnitOfWork,
                              now: datetime) -> Assignment | None:
        handler = c.assignment.assignee if c.assignment else None
        team_id = c.assignment.team if c.assignment else self.routing.fallback.team
        directory = self._current_directory(uow)
        team = directory.teams.get(team_id)
        load = uow.open_load(directory.members_of(team_id))
        pick = team.lead if team is not None and team.lead not in (None, handler) else None
        if pick is None:
            others = directory.candidates(team_id, c, load, at=now, zone=self._zone,
                                               exclude=[handler or ""])
            pick = min(others, key=lambda m: (load.get(m.id, 0), m.id)).id if others else None
        if pick is None:
            return None
        return Assignment(team=team_id, assignee=pick, strategy="follow_up",
                          reason=f"follow-up by someone other than the handler ({handler})",
                          assigned_at=now, assigned_by="system:follow-up")

    def decline_resolution(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """The customer did not accept; the case goes back to investigation."""
        return self._command(number, Command.DECLINE_RESOLUTION, actor, reason=reason)

    def add_note(self, number: str, actor: Actor, *, text: str,
                 evidence: Sequence[str] = ()) -> Complaint:
        """Add an investigation note with evidence references (S10), kept encrypted (S16).

        ``evidence`` are references such as transaction ids, call-recording
        ids or branch record numbers.
        """

        def run(uow: UnitOfWork, c: Complaint, now: datetime, _effects: Effects) -> Complaint:
            self.authorizer.require(actor, Permission.COMPLAINT_HANDLE, c)
            _require_open(c, "add a note to")
            if not text.strip():
                raise ValidationError("empty note", {"text": "write what was found"})
            uow.add_communication(Communication(
                id=str(uuid.uuid4()), complaint_id=c.id, at=now, direction=Direction.INTERNAL,
                kind="note", actor=actor.id, text=text, evidence=tuple(evidence)))
            self._audit_only(uow, c, actor, now, "note", "investigation note added",
                             {"evidence": len(evidence)})
            return c

        return self._with_complaint(number, run)

    def record_accountability(self, number: str, actor: Actor, *, department: str,
                              upheld: bool, person: str | None = None,
                              internal_action: str | None = None) -> Complaint:
        """Name the responsible department and person and any internal action (S12).

        ``upheld`` records whether the complaint was found justified; the
        statistics of responsible departments and the regulatory returns
        count it.
        """

        def run(uow: UnitOfWork, c: Complaint, now: datetime, _effects: Effects) -> Complaint:
            self.authorizer.require(actor, Permission.COMPLAINT_HANDLE, c)
            _require_open(c, "record accountability on", allow=(Status.RESOLVED,))
            if not department.strip():
                raise ValidationError("accountability needs a department",
                                      {"department": "name the responsible department"})
            self._audit_only(uow, c, actor, now, "accountability",
                             f"responsible department {department}",
                             {"department": department, "person": person, "upheld": upheld,
                              "internal_action": internal_action})
            return c

        return self._with_complaint(number, run)

    def close_complaint(self, number: str, actor: Actor, *, root_cause: str,
                        redress: Decimal = Decimal(0), approver: Actor | None = None,
                        reason: str = "follow-up done") -> Complaint:
        """Close a resolved complaint (S14).

        Closure needs the root cause, the redress paid (zero is a valid
        answer) and an accountability finding recorded before
        (:meth:`record_accountability`).  A green-channel complaint also
        needs a second approver holding ``complaint.approve_closure`` who is
        not the person closing it.
        """

        def checked(c: Complaint, uow: UnitOfWork, now: datetime) -> Complaint:
            problems: dict[str, str] = {}
            if not root_cause.strip():
                problems["root_cause"] = "state the root cause found"
            if redress < 0:
                problems["redress"] = "must not be negative"
            if not any(e.action == "accountability" for e in uow.audit_events(c.id)):
                problems["accountability"] = ("record the responsible department first "
                                              "(record_accountability)")
            if c.green_channel:
                if approver is None:
                    problems["approver"] = "a green-channel complaint needs a second approver"
                elif approver.id == actor.id:
                    problems["approver"] = "the approver must be someone other than the closer"
                else:
                    self.authorizer.require(approver, Permission.COMPLAINT_APPROVE_CLOSURE, c)
            if problems:
                raise ValidationError(f"complaint {c.number} cannot be closed yet", problems)
            return attrs.evolve(c, closed_at=now)

        data = {"root_cause": root_cause, "redress": str(redress),
                "approver": approver.id if approver is not None else None}
        return self._command(number, Command.CLOSE, actor, reason=reason, change=checked,
                             data=data, notice="customer.closure")

    def apply_deemed_acceptance(self, now: datetime | None = None) -> list[str]:
        """Accept, as deemed, every proposal left unanswered past the configured window (S14).

        The window is ``Settings.deemed_acceptance_days`` after the outcome
        was sent; the acceptance is recorded as deemed, by the system, with
        the date the proposal went out.  Returns the numbers accepted.
        """
        now = now or self.clock.now()
        cutoff = now - timedelta(days=self.settings.deemed_acceptance_days)
        accepted = []
        query = ComplaintQuery(statuses=frozenset({Status.RESOLUTION_PROPOSED}))
        for complaint in self.store.iter_complaints(query):
            with self.store.unit_of_work() as uow:
                sent = [e.at for e in uow.audit_events(complaint.id)
                        if e.action == Command.PROPOSE_RESOLUTION.value]
            if sent and sent[-1] <= cutoff:
                self.accept_resolution(complaint.number, Actor.system("deemed-acceptance"),
                                       deemed=True)
                accepted.append(complaint.number)
        return accepted

    def record_survey(self, number: str, actor: Actor, *, score: int, solved: bool,
                      comments: str | None = None, channel: str = "phone",
                      reopen_if_dissatisfied: bool = False) -> SatisfactionSurvey:
        """Record the follow-up visit's satisfaction survey (S15).

        With ``reopen_if_dissatisfied``, an answer of score 1-2 or "not
        solved" reopens the complaint at once (same number, new SLA cycle).
        """

        def run(uow: UnitOfWork, c: Complaint, now: datetime, effects: Effects) -> Complaint:
            return self._record_survey(uow, c, actor, now, effects, score=score, solved=solved,
                                       comments=comments, channel=channel,
                                       reopen_if_dissatisfied=reopen_if_dissatisfied)

        complaint = self._with_complaint(number, run)
        with self.store.unit_of_work() as uow:
            return uow.surveys(complaint.id)[-1]

    def _record_survey(self, uow: UnitOfWork, c: Complaint, actor: Actor, now: datetime,
                       effects: Effects, *, score: int, solved: bool, comments: str | None,
                       channel: str, reopen_if_dissatisfied: bool) -> Complaint:
        """The one path of every survey answer, by a person or through a channel."""
        self.authorizer.require(actor, Permission.SURVEY_RECORD, c)
        _require_open(c, "record a survey on", allow=tuple(FOLLOW_UP_STATUSES))
        survey = SatisfactionSurvey(complaint_id=c.id, score=score, solved=solved,
                                    answered_at=now, collected_by=actor.id,
                                    channel=channel, comments=comments)
        uow.add_survey(survey)
        self._audit_only(uow, c, actor, now, "survey", "satisfaction survey recorded",
                         {"score": score, "solved": solved, "channel": channel})
        if not (reopen_if_dissatisfied and (score <= 2 or not solved)):
            return c
        if not self._reopenable(c, now):
            self._audit_only(uow, c, actor, now, "reopen_declined",
                             f"customer dissatisfied at follow-up, but the complaint closed "
                             f"more than {self.settings.reopen_window_days} days ago: not "
                             "reopened; register a new complaint that refers to it", {})
            return c
        return self._apply(uow, c, Command.REOPEN, actor, now, effects,
                           reason="customer dissatisfied at follow-up",
                           change=lambda x, _u, _n: attrs.evolve(x, closed_at=None))

    def _reopenable(self, c: Complaint, now: datetime) -> bool:
        """Whether ``c`` may still reopen: not closed, or closed within the reopen window."""
        window = timedelta(days=self.settings.reopen_window_days)
        return c.closed_at is None or now - c.closed_at <= window

    def reopen(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """Reopen a resolved or closed complaint: same number, history and a new SLA cycle.

        A closed complaint reopens only within ``Settings.reopen_window_days``
        of its closure; after that the customer's new contact is a new
        complaint.
        """

        def within_window(c: Complaint, _uow: UnitOfWork, now: datetime) -> Complaint:
            if not self._reopenable(c, now):
                raise ValidationError(f"complaint {c.number} closed more than "
                                      f"{self.settings.reopen_window_days} days ago",
                                      {"number": "register a new complaint that refers to it"})
            return attrs.evolve(c, closed_at=None)

        return self._command(number, Command.REOPEN, actor, reason=reason,
                             change=within_window)

    def withdraw(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """The customer withdrew the complaint; the case ends that day."""
        return self._command(number, Command.WITHDRAW, actor, reason=reason,
                             change=lambda c, _u, now: attrs.evolve(c, closed_at=now))

    def dismiss(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """Record that what arrived is not a complaint."""
        return self._command(number, Command.DISMISS, actor, reason=reason)

    def merge(self, number: str, into: str, actor: Actor, *, reason: str) -> Complaint:
        """Merge a duplicate into another open complaint; nothing is deleted."""

        def link(c: Complaint, uow: UnitOfWork, _now: datetime) -> Complaint:
            target = uow.get_by_number(into)
            if target.id == c.id or target.status not in OPEN_STATUSES:
                raise ValidationError("cannot merge", {
                    "into": "must be another complaint that is still open"})
            return attrs.evolve(c, merged_into=target.id)

        return self._command(number, Command.MERGE, actor, reason=reason, change=link,
                             data={"into": into})

    def unmerge(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        return self._command(number, Command.UNMERGE, actor, reason=reason,
                             change=lambda c, _u, _n: attrs.evolve(c, merged_into=None))

    def archive(self, number: str, actor: Actor) -> Complaint:
        """Archive a finished complaint (S16); archived complaints are read-only."""
        return self._command(number, Command.ARCHIVE, actor, reason="archived")

    def escalate(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """Raise the escalation level by one (S22); escalation is a level, not a state."""

        def up(c: Complaint, _uow: UnitOfWork, _now: datetime) -> Complaint:
            return attrs.evolve(c, escalation_level=c.escalation_level + 1)

        complaint = self._command(number, Command.ESCALATE, actor, reason=reason, change=up)
        return complaint

    # SLA and outbox -----------------------------------------------------------

    def tick(self, now: datetime | None = None) -> TickReport:
        """Fire due SLA warnings, breaches and escalations (S22), each once."""
        effects = Effects()
        report = self.clocks.tick(self.store, now or self.clock.now(), effects)
        effects.fire(self)
        return report

    def relay_outbox(self, now: datetime | None = None, limit: int = 100) -> RelayReport:
        """Deliver pending outbox messages through their notifiers (at least once)."""
        return self.relay.run(now or self.clock.now(), limit)

    # queries ------------------------------------------------------------------

    def get(self, number: str, actor: Actor | None = None, *,
            purpose: str = "work on the complaint") -> Complaint:
        """The complaint numbered ``number``, as ``actor`` may see it (S20).

        With an ``actor``: their read permission is checked (handlers see only
        their own and their team's complaints); without the personal-data
        permission the customer's identity comes back masked
        (``138****8000``); with it, the read is written to the complaint's
        audit log (who, when, which fields, ``purpose``).  Without an actor
        the host application itself reads, unmasked and unlogged: use that
        only for the host's own processing, never to show a person.
        """
        with self.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            if actor is None:
                return complaint
            self.authorizer.require(actor, Permission.COMPLAINT_READ, complaint)
            if not self.authorizer.allows(actor, Permission.PERSONAL_DATA_READ, complaint):
                return attrs.evolve(complaint, customer=masked_identity(complaint.customer))
            self._log_personal_read(uow, complaint, actor, purpose)
        return complaint

    def recipient(self, complaint_id: str) -> CustomerIdentity:
        """The complainant of ``complaint_id``, decrypted, for a notifier sending a notice.

        Notifiers that want it are handed this method (``bind_recipients``);
        each call is logged as a personal-data read by ``system:notifier``.
        """
        with self.store.unit_of_work() as uow:
            complaint = uow.get_complaint(complaint_id)
            self._log_personal_read(uow, complaint, Actor.system("notifier"),
                                    "deliver a notice to the customer")
        return complaint.customer

    def _log_personal_read(self, uow: UnitOfWork, complaint: Complaint, actor: Actor,
                           purpose: str) -> None:
        fields = [name for name in PERSONAL_FIELDS
                  if getattr(complaint.customer, name) is not None]
        if fields:
            self._audit_only(uow, complaint, actor, self.clock.now(), "personal_data.read",
                             purpose, {"fields": fields})

    def export_dossier(self, number: str, actor: Actor, *,
                       purpose: str = "archive export of the complaint dossier") -> Dossier:
        """The complaint's complete file (S16), for :mod:`greenchannel_sdk.dossier` to write.

        Works in any state, archived included.  Needs ``complaint.read``;
        personal data is decrypted only for an actor holding
        ``personal_data.read``, and then the export is logged as a personal
        read (the entry is among the dossier's own events).
        """
        with self.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            self.authorizer.require(actor, Permission.COMPLAINT_READ, complaint)
            decrypted = self.authorizer.allows(actor, Permission.PERSONAL_DATA_READ, complaint)
            if decrypted:
                self._log_personal_read(uow, complaint, actor, purpose)
            return build_dossier(uow, complaint, actor=actor.id, decrypted=decrypted,
                                 at=self.clock.now())

    def customer_status(self, number: str, proof: CustomerIdentity, *,
                        language: str | None = None) -> CaseStatus:
        """Where the complaint stands, for the customer's own self-service page (S23).

        ``proof`` must name an identifier the complaint was filed with (its
        phone, e-mail, ID, account or card number, WeChat OpenID or the
        bank's customer id); a wrong number and a wrong identifier give the
        same :class:`NotFound`.  The answer holds states and dates only
        (:class:`~greenchannel_sdk.engine.case_status.CaseStatus`): no staff,
        notes or reasons.  Throttle repeated attempts in the host.
        """
        require_proof(proof)
        with self.store.unit_of_work() as uow:
            try:
                complaint = uow.get_by_number(number)
            except NotFound:
                raise refuse_unknown(number) from None
            if not proves_identity(complaint.customer, proof):
                raise refuse_unknown(number)
            history = uow.audit_events(complaint.id)
            clocks = uow.clocks(complaint.id)
        return case_status(complaint, history, clocks, language=language)

    def history(self, number: str) -> list[AuditEvent]:
        """Every audit event of the complaint, oldest first."""
        with self.store.unit_of_work() as uow:
            return uow.audit_events(uow.get_by_number(number).id)

    def communications(self, number: str) -> list[Communication]:
        with self.store.unit_of_work() as uow:
            return uow.communications(uow.get_by_number(number).id)

    def clock_states(self, number: str) -> list[Any]:
        with self.store.unit_of_work() as uow:
            return list(uow.clocks(uow.get_by_number(number).id))

    def list_complaints(self, query: ComplaintQuery | None = None, *,
                        after: str | None = None, limit: int = 50) -> Page:
        """One page of complaints matching ``query`` (keyset pagination)."""
        with self.store.unit_of_work() as uow:
            return uow.list_complaints(query or ComplaintQuery(), after, limit)

    def iter_complaints(self, query: ComplaintQuery | None = None) -> Iterator[Complaint]:
        return self.store.iter_complaints(query or ComplaintQuery())

    def replay_quarantined(self, payload_id: str, actor: Actor) -> list[IntakeResult]:
        """Run a quarantined payload through its channel again, after a fix (S1: nothing lost).

        Use it once the cause is fixed (a channel plugin updated, a key
        configured, a template corrected).  If the payload still fails, the
        error is raised for the person to see and the payload stays in
        quarantine; otherwise it is marked resolved with what it became.
        """
        self.authorizer.require(actor, Permission.QUARANTINE_REVIEW)
        item = self._open_quarantined(payload_id)
        plugin = self.registry.channels.get(item.channel)
        if plugin is None:
            raise ValidationError("cannot replay", {
                "channel": f"{item.channel!r} is not registered any more"})
        results = [self.intake(draft) for draft in plugin.parse(item.raw, item.metadata)]
        numbers = ", ".join(r.complaint.number for r in results if r.complaint is not None)
        with self.store.unit_of_work() as uow:
            uow.resolve_quarantine(payload_id, f"replayed by {actor.id}: {numbers or 'nothing'}",
                                   self.clock.now())
        return results

    def discard_quarantined(self, payload_id: str, actor: Actor, *, reason: str) -> None:
        """Close a quarantined payload that is no complaint (spam, a test); it stays on file."""
        self.authorizer.require(actor, Permission.QUARANTINE_REVIEW)
        if not reason.strip():
            raise ValidationError("a discard needs a reason", {"reason": "say why"})
        self._open_quarantined(payload_id)
        with self.store.unit_of_work() as uow:
            uow.resolve_quarantine(payload_id, f"discarded by {actor.id}: {reason}",
                                   self.clock.now())

    def _open_quarantined(self, payload_id: str) -> QuarantinedPayload:
        with self.store.unit_of_work() as uow:
            for item in uow.quarantined(False):
                if item.id == payload_id:
                    return item
        raise NotFound(f"no unresolved quarantined payload {payload_id!r}")

    def outbox_counts(self) -> dict[str, int]:
        """Outbox messages per status: ``pending``, ``sent``, ``dead``."""
        with self.store.unit_of_work() as uow:
            return uow.outbox_counts()

    def quarantined(self) -> list[QuarantinedPayload]:
        return self.store.quarantined()

    def verify_audit(self) -> list[ChainBreak]:
        """Walk every complaint's audit chain; return each break found (S16).

        Reads the audit log alone (no decryption, so no keys are needed), and
        so also checks the events of a complaint whose row was deleted.
        """
        return [item for complaint_id, events in self.store.iter_audit_chains()
                for item in verify_chain(complaint_id, events)]

    def dead_letters(self, limit: int = 1000) -> list[OutboxMessage]:
        """Outbox messages parked as dead after too many failures, with their last error."""
        return self.relay.dead_letters(limit)

    def replay_dead_letters(self, message_ids: Collection[str] | None = None) -> int:
        """Queue dead messages again (all, or ``message_ids``); returns how many."""
        return self.relay.replay_dead(self.clock.now(), message_ids)

    # machinery ----------------------------------------------------------------

    def _with_complaint(self, number: str,
                        run: Callable[[UnitOfWork, Complaint, datetime, Effects], Complaint],
                        ) -> Complaint:
        now = self.clock.now()
        effects = Effects()
        with self.store.unit_of_work() as uow:
            result = run(uow, uow.get_by_number(number), now, effects)
        effects.fire(self)
        return result

    def _command(self, number: str, command: Command, actor: Actor, *, reason: str,
                 data: Mapping[str, Any] | None = None, change: Change | None = None,
                 communication: tuple[str, Direction, str, str | None] | None = None,
                 notice: str | None = None) -> Complaint:
        def run(uow: UnitOfWork, c: Complaint, now: datetime, effects: Effects) -> Complaint:
            self._authorize(actor, command, c)
            updated = self._apply(uow, c, command, actor, now, effects, reason=reason,
                                  data=data, change=change)
            if communication is not None and communication[2]:
                kind, direction, text, method = communication
                uow.add_communication(Communication(
                    id=str(uuid.uuid4()), complaint_id=c.id, at=now, direction=direction,
                    kind=kind, actor=actor.id, channel=method, text=text))
            if notice is not None:
                self._notify_customer(uow, updated, notice, now)
            return updated

        return self._with_complaint(number, run)

    def _audit_only(self, uow: UnitOfWork, complaint: Complaint, actor: Actor, now: datetime,
                    action: str, reason: str, data: Mapping[str, Any]) -> None:
        """An audit event for a step that keeps the state (a note, a finding, a survey)."""
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor=actor.id, action=action,
            from_status=complaint.status.value, to_status=complaint.status.value,
            reason=reason, data=dict(data)))

    def _authorize(self, actor: Actor, command: Command, complaint: Complaint) -> None:
        self.authorizer.require_command(actor, command, complaint)

    def _apply(self, uow: UnitOfWork, complaint: Complaint, command: Command, actor: Actor,
               now: datetime, effects: Effects, *, reason: str,
               data: Mapping[str, Any] | None = None, change: Change | None = None,
               ) -> Complaint:
        """Check the transition, write the new state, its audit event and clock changes."""
        target = check_transition(complaint.status, command)
        updated = attrs.evolve(complaint, status=target, version=complaint.version + 1)
        if change is not None:
            updated = change(updated, uow, now)
        uow.update_complaint(updated, complaint.version)
        uow.append_audit(AuditEvent(
            complaint_id=complaint.id, seq=0, at=now, actor=actor.id, action=command.value,
            from_status=complaint.status.value, to_status=target.value, reason=reason,
            data=dict(data or {})))
        self.clocks.on_transition(uow, complaint, updated, command, now, effects)
        if target is not complaint.status:
            effects.signal(signals.status_changed, complaint=updated,
                           from_status=complaint.status, to_status=target)
        if command is Command.CLOSE:
            effects.signal(signals.closed, complaint=updated)
        elif command is Command.REOPEN:
            effects.signal(signals.reopened, complaint=updated)
        elif command is Command.ESCALATE:
            effects.signal(signals.escalated, complaint=updated, level=updated.escalation_level)
        return updated

    def _notify_customer(self, uow: UnitOfWork, complaint: Complaint, topic: str,
                         now: datetime) -> None:
        """Queue a notice to the customer in the outbox (S13, S23)."""
        uow.add_outbox(OutboxMessage(
            id=str(uuid.uuid4()), complaint_id=complaint.id, topic=topic,
            notifier=self.settings.customer_notifier,
            payload={"number": complaint.number, "status": complaint.status.value,
                     "channel": complaint.channel, "language": complaint.language},
            created_at=now))

    def _quarantine(self, channel: str, payload: bytes, metadata: Mapping[str, str],
                    reason: str) -> IntakeResult:
        item = QuarantinedPayload(id=str(uuid.uuid4()), channel=channel, raw=payload,
                                  reason=reason, received_at=self.clock.now(),
                                  metadata=dict(metadata))
        with self.store.unit_of_work() as uow:
            uow.add_quarantine(item)
        log.warning("payload on channel %r quarantined as %s: %s", channel, item.id, reason)
        return IntakeResult("quarantined", quarantined=item)

    def _decide(self, hook_name: str, **kwargs: Any) -> Any:
        try:
            answer = getattr(self.plugins.hook, hook_name)(**kwargs)
        except GreenChannelError:
            raise
        except Exception as exc:
            raise PluginError(plugin_culprit(self.plugins, hook_name, exc),
                              f"{hook_name} raised {exc.__class__.__name__}: {exc}") from exc
        if answer is None:
            raise PluginError("(none)", f"no plugin answered {hook_name}; is a default "
                                        "plugin blocked?")
        return answer

    def _contribute(self, hook_name: str, **kwargs: Any) -> list[Any]:
        try:
            return list(getattr(self.plugins.hook, hook_name)(**kwargs))
        except GreenChannelError:
            raise
        except Exception as exc:
            raise PluginError(plugin_culprit(self.plugins, hook_name, exc),
                              f"{hook_name} raised {exc.__class__.__name__}: {exc}") from exc


def _require_open(complaint: Complaint, what: str, allow: tuple[Status, ...] = ()) -> None:
    """Refuse steps on finished complaints; archived ones are read-only (S16)."""
    if complaint.status not in OPEN_STATUSES and complaint.status not in allow:
        raise IllegalTransition(state=complaint.status.value, command=what,
                                rule="the complaint is no longer open",
                                hint="archived complaints are read-only")
