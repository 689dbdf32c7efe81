"""Who is complaining, and who is acting on the complaint."""

from __future__ import annotations

import attrs

from .values import str_set

__all__ = ["PERSONAL_FIELDS", "Actor", "CustomerIdentity"]

#: Fields of :class:`CustomerIdentity` that identify a person.  They are left
#: out of ``repr`` (so they never reach a log line by accident), encrypted at
#: rest, and masked for actors without the personal-data permission (S20).
PERSONAL_FIELDS: tuple[str, ...] = (
    "name",
    "phone",
    "id_number",
    "account_number",
    "card_number",
    "email",
    "address",
    "wechat_openid",
)


@attrs.frozen
class CustomerIdentity:
    """The complainant as a channel described them.

    Every field is optional because channels know different things: a branch
    form has a name and an ID number, a WeChat message only an OpenID, a call
    the caller's number.  ``customer_ref`` is the bank's own customer id when
    the channel knows it.  ``vulnerabilities`` (for example ``"elderly"``,
    ``"disabled"``) feed the priority policy (S4).
    """

    customer_ref: str | None = None
    name: str | None = attrs.field(default=None, repr=False)
    phone: str | None = attrs.field(default=None, repr=False)
    id_number: str | None = attrs.field(default=None, repr=False)
    account_number: str | None = attrs.field(default=None, repr=False)
    card_number: str | None = attrs.field(default=None, repr=False)
    email: str | None = attrs.field(default=None, repr=False)
    address: str | None = attrs.field(default=None, repr=False)
    wechat_openid: str | None = attrs.field(default=None, repr=False)
    vulnerabilities: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)

    def is_empty(self) -> bool:
        """True when nothing at all identifies the customer."""
        return self.customer_ref is None and all(
            getattr(self, name) is None for name in PERSONAL_FIELDS
        )


@attrs.frozen
class Actor:
    """Whoever runs a command: a member of staff, a channel, or the system.

    Every command takes an actor (S21: no step without a responsible person),
    and the audit log records its ``id``.  ``roles`` are checked against the
    permission table; ``team`` scopes what a handler may see.
    """

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    roles: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    team: str | None = None
    display_name: str | None = None

    @classmethod
    def system(cls, component: str = "system") -> Actor:
        """The SDK itself acting (the SLA sweeper, a channel's automatic intake)."""
        return cls(id=f"system:{component}", roles=frozenset({"system"}))
