"""Who may do what (S8, S20, S21, S25): roles, permissions and the check that guards commands.

Permissions are data.  :data:`DEFAULT_PERMISSIONS` maps each default role to
the permissions it grants; a bank replaces the whole table through the
``greenchannel_permissions`` hook to map its own identity system's roles
(the default is used when every plugin answers ``None``).
:data:`COMMAND_PERMISSIONS` says which permission each lifecycle command
needs, so the engine never hard-codes a role.

Scoping: some roles (by default only ``handler``) hold their permissions
only for complaints assigned to them or to their team; every other role's
permissions apply to all complaints.  When one of an actor's roles grants a
permission without scope, the scope of another role does not narrow it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from ..domain import Actor, Command, Complaint
from ..errors import ConfigurationError, PermissionDenied

__all__ = [
    "COMMAND_PERMISSIONS",
    "DEFAULT_PERMISSIONS",
    "DEFAULT_SCOPED_ROLES",
    "AccessScope",
    "Authorizer",
    "Permission",
    "Role",
]


class Permission(str, enum.Enum):
    """Every permission the SDK checks; the value is the name used in tables."""

    COMPLAINT_REGISTER = "complaint.register"
    COMPLAINT_READ = "complaint.read"
    COMPLAINT_ASSIGN = "complaint.assign"
    COMPLAINT_HANDLE = "complaint.handle"
    COMPLAINT_CLOSE = "complaint.close"
    COMPLAINT_APPROVE_CLOSURE = "complaint.approve_closure"
    COMPLAINT_ESCALATE = "complaint.escalate"
    COMPLAINT_REOPEN = "complaint.reopen"
    COMPLAINT_MERGE = "complaint.merge"
    COMPLAINT_DISMISS = "complaint.dismiss"
    COMPLAINT_ARCHIVE = "complaint.archive"
    LEGAL_HOLD = "complaint.legal_hold"
    SURVEY_RECORD = "survey.record"
    PERSONAL_DATA_READ = "personal_data.read"
    PERSONAL_DATA_ERASE = "personal_data.erase"
    RETENTION_PURGE = "retention.purge"
    QUARANTINE_REVIEW = "quarantine.review"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    REPORT_READ = "report.read"
    ADMIN_KEYS = "admin.keys"
    ADMIN_CONFIG = "admin.config"
    DIRECTORY_MANAGE = "directory.manage"


class Role(str, enum.Enum):
    """The default roles: the posts of the green channel (S6, S8) plus the SDK itself."""

    INTAKE_AGENT = "intake_agent"
    HANDLER = "handler"
    GREEN_CHANNEL_LEAD = "green_channel_lead"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"
    SYSTEM = "system"


def _grant(*permissions: Permission) -> frozenset[str]:
    return frozenset(p.value for p in permissions)


_P = Permission
_KNOWN: frozenset[str] = frozenset(p.value for p in Permission)
_HANDLING = (_P.COMPLAINT_READ, _P.COMPLAINT_HANDLE, _P.COMPLAINT_CLOSE, _P.COMPLAINT_ESCALATE,
             _P.SURVEY_RECORD, _P.PERSONAL_DATA_READ)

#: The default role → permissions table.  Rationale per role:
#:
#: * ``intake_agent`` registers complaints and answers "where is my case" calls (S23);
#: * ``handler`` works the cases assigned to them or their team (S9-S15);
#: * ``green_channel_lead`` coordinates: assigns, approves closures, reopens, reviews
#:   quarantined payloads, and may do a handler's work on any case (S8);
#: * ``supervisor`` (督察) watches deadlines and steps in (S22) without seeing personal data,
#:   and places and lifts legal holds (compliance);
#: * ``auditor`` reads and verifies the audit trail and figures (S19), nothing personal;
#: * ``administrator`` runs keys, configuration, erasure and the retention purge, but reads
#:   no complaint and cannot lift a legal hold (separation of duties: whoever erases
#:   cannot also remove what stops the erasure);
#: * ``green_channel_lead`` and ``administrator`` keep the stored directory (teams,
#:   people, leave: S6, S8);
#: * ``system`` is the SDK's own automation: intake (including survey answers the
#:   customer sends through a channel), automatic assignment, SLA escalation,
#:   notifications and the scheduled retention purge.
DEFAULT_PERMISSIONS: Mapping[str, frozenset[str]] = {
    Role.INTAKE_AGENT.value: _grant(_P.COMPLAINT_REGISTER, _P.COMPLAINT_READ,
                                    _P.PERSONAL_DATA_READ),
    Role.HANDLER.value: _grant(*_HANDLING),
    Role.GREEN_CHANNEL_LEAD.value: _grant(
        *_HANDLING, _P.COMPLAINT_REGISTER, _P.COMPLAINT_ASSIGN, _P.COMPLAINT_APPROVE_CLOSURE,
        _P.COMPLAINT_REOPEN, _P.COMPLAINT_MERGE, _P.COMPLAINT_DISMISS, _P.QUARANTINE_REVIEW,
        _P.REPORT_READ, _P.DIRECTORY_MANAGE),
    Role.SUPERVISOR.value: _grant(
        _P.COMPLAINT_READ, _P.COMPLAINT_ASSIGN, _P.COMPLAINT_ESCALATE, _P.COMPLAINT_REOPEN,
        _P.COMPLAINT_APPROVE_CLOSURE, _P.COMPLAINT_ARCHIVE, _P.REPORT_READ, _P.AUDIT_READ,
        _P.LEGAL_HOLD),
    Role.AUDITOR.value: _grant(_P.COMPLAINT_READ, _P.AUDIT_READ, _P.AUDIT_VERIFY, _P.REPORT_READ),
    Role.ADMINISTRATOR.value: _grant(_P.ADMIN_KEYS, _P.ADMIN_CONFIG, _P.AUDIT_VERIFY,
                                     _P.PERSONAL_DATA_ERASE, _P.RETENTION_PURGE, _P.REPORT_READ,
                                     _P.DIRECTORY_MANAGE),
    Role.SYSTEM.value: _grant(
        _P.COMPLAINT_REGISTER, _P.COMPLAINT_READ, _P.COMPLAINT_ASSIGN, _P.COMPLAINT_HANDLE,
        _P.COMPLAINT_ESCALATE, _P.COMPLAINT_ARCHIVE, _P.SURVEY_RECORD, _P.PERSONAL_DATA_READ,
        _P.PERSONAL_DATA_ERASE, _P.RETENTION_PURGE),
}

#: Roles whose permissions cover only complaints assigned to the actor or the actor's team.
DEFAULT_SCOPED_ROLES: frozenset[str] = frozenset({Role.HANDLER.value})

#: The permission each lifecycle command needs.  Recording what the customer
#: said or did (a reply, acceptance, withdrawal) is handling work.
COMMAND_PERMISSIONS: Mapping[Command, Permission] = {
    Command.REGISTER: _P.COMPLAINT_REGISTER,
    Command.ASSIGN: _P.COMPLAINT_ASSIGN,
    Command.REASSIGN: _P.COMPLAINT_ASSIGN,
    Command.RECORD_CONTACT: _P.COMPLAINT_HANDLE,
    Command.START_INVESTIGATION: _P.COMPLAINT_HANDLE,
    Command.REQUEST_CUSTOMER_INFO: _P.COMPLAINT_HANDLE,
    Command.CUSTOMER_REPLIED: _P.COMPLAINT_HANDLE,
    Command.PROPOSE_RESOLUTION: _P.COMPLAINT_HANDLE,
    Command.ACCEPT_RESOLUTION: _P.COMPLAINT_HANDLE,
    Command.DECLINE_RESOLUTION: _P.COMPLAINT_HANDLE,
    Command.WITHDRAW: _P.COMPLAINT_HANDLE,
    Command.CLOSE: _P.COMPLAINT_CLOSE,
    Command.REOPEN: _P.COMPLAINT_REOPEN,
    Command.ARCHIVE: _P.COMPLAINT_ARCHIVE,
    Command.MERGE: _P.COMPLAINT_MERGE,
    Command.UNMERGE: _P.COMPLAINT_MERGE,
    Command.DISMISS: _P.COMPLAINT_DISMISS,
    Command.ESCALATE: _P.COMPLAINT_ESCALATE,
}


@attrs.frozen
class AccessScope:
    """Which complaints an actor may use one permission on.

    ``unrestricted`` scopes cover every complaint; otherwise only complaints
    assigned to ``assignee`` or queued for / assigned within ``team``.
    Storage turns a restricted scope into a ``WHERE`` clause on the
    assignment columns so listings show only what the actor may see.
    """

    unrestricted: bool
    assignee: str | None = None
    team: str | None = None

    def covers(self, complaint: Complaint) -> bool:
        if self.unrestricted:
            return True
        assignment = complaint.assignment
        if assignment is None:
            return False
        return (assignment.assignee is not None and assignment.assignee == self.assignee) or (
            self.team is not None and assignment.team == self.team)


def _permission_name(permission: Permission | str) -> str:
    return permission.value if isinstance(permission, Permission) else permission


def _roles_text(actor: Actor) -> str:
    return ", ".join(sorted(actor.roles)) or "none"


def _check_table(table: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    checked = {role: frozenset(_permission_name(p) for p in granted)
               for role, granted in table.items()}
    unknown = sorted({p for granted in checked.values() for p in granted} - _KNOWN)
    if unknown:
        raise ConfigurationError(
            f"the permission table names unknown permissions {unknown}; "
            f"known permissions are {sorted(_KNOWN)}")
    return checked


class Authorizer:
    """Checks an actor's permissions against a table (the default one when ``table`` is None).

    ``table`` is what the ``greenchannel_permissions`` hook returned; an
    unknown permission name in it is a :class:`ConfigurationError`, because
    a typo would otherwise silently grant nothing (or, worse, be relied on).
    """

    def __init__(self, table: Mapping[str, Iterable[str]] | None = None, *,
                 scoped_roles: Iterable[str] = DEFAULT_SCOPED_ROLES) -> None:
        self._table = _check_table(DEFAULT_PERMISSIONS if table is None else table)
        self._scoped_roles = frozenset(scoped_roles)

    @property
    def table(self) -> Mapping[str, frozenset[str]]:
        return dict(self._table)

    def scope(self, actor: Actor, permission: Permission | str) -> AccessScope | None:
        """Where ``actor`` holds ``permission``: everywhere, on their assignments, or ``None``."""
        name = _permission_name(permission)
        if name not in _KNOWN:
            raise ValueError(f"unknown permission {name!r}")
        granting = {role for role in actor.roles if name in self._table.get(role, frozenset())}
        if not granting:
            return None
        if granting - self._scoped_roles:
            return AccessScope(unrestricted=True)
        return AccessScope(unrestricted=False, assignee=actor.id, team=actor.team)

    def allows(self, actor: Actor, permission: Permission | str,
               complaint: Complaint | None = None) -> bool:
        """True when ``actor`` may use ``permission`` (on ``complaint``, when given)."""
        scope = self.scope(actor, permission)
        return scope is not None and (complaint is None or scope.covers(complaint))

    def require(self, actor: Actor, permission: Permission | str,
                complaint: Complaint | None = None) -> None:
        """Raise :class:`PermissionDenied` unless ``actor`` may use ``permission`` here.

        Without ``complaint`` only the role is checked; commands on one
        complaint must pass it so that handler scoping applies.
        """
        name = _permission_name(permission)
        scope = self.scope(actor, name)
        if scope is None:
            raise PermissionDenied(
                f"actor {actor.id!r} (roles: {_roles_text(actor)}) lacks permission {name!r}")
        if complaint is not None and not scope.covers(complaint):
            team = f" or team {actor.team!r}" if actor.team else ""
            raise PermissionDenied(
                f"actor {actor.id!r} (roles: {_roles_text(actor)}) holds {name!r} only for "
                f"complaints assigned to them{team}; complaint {complaint.number} is not")

    def require_command(self, actor: Actor, command: Command,
                        complaint: Complaint | None = None) -> None:
        """:meth:`require` with the permission :data:`COMMAND_PERMISSIONS` gives ``command``."""
        self.require(actor, COMMAND_PERMISSIONS[command], complaint)
