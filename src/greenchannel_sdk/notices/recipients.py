"""Who a customer notice goes to, looked up only at the moment it is sent (S20).

The customer's email address and phone number are personal data, encrypted
at rest and never copied into the outbox.  A notifier that needs them is
given a :data:`RecipientLookup`: a callable taking the message's
``complaint_id`` and returning the decrypted
:class:`~greenchannel_sdk.domain.CustomerIdentity`.  The facade provides one
(audited as a read of personal data); a test passes a fake.

A notifier installed through the entry point is built before the SDK
exists, so it is given its lookup afterwards through ``bind_recipients``
(:class:`RecipientAware`).  Until then customer notices fail to send and
stay in the outbox, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ..domain import CustomerIdentity, OutboxMessage
from ..errors import ConfigurationError

__all__ = ["RecipientAware", "RecipientLookup", "Recipients"]

#: ``lookup(complaint_id)`` -> the complainant, decrypted.
RecipientLookup = Callable[[str], CustomerIdentity]


@runtime_checkable
class RecipientAware(Protocol):
    """A notifier that wants the SDK's recipient lookup once the SDK is built."""

    def bind_recipients(self, lookup: RecipientLookup) -> None: ...


class Recipients:
    """The lookup one notifier holds; a notifier owns one and delegates to it."""

    def __init__(self, lookup: RecipientLookup | None = None) -> None:
        self._lookup = lookup

    def bind(self, lookup: RecipientLookup) -> None:
        self._lookup = lookup

    def of(self, message: OutboxMessage) -> CustomerIdentity:
        """The complainant ``message`` is about; raises if that cannot be known."""
        if message.complaint_id is None:
            raise ConfigurationError(
                f"outbox message {message.id} ({message.topic}) names no complaint, so it has "
                "no customer to send to")
        if self._lookup is None:
            raise ConfigurationError(
                "this notifier has no recipient lookup yet: pass recipients= when building it "
                "or call bind_recipients(); the message stays in the outbox meanwhile")
        return self._lookup(message.complaint_id)
