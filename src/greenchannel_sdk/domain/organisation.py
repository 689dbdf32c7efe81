"""The green-channel team (S6, S8): teams, people, roles and skills."""

from __future__ import annotations

import attrs

from .values import str_set

__all__ = ["StaffMember", "Team"]


@attrs.frozen
class StaffMember:
    """A person who can be given complaints.

    ``skills`` are category values, product names or other tags a rule may
    ask for; ``languages`` are the languages the person handles (``"zh"``,
    ``"en"``); ``capacity`` is how many open complaints they may hold at
    once.  ``available`` is false while off shift or on leave.
    """

    id: str
    team: str
    roles: frozenset[str] = attrs.field(default=frozenset({"handler"}), converter=str_set)
    skills: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    languages: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    capacity: int = 20
    available: bool = True
    display_name: str | None = None


@attrs.frozen
class Team:
    """A team of the green channel, drawn from a department (S6).

    ``department`` is, for example, ``"customer_relationship"``,
    ``"risk_control"`` or a business line.  ``lead`` is the green-channel
    lead who coordinates and receives escalations (S8).
    """

    id: str
    department: str
    lead: str | None = None
    display_name: str | None = None
