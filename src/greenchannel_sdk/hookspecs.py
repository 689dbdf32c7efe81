"""Every extension point of the SDK, as pluggy hook specifications.

Three kinds of hook, recognisable by their shape:

*Collect* hooks (``greenchannel_register_*``) receive a ``register`` callback
and call it once per object they provide.  The SDK gathers all of them by
name; a later registration under the same name replaces an earlier one, and
because the built-in defaults are registered ``trylast`` a bank's plugin
always wins.

*Decide* hooks are ``firstresult``: the first plugin that returns something
other than ``None`` decides, the defaults answer last.

*Contribute* hooks collect every plugin's answer; the core combines them
(classification votes, priority signals).  Each answer carries its reasons.

Every hook here is listed in ``docs/hooks.md``; a test fails if one is not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

from .domain import (
    ChannelDraft,
    ClassificationVote,
    Complaint,
    NumberFormat,
    PrioritySignal,
    StaffMember,
    Team,
)

if TYPE_CHECKING:
    from .dispatch import Directory
    from .interfaces import (
        AssignmentDecision,
        AssignmentStrategy,
        BusinessCalendar,
        Channel,
        KeyProvider,
        Notifier,
        SlaPolicy,
    )
    from .settings import Settings
    from .store import SensitiveCodec, Store

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name and the entry-point group plugins are found under.
PROJECT_NAME = "greenchannel"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# --- collect -----------------------------------------------------------------


@hookspec
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Register intake channels (S1).

    :param register: call it with each :class:`~greenchannel_sdk.interfaces.Channel`.
        The channel's ``name`` is its key.

    Called once when the SDK starts.
    """


@hookspec
def greenchannel_register_notifiers(register: Callable[[Notifier], None]) -> None:
    """Register notifiers that deliver outbox messages to customers and staff (S13).

    :param register: call it with each :class:`~greenchannel_sdk.interfaces.Notifier`.

    Called once when the SDK starts.  The outbox relay looks notifiers up by
    the ``notifier`` name stored on each message.
    """


@hookspec
def greenchannel_register_calendars(register: Callable[[BusinessCalendar], None]) -> None:
    """Register business calendars that SLA goals measured in business time use (S22).

    :param register: call it with each
        :class:`~greenchannel_sdk.interfaces.BusinessCalendar`.

    Called once when the SDK starts.
    """


@hookspec
def greenchannel_register_sla_policies(register: Callable[[SlaPolicy], None]) -> None:
    """Register SLA policy packs (S9, S22).

    :param register: call it with each :class:`~greenchannel_sdk.interfaces.SlaPolicy`.

    Called once when the SDK starts; ``Settings.sla_policy`` names the one in force.
    """


@hookspec
def greenchannel_register_assignment_strategies(
    register: Callable[[AssignmentStrategy], None],
) -> None:
    """Register assignment strategies (S7) that routing rules can name.

    :param register: call it with each
        :class:`~greenchannel_sdk.interfaces.AssignmentStrategy`.

    Called once when the SDK starts.
    """


@hookspec
def greenchannel_register_key_providers(register: Callable[[KeyProvider], None]) -> None:
    """Register providers of encryption keys (S20): a bank's KMS or HSM.

    :param register: call it with each :class:`~greenchannel_sdk.interfaces.KeyProvider`.

    Called once when the SDK starts; ``Settings.key_provider`` names the one in force.
    """


# --- decide --------------------------------------------------------------------


@hookspec(firstresult=True)
def greenchannel_storage(settings: Settings, codec: SensitiveCodec) -> Store | None:
    """Return the storage backend, or ``None`` to let another plugin decide.

    :param settings: the SDK's settings (``database_url`` and friends).
    :param codec: seals and unseals the sensitive document of each row
        (field encryption, S20); a backend must pass every sensitive
        document through it.
    :returns: an object satisfying :class:`~greenchannel_sdk.store.Store`.

    Called once when the SDK starts.  The default answers with the
    SQLAlchemy store for any SQLAlchemy URL.
    """


@hookspec(firstresult=True)
def greenchannel_directory(settings: Settings, store: Store) -> Directory | None:
    """Return the green-channel team (S6, S8) from the bank's own directory, or ``None``.

    :param settings: the SDK's settings.
    :param store: the storage backend (an implementation may leave it out).
    :returns: a :class:`~greenchannel_sdk.dispatch.Directory` of teams and staff.

    Called once when the SDK starts, unless the host passed ``directory=``
    to :class:`~greenchannel_sdk.GreenChannel`.  Lets a bank feed its HR or
    identity system (teams, roles, skills, shifts, leave) into assignment.
    The default (``greenchannel.directory``, ``trylast``) answers with the
    directory stored in the SDK's database (``sdk.staff``, ``greenchannel
    staff import``), so a bank's answer wins over it.
    """


@hookspec(firstresult=True)
def greenchannel_number_format(settings: Settings) -> NumberFormat | None:
    """Return the complaint number format (S3), or ``None`` to let another plugin decide.

    :param settings: the SDK's settings.

    Called once when the SDK starts.  The default returns ``Settings.number_format``.
    """


@hookspec(firstresult=True)
def greenchannel_choose_assignee(
    complaint: Complaint,
    team: Team,
    candidates: Sequence[StaffMember],
    load: Mapping[str, int],
    strategy: str,
) -> AssignmentDecision | None:
    """Decide who handles ``complaint`` (S7), or return ``None`` to let the next plugin decide.

    :param complaint: the complaint, already classified and prioritised.
    :param team: the team the routing rules chose.
    :param candidates: the team's members who may take it (available, with
        free capacity, no conflict of interest).
    :param load: open complaints per person right now.
    :param strategy: the name of the strategy the routing rule chose.
    :returns: an :class:`~greenchannel_sdk.interfaces.AssignmentDecision`.

    Called at each automatic assignment.  The default applies the strategy
    the routing rule names and falls back to the team's green-channel lead.
    """


# --- contribute ----------------------------------------------------------------


@hookspec
def greenchannel_classify(draft: ChannelDraft) -> ClassificationVote | None:
    """Vote on the category of a new complaint (S2).

    :param draft: the complaint as the channel delivered it.
    :returns: a :class:`~greenchannel_sdk.domain.ClassificationVote` with a
        confidence and reasons, or ``None`` to abstain.

    Called once per new complaint (and again when its facts change).  The
    core adds up confidences per category; the highest total wins.
    """


@hookspec
def greenchannel_priority_signals(
    draft: ChannelDraft, history: Sequence[Complaint]
) -> Sequence[PrioritySignal]:
    """Contribute signals towards the complaint's priority (S4, S5).

    :param draft: the complaint as the channel delivered it.
    :param history: the same customer's earlier complaints (for repeat detection).
    :returns: zero or more :class:`~greenchannel_sdk.domain.PrioritySignal`.

    Called once per new complaint.  Weights are summed; at or above the
    policy's threshold the complaint is high priority and enters the green
    channel.
    """


@hookspec(firstresult=True)
def greenchannel_permissions() -> Mapping[str, frozenset[str]] | None:
    """Return the role-to-permissions table, or ``None`` to keep the default.

    :returns: a mapping of role name to the set of permission names it grants.

    Called once when the SDK starts.  Lets a bank map its own identity
    system's roles onto the SDK's permissions.
    """
