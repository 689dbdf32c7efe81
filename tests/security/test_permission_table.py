"""Roles, permissions and handler scoping (S8, S20, S21, S25)."""

from __future__ import annotations

from datetime import datetime, timezone

import attrs
import pytest

from greenchannel_sdk.domain import (
    Actor,
    Assignment,
    Category,
    Classification,
    Command,
    Complaint,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.errors import ConfigurationError, PermissionDenied
from greenchannel_sdk.security import (
    COMMAND_PERMISSIONS,
    DEFAULT_PERMISSIONS,
    Authorizer,
    Permission,
    Role,
)

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def _complaint(assignee: str | None = "h1", team: str = "cards") -> Complaint:
    assignment = Assignment(team=team, assignee=assignee, strategy="manual", reason="test",
                            assigned_at=NOW, assigned_by="lead1")
    return Complaint(
        id="c-1", number="GC-20260105-000001", status=Status.ASSIGNED, channel="web",
        external_id="e-1", received_at=NOW, registered_at=NOW, text="卡被盗刷",
        classification=Classification(category=Category.TRANSACTION_DISPUTE, confidence=0.9),
        priority=PriorityAssessment(priority=Priority.HIGH), assignment=assignment)


def _actor(role: str, actor_id: str = "u1", team: str | None = None) -> Actor:
    return Actor(id=actor_id, roles=frozenset({role}), team=team)


# What each default role must and must not be able to do, as the scheme describes the posts.
EXPECTED = {
    Role.INTAKE_AGENT: ({"complaint.register", "complaint.read"},
                        {"complaint.assign", "complaint.handle", "complaint.close",
                         "audit.read", "admin.keys"}),
    Role.HANDLER: ({"complaint.read", "complaint.handle", "complaint.close",
                    "complaint.escalate", "personal_data.read", "survey.record"},
                   {"complaint.assign", "complaint.approve_closure", "complaint.reopen",
                    "audit.read", "admin.keys", "report.read"}),
    Role.GREEN_CHANNEL_LEAD: ({"complaint.assign", "complaint.approve_closure",
                               "complaint.reopen", "complaint.handle", "report.read",
                               "quarantine.review"},
                              {"admin.keys", "audit.verify", "personal_data.erase"}),
    Role.SUPERVISOR: ({"complaint.read", "complaint.escalate", "complaint.assign",
                       "complaint.approve_closure", "audit.read", "report.read"},
                      {"personal_data.read", "complaint.handle", "admin.keys"}),
    Role.AUDITOR: ({"complaint.read", "audit.read", "audit.verify", "report.read"},
                   {"personal_data.read", "complaint.handle", "complaint.assign",
                    "complaint.close", "admin.keys"}),
    Role.ADMINISTRATOR: ({"admin.keys", "admin.config", "personal_data.erase"},
                         {"complaint.read", "personal_data.read", "complaint.handle"}),
    Role.SYSTEM: ({"complaint.register", "complaint.assign", "complaint.escalate",
                   "complaint.archive", "survey.record", "personal_data.read"},
                  {"complaint.close", "complaint.approve_closure", "admin.keys"}),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_granted_and_refused_as_its_post_requires(role: Role) -> None:
    authorizer = Authorizer()
    allowed, refused = EXPECTED[role]
    actor = _actor(role.value)
    assert {p for p in allowed if authorizer.allows(actor, p)} == allowed
    assert {p for p in refused if authorizer.allows(actor, p)} == set()


def test_every_default_role_has_an_entry() -> None:
    assert set(DEFAULT_PERMISSIONS) == {role.value for role in Role}


def test_every_lifecycle_command_needs_a_permission() -> None:
    assert set(COMMAND_PERMISSIONS) == set(Command)


def test_refusal_names_actor_roles_and_permission() -> None:
    actor = Actor(id="agent7", roles=frozenset({"intake_agent"}))
    with pytest.raises(PermissionDenied) as caught:
        Authorizer().require(actor, Permission.COMPLAINT_ASSIGN)
    message = str(caught.value)
    assert "'agent7'" in message
    assert "intake_agent" in message
    assert "'complaint.assign'" in message


def test_actor_without_roles_is_refused() -> None:
    with pytest.raises(PermissionDenied, match="roles: none"):
        Authorizer().require(Actor(id="nobody"), "complaint.read")


def test_handler_works_on_own_assignment() -> None:
    Authorizer().require(_actor("handler", "h1"), "complaint.handle", _complaint(assignee="h1"))


def test_handler_works_on_team_queue() -> None:
    complaint = _complaint(assignee=None, team="cards")
    Authorizer().require(_actor("handler", "h2", team="cards"), "complaint.read", complaint)


def test_handler_cannot_touch_another_teams_complaint() -> None:
    complaint = _complaint(assignee="h9", team="loans")
    with pytest.raises(PermissionDenied) as caught:
        Authorizer().require(_actor("handler", "h2", team="cards"), "complaint.handle",
                             complaint)
    message = str(caught.value)
    assert "only for complaints assigned to them or team 'cards'" in message
    assert "GC-20260105-000001" in message
    assert "卡被盗刷" not in message


def test_handler_cannot_see_an_unassigned_complaint() -> None:
    complaint = attrs.evolve(_complaint(), assignment=None)
    assert not Authorizer().allows(_actor("handler", "h1", team="cards"), "complaint.read",
                                   complaint)


@pytest.mark.parametrize("role", ["green_channel_lead", "supervisor", "auditor"])
def test_leads_supervisors_and_auditors_see_every_complaint(role: str) -> None:
    complaint = _complaint(assignee="h9", team="loans")
    assert Authorizer().allows(_actor(role, "x1", team="cards"), "complaint.read", complaint)


def test_an_unscoped_role_is_not_narrowed_by_a_scoped_one() -> None:
    actor = Actor(id="h1", roles=frozenset({"handler", "green_channel_lead"}), team="cards")
    assert Authorizer().allows(actor, "complaint.handle", _complaint(assignee="h9",
                                                                      team="loans"))


def test_scope_tells_storage_what_to_filter() -> None:
    authorizer = Authorizer()
    scope = authorizer.scope(_actor("handler", "h1", team="cards"), "complaint.read")
    assert scope is not None
    assert (scope.unrestricted, scope.assignee, scope.team) == (False, "h1", "cards")
    lead_scope = authorizer.scope(_actor("green_channel_lead"), "complaint.read")
    assert lead_scope is not None
    assert lead_scope.unrestricted
    assert authorizer.scope(_actor("administrator"), "complaint.read") is None


def test_require_command_uses_the_command_permission() -> None:
    authorizer = Authorizer()
    authorizer.require_command(_actor("green_channel_lead"), Command.REASSIGN, _complaint())
    with pytest.raises(PermissionDenied, match=r"'complaint\.assign'"):
        authorizer.require_command(_actor("handler", "h1"), Command.REASSIGN, _complaint())


def test_a_bank_table_replaces_the_default() -> None:
    authorizer = Authorizer({"CS_STAFF": frozenset({"complaint.read", "complaint.handle"})},
                            scoped_roles={"CS_STAFF"})
    staff = Actor(id="s1", roles=frozenset({"CS_STAFF"}))
    assert authorizer.allows(staff, "complaint.handle", _complaint(assignee="s1"))
    assert not authorizer.allows(staff, "complaint.handle", _complaint(assignee="s2"))
    assert not authorizer.allows(_actor("green_channel_lead"), "complaint.read")
    assert authorizer.table == {"CS_STAFF": frozenset({"complaint.read", "complaint.handle"})}


def test_a_table_with_a_misspelt_permission_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown permissions \['complaint.raed'\]"):
        Authorizer({"CS_STAFF": frozenset({"complaint.raed"})})


def test_checking_a_misspelt_permission_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"unknown permission 'complaint\.raed'"):
        Authorizer().allows(_actor("handler"), "complaint.raed")
