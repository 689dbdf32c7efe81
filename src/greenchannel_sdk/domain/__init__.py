"""The domain model: attrs value objects and lifecycle rules, with no I/O.

Nothing here reads a clock, touches a database or calls a plugin, so every
rule can be tested exhaustively and cheaply.
"""

from .audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainBreak,
    event_hash,
    sealed_record,
    verify_chain,
)
from .complaint import ERASED_TEXT, Attachment, ChannelDraft, Complaint
from .convert import converter, structure, unstructure
from .lifecycle import (
    TRANSITIONS,
    Command,
    Transition,
    check_transition,
    commands_allowed,
    mermaid_diagram,
)
from .messages import Communication, Direction, OutboxMessage, OutboxStatus, QuarantinedPayload
from .numbering import (
    DEFAULT_CHANNEL_CODES,
    ComplaintNumber,
    NumberFormat,
    check_character,
    format_number,
    parse_number,
)
from .organisation import Department, DirectoryRecords, Leave, Shift, StaffMember, Team
from .party import PERSONAL_FIELDS, Actor, CustomerIdentity
from .triage import Classification, ClassificationVote, PriorityAssessment, PrioritySignal
from .values import OPEN_STATUSES, TERMINAL_STATUSES, Category, Priority, Status
from .work import Assignment, ClockGoal, ClockState, ClockStatus, SatisfactionSurvey

__all__ = [
    "DEFAULT_CHANNEL_CODES",
    "ERASED_TEXT",
    "GENESIS_HASH",
    "OPEN_STATUSES",
    "PERSONAL_FIELDS",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "Actor",
    "Assignment",
    "Attachment",
    "AuditEvent",
    "Category",
    "ChainBreak",
    "ChannelDraft",
    "Classification",
    "ClassificationVote",
    "ClockGoal",
    "ClockState",
    "ClockStatus",
    "Command",
    "Communication",
    "Complaint",
    "ComplaintNumber",
    "CustomerIdentity",
    "Department",
    "Direction",
    "DirectoryRecords",
    "Leave",
    "NumberFormat",
    "OutboxMessage",
    "OutboxStatus",
    "Priority",
    "PriorityAssessment",
    "PrioritySignal",
    "QuarantinedPayload",
    "SatisfactionSurvey",
    "Shift",
    "StaffMember",
    "Status",
    "Team",
    "Transition",
    "check_character",
    "check_transition",
    "commands_allowed",
    "converter",
    "event_hash",
    "format_number",
    "mermaid_diagram",
    "parse_number",
    "sealed_record",
    "structure",
    "unstructure",
    "verify_chain",
]
