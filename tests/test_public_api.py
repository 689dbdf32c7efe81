"""The public API is pinned (P1): changing it is a deliberate, reviewed act."""

import greenchannel_sdk

PUBLIC = {
    "Actor", "Assignment", "AssignmentDecision", "AssignmentStrategy", "Attachment",
    "AuditEvent", "BusinessCalendar", "CaseStatus", "Category", "ChainBreak", "Channel",
    "ChannelAuthenticationError", "ChannelDraft", "Classification", "ClassificationVote",
    "Clock", "ClockGoal", "ClockState", "ClockStatus", "Command", "Communication",
    "Complaint", "ComplaintNumber", "ComplaintQuery", "ConcurrentModification",
    "ConfigurationError", "CustomerIdentity", "Directory", "Dossier", "GreenChannel",
    "GreenChannelError", "IllegalTransition", "IntakeResult", "KeyProvider", "NotFound",
    "Notifier", "NumberFormat", "OutboxMessage", "Page", "PermissionDenied", "PluginError",
    "Priority", "PriorityAssessment", "PrioritySignal", "QuarantinedPayload", "RoutingRule",
    "RoutingTable", "SatisfactionSurvey", "SchemaOutOfDate", "Settings", "SlaPolicy",
    "StaffMember", "Status", "StatusStep", "StorageError", "SystemClock", "Team", "ValidationError",
    "__version__", "format_number", "hookimpl", "parse_number",
}


def test_all_is_pinned() -> None:
    assert set(greenchannel_sdk.__all__) == PUBLIC


def test_every_public_name_exists_and_is_documented() -> None:
    for name in greenchannel_sdk.__all__:
        obj = getattr(greenchannel_sdk, name)
        if callable(obj) and name != "hookimpl":
            assert obj.__doc__, f"{name} has no docstring"


def test_errors_share_one_base() -> None:
    for name in greenchannel_sdk.__all__:
        obj = getattr(greenchannel_sdk, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, greenchannel_sdk.GreenChannelError)


def test_package_is_typed() -> None:
    from importlib import resources

    assert resources.files("greenchannel_sdk").joinpath("py.typed").is_file()


SUBPACKAGES = ["dispatch", "domain", "dossier", "notices", "reports", "security", "sla", "storage",
               "testing", "triage"]


def test_public_subpackages_declare_and_document_their_api() -> None:
    import importlib

    for name in SUBPACKAGES:
        module = importlib.import_module(f"greenchannel_sdk.{name}")
        assert module.__doc__, f"greenchannel_sdk.{name} has no docstring"
        exported = getattr(module, "__all__", None)
        assert exported, f"greenchannel_sdk.{name} declares no __all__"
        for item in exported:
            assert hasattr(module, item), f"greenchannel_sdk.{name}.{item} is missing"
