"""``sdk.retention``: retention period, legal hold and erasure of personal data (S16, S20).

Erasure is crypto-erasure: each complaint's text, identity, notes and
survey comments are sealed under the complaint's own data key
(:mod:`~greenchannel_sdk.security.codec`), and erasing destroys that key.
The ciphertext left in the database, its replicas and its backups can then
never be read again, yet nothing else changes: the facts statistics count
(category, priority, status, channel, dates, assignment, SLA clocks,
surveys' scores) stay as they were, and the audit chain gets one more event
instead of being rewritten, so it still verifies.

A legal hold stops erasure, whether requested or by the retention purge,
until a permitted role lifts it; placing and lifting it each need a reason
and are audited.  Only finished complaints are erased: an open case is
still being worked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs

from ..domain import (
    ERASED_TEXT,
    OPEN_STATUSES,
    Actor,
    AuditEvent,
    Complaint,
    CustomerIdentity,
)
from ..errors import ConfigurationError, IllegalTransition, ValidationError
from ..security.identifiers import IdentifierKind
from ..security.permissions import Permission
from ..store import UnitOfWork

if TYPE_CHECKING:
    from ..sdk import GreenChannel

__all__ = ["ERASE_ACTION", "HOLD_ACTION", "LIFT_ACTION", "ErasureReport", "PurgeReport",
           "RetentionOperations", "retention_cutoff"]

#: Audit actions written by this module.
ERASE_ACTION = "personal_data.erase"
HOLD_ACTION = "legal_hold.place"
LIFT_ACTION = "legal_hold.lift"

#: Earliest instant: "all of a customer's complaints, however old".
_EVER = datetime(1970, 1, 1, tzinfo=timezone.utc)


def retention_cutoff(now: datetime, years: int) -> datetime:
    """``now`` moved back ``years`` calendar years (29 February becomes the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


@attrs.frozen
class PurgeReport:
    """What a retention purge found and did.

    ``expired``: archived complaints whose retention period ended, not yet
    erased; ``held``: of those, under legal hold and skipped; ``erased``:
    erased by this run (0 in a dry run, where ``numbers`` lists what would be).
    Channel payloads kept in quarantine hold personal data too:
    ``quarantine_purged`` counts those replayed or discarded before the
    cutoff, deleted by this run (would be, in a dry run);
    ``quarantine_waiting`` those received before it and still waiting for a
    person, kept.
    """

    cutoff: datetime
    dry_run: bool
    expired: int
    held: int
    erased: int
    numbers: tuple[str, ...]
    quarantine_purged: int = 0
    quarantine_waiting: int = 0


@attrs.frozen
class ErasureReport:
    """A customer's erasure request: which complaints were erased and which could not be."""

    erased: tuple[str, ...]
    held: tuple[str, ...]
    still_open: tuple[str, ...]


class _Pseudonyms:
    """Replaces the bank's customer id on erased complaints with a random stand-in.

    One stand-in per customer id within one erasure run, so a customer's
    complaints erased together still count as one customer in the repeat
    statistics, while nothing leads back to the customer.
    """

    def __init__(self) -> None:
        self._given: dict[str, str] = {}

    def __call__(self, customer_ref: str | None) -> str | None:
        if customer_ref is None:
            return None
        return self._given.setdefault(customer_ref, f"erased-{uuid.uuid4().hex[:20]}")


class RetentionOperations:
    """The retention commands of one :class:`~greenchannel_sdk.GreenChannel`."""

    def __init__(self, sdk: GreenChannel) -> None:
        self._sdk = sdk

    @property
    def years(self) -> int:
        return self._sdk.settings.retention_years

    # legal hold ---------------------------------------------------------------

    def place_legal_hold(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """Forbid erasure of the complaint until the hold is lifted (litigation, inquiry)."""
        def place(c: Complaint, now: datetime) -> Complaint:
            if c.erased_at is not None:
                raise ValidationError(f"complaint {c.number} was erased; nothing is left to hold",
                                      {"number": "erased on " + c.erased_at.date().isoformat()})
            if c.legal_hold_since is not None:
                raise ValidationError(f"complaint {c.number} is already under legal hold", {
                    "number": "held since " + c.legal_hold_since.isoformat()})
            return attrs.evolve(c, legal_hold_since=now)

        return self._hold_change(number, actor, reason, HOLD_ACTION, place)

    def lift_legal_hold(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """End the legal hold; the complaint may be erased again (by request or purge)."""
        def lift(c: Complaint, _now: datetime) -> Complaint:
            if c.legal_hold_since is None:
                raise ValidationError(f"complaint {c.number} is not under legal hold",
                                      {"number": "nothing to lift"})
            return attrs.evolve(c, legal_hold_since=None)

        return self._hold_change(number, actor, reason, LIFT_ACTION, lift)

    def _hold_change(self, number: str, actor: Actor, reason: str, action: str,
                     change: Callable[[Complaint, datetime], Complaint]) -> Complaint:
        _require_reason(reason)
        now = self._sdk.clock.now()
        with self._sdk.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            self._sdk.authorizer.require(actor, Permission.LEGAL_HOLD, complaint)
            changed = change(complaint, now)
            updated = attrs.evolve(changed, version=complaint.version + 1)
            uow.update_complaint(updated, complaint.version)
            _audit(uow, complaint, actor, now, action, reason, {})
        return updated

    # erasure ------------------------------------------------------------------

    def erase(self, number: str, actor: Actor, *, reason: str) -> Complaint:
        """Erase the personal data of one finished complaint, at the customer's request.

        Refused while the complaint is open or under legal hold.  Erasing an
        erased complaint changes nothing.
        """
        _require_reason(reason)
        with self._sdk.store.unit_of_work() as uow:
            complaint = uow.get_by_number(number)
            self._sdk.authorizer.require(actor, Permission.PERSONAL_DATA_ERASE, complaint)
            return self._erase(uow, complaint, actor, reason, _Pseudonyms(),
                               self._sdk.clock.now())

    def erase_customer(self, actor: Actor, *, reason: str,
                       identity: CustomerIdentity) -> ErasureReport:
        """Erase every finished complaint of one customer (found by the bank's customer id
        and by the blind indexes of phone, ID, account, card, email, OpenID).

        Complaints still open or under legal hold are left as they are and
        listed in the report, so the bank can answer the customer.
        """
        _require_reason(reason)
        self._sdk.authorizer.require(actor, Permission.PERSONAL_DATA_ERASE)
        pseudonyms = _Pseudonyms()
        erased: list[str] = []
        held: list[str] = []
        still_open: list[str] = []
        for complaint in self._complaints_of(identity):
            if complaint.erased_at is not None:
                continue
            if complaint.status in OPEN_STATUSES:
                still_open.append(complaint.number)
            elif complaint.legal_hold_since is not None:
                held.append(complaint.number)
            else:
                with self._sdk.store.unit_of_work() as uow:
                    current = uow.get_complaint(complaint.id)
                    if current.legal_hold_since is None:  # not placed meanwhile
                        self._erase(uow, current, actor, reason, pseudonyms,
                                    self._sdk.clock.now())
                (erased if current.legal_hold_since is None else held).append(complaint.number)
        return ErasureReport(tuple(erased), tuple(held), tuple(still_open))

    def _complaints_of(self, identity: CustomerIdentity) -> list[Complaint]:
        keys: dict[str, str] = {}
        if any(getattr(identity, kind.value) is not None for kind in IdentifierKind):
            indexer = self._sdk._indexer
            if indexer is None:
                raise ConfigurationError("finding a customer by phone, ID or account number "
                                         "needs the 'blind-index' key")
            keys = indexer.index_identity(identity)
        if not keys and identity.customer_ref is None:
            raise ValidationError("whose complaints?", {
                "identity": "give the customer id or an identifier (phone, ID, account...)"})
        with self._sdk.store.unit_of_work() as uow:
            return uow.customer_history(identity.customer_ref, keys, _EVER)

    def _erase(self, uow: UnitOfWork, complaint: Complaint, actor: Actor, reason: str,
               pseudonyms: _Pseudonyms, now: datetime) -> Complaint:
        if complaint.erased_at is not None:
            return complaint
        if complaint.legal_hold_since is not None:
            raise IllegalTransition(
                state=complaint.status.value, command="erase",
                rule=f"complaint {complaint.number} is under legal hold",
                hint="a person holding complaint.legal_hold must lift the hold first")
        if complaint.status in OPEN_STATUSES:
            raise IllegalTransition(
                state=complaint.status.value, command="erase",
                rule="the complaint is still open",
                hint="close, withdraw or dismiss it first; erasure applies to finished cases")
        overwritten = uow.erase_personal_data(complaint.id, now)
        erased = attrs.evolve(
            complaint, text=ERASED_TEXT, subject=None, attachments=(),
            customer=CustomerIdentity(customer_ref=pseudonyms(complaint.customer.customer_ref)),
            erased_at=now, version=complaint.version + 1)
        uow.update_complaint(erased, complaint.version)
        _audit(uow, complaint, actor, now, ERASE_ACTION, reason,
               {"older_values_overwritten": overwritten})
        return erased

    # retention purge ----------------------------------------------------------

    def purge(self, actor: Actor, *, dry_run: bool = False, now: datetime | None = None,
              batch: int = 200) -> PurgeReport:
        """Erase archived complaints whose retention period ended; skip those under hold.

        The period is ``Settings.retention_years``, counted from the day the
        complaint was archived (for a quarantined channel payload, from the
        day it was replayed or discarded; those are deleted).  Each complaint is erased in its own
        transaction, so an interrupted purge keeps what it did and the next
        run carries on.  ``dry_run`` only counts.
        """
        self._sdk.authorizer.require(actor, Permission.RETENTION_PURGE)
        now = now or self._sdk.clock.now()
        cutoff = retention_cutoff(now, self.years)
        reason = f"retention period of {self.years} years ended"
        pseudonyms = _Pseudonyms()
        expired = held = 0
        numbers: list[str] = []
        for complaint_id, number, listed_on_hold in self._expired(cutoff, batch):
            expired += 1
            on_hold = listed_on_hold
            if not on_hold and not dry_run:
                with self._sdk.store.unit_of_work() as uow:
                    complaint = uow.get_complaint(complaint_id)
                    on_hold = complaint.legal_hold_since is not None  # placed meanwhile
                    if not on_hold:
                        self._erase(uow, complaint, actor, reason, pseudonyms, now)
            if on_hold:
                held += 1
            else:
                numbers.append(number)
        with self._sdk.store.unit_of_work() as uow:
            purged, waiting = uow.purge_quarantine(cutoff, delete=not dry_run)
        return PurgeReport(cutoff=cutoff, dry_run=dry_run, expired=expired, held=held,
                           erased=0 if dry_run else len(numbers), numbers=tuple(numbers),
                           quarantine_purged=purged, quarantine_waiting=waiting)

    def _expired(self, cutoff: datetime, batch: int) -> Iterable[tuple[str, str, bool]]:
        after = ""
        while True:
            with self._sdk.store.unit_of_work() as uow:
                page = uow.expired_archived(cutoff, after, batch)
            yield from page
            if len(page) < batch:
                return
            after = page[-1][0]


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError("a reason is required", {"reason": "say why (it is audited)"})


def _audit(uow: UnitOfWork, complaint: Complaint, actor: Actor, now: datetime, action: str,
           reason: str, data: dict[str, Any]) -> None:
    uow.append_audit(AuditEvent(
        complaint_id=complaint.id, seq=0, at=now, actor=actor.id, action=action,
        from_status=complaint.status.value, to_status=complaint.status.value,
        reason=reason, data=data))

