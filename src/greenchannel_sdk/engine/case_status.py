"""What a customer may see of their own complaint, on a self-service page (S23).

The scheme wants the customer able to see where the case stands.  A bank
shows that on its app, website or WeChat menu; this module decides what
such a page may show and who may see it:

* **what**: the number, the state in the customer's words, when it was
  received and last moved, each state it went through, and the date the
  bank's answer is due while the resolution clock runs.  Never staff names,
  notes, reasons, teams or anything an audit event carries besides its
  state and time.
* **who**: whoever can name the complaint's number *and* an identifier it
  was filed with (phone, e-mail, ID, account or card number, WeChat
  OpenID, or the bank's customer id), compared in canonical form so
  ``+86 138-0013-8000`` matches ``13800138000``.  An unknown number and a
  wrong identifier give the same :class:`~greenchannel_sdk.errors.NotFound`,
  so the lookup cannot be used to find out which numbers exist.  Limiting
  how often one client may try is the host's job (its web framework or API
  gateway).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from ..domain import AuditEvent, ClockState, ClockStatus, Complaint, CustomerIdentity, Status
from ..domain.values import OPEN_STATUSES
from ..errors import NotFound, ValidationError
from ..notices.labels import STATUS_LABELS
from ..notices.languages import SIMPLIFIED_CHINESE, pick_language
from ..security.identifiers import IdentifierKind, normalise

__all__ = ["ANSWER_CLOCK", "CaseStatus", "StatusStep", "case_status", "proves_identity",
           "refuse_unknown", "require_proof"]

#: The clock whose deadline the customer is shown: every shipped policy names it so.
ANSWER_CLOCK = "resolution"


@attrs.frozen
class StatusStep:
    """One state the complaint went through, and when."""

    at: datetime
    status: str
    label: str


@attrs.frozen
class CaseStatus:
    """The customer's view of a complaint: states and dates only (S23).

    ``answer_due_by`` is the resolution clock's deadline while it runs
    (``None`` once answered, or while the clock is paused because the bank
    waits for the customer: then ``waiting_for_you`` is true).
    """

    number: str
    status: str
    label: str
    language: str
    received_at: datetime
    updated_at: datetime
    waiting_for_you: bool
    answer_due_by: datetime | None
    steps: tuple[StatusStep, ...]


def require_proof(proof: CustomerIdentity) -> None:
    """Refuse a lookup that names no identifier (checked before the number is looked up)."""
    if proof.customer_ref or any(getattr(proof, kind.value) for kind in IdentifierKind):
        return
    raise ValidationError("say who is asking", {
        "proof": "give an identifier the complaint was filed with: phone, email, ID, "
                 "account or card number, WeChat OpenID or customer id"})


def proves_identity(customer: CustomerIdentity, proof: CustomerIdentity) -> bool:
    """Whether ``proof`` names at least one identifier ``customer`` was filed with.

    Identifiers are compared in canonical form; one that does not normalise
    matches nothing.
    """
    if proof.customer_ref and proof.customer_ref == customer.customer_ref:
        return True
    return any(_same(kind, getattr(customer, kind.value), offered)
               for kind in IdentifierKind
               if (offered := getattr(proof, kind.value)) is not None)


def _same(kind: IdentifierKind, stored: str | None, offered: str) -> bool:
    if stored is None:
        return False
    try:
        return normalise(kind, stored) == normalise(kind, offered)
    except ValidationError:
        return False


def case_status(complaint: Complaint, history: Sequence[AuditEvent],
                clocks: Sequence[ClockState], *, language: str | None = None,
                labels: Mapping[str, Mapping[str, str]] = STATUS_LABELS) -> CaseStatus:
    """The customer's view of ``complaint`` from its audit log and clocks.

    ``language`` defaults to the complaint's own; ``labels`` (the notices'
    state names by default) are the bank's words for each state.
    """
    chosen = pick_language(language or complaint.language, SIMPLIFIED_CHINESE, labels) \
        or SIMPLIFIED_CHINESE
    words = labels.get(chosen, {})
    steps = tuple(StatusStep(at=event.at, status=event.to_status,
                             label=words.get(event.to_status, event.to_status))
                  for event in history
                  if event.to_status is not None and event.to_status != event.from_status)
    answer = [c for c in clocks if c.name == ANSWER_CLOCK]
    current = max(answer, key=lambda c: c.cycle) if answer else None
    running = (complaint.status in OPEN_STATUSES and current is not None
               and current.status is ClockStatus.RUNNING)
    status = complaint.status.value
    return CaseStatus(
        number=complaint.number, status=status, label=words.get(status, status),
        language=chosen, received_at=complaint.received_at,
        updated_at=steps[-1].at if steps else complaint.registered_at,
        waiting_for_you=complaint.status is Status.AWAITING_CUSTOMER,
        answer_due_by=current.due_at if running and current is not None else None,
        steps=steps)


def refuse_unknown(number: str) -> NotFound:
    """The one answer for a wrong number and a wrong identifier alike."""
    return NotFound(f"no complaint {number} was filed with these details; check the number "
                    "and the phone, e-mail or other identifier given when it was filed")
