"""The SDK's exceptions.

Every error the SDK raises on purpose derives from :class:`GreenChannelError`,
so a host application can catch one class at its boundary.  Each subclass
answers one question an operator asks ("was my input wrong?", "may I retry?",
"which plugin broke?"), and each message says what was wrong and what to do.

Messages never contain customer personal data (S20): they name complaint
numbers, field names and states, never a name, phone or ID number.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ChannelAuthenticationError",
    "ConcurrentModification",
    "ConfigurationError",
    "GreenChannelError",
    "IllegalTransition",
    "NotFound",
    "PermissionDenied",
    "PluginError",
    "SchemaOutOfDate",
    "StorageError",
    "ValidationError",
]


class GreenChannelError(Exception):
    """Base class of every error the SDK raises on purpose."""


class ValidationError(GreenChannelError, ValueError):
    """Input was malformed; ``problems`` maps each field to what was wrong with it."""

    def __init__(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        self.problems: dict[str, str] = dict(problems or {})
        if self.problems:
            detail = "; ".join(f"{field}: {why}" for field, why in sorted(self.problems.items()))
            message = f"{message} ({detail})"
        super().__init__(message)


class IllegalTransition(GreenChannelError):
    """A lifecycle command is not allowed in the complaint's current state.

    ``rule`` names the rule that was broken so the message can be looked up
    in ``docs/lifecycle.md``.
    """

    def __init__(self, *, state: str, command: str, rule: str, hint: str = "") -> None:
        self.state = state
        self.command = command
        self.rule = rule
        message = f"cannot {command!r} a complaint in state {state!r}: {rule}"
        if hint:
            message = f"{message}. {hint}"
        super().__init__(message)


class PermissionDenied(GreenChannelError):
    """The actor's roles do not grant the permission the command needs."""


class ConcurrentModification(GreenChannelError):
    """Someone else changed the complaint after it was read; reload and retry."""


class NotFound(GreenChannelError, LookupError):
    """No complaint (or other record) exists under the given key."""


class ChannelAuthenticationError(GreenChannelError):
    """A channel payload failed its authenticity check (signature, app id, timestamp)."""


class PluginError(GreenChannelError):
    """A plugin failed to load or raised; ``plugin`` names it."""

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        super().__init__(f"plugin {plugin!r}: {message}")


class ConfigurationError(GreenChannelError):
    """Settings are missing or contradictory."""


class StorageError(GreenChannelError):
    """The database could not be reached, was locked, or refused a write."""


class SchemaOutOfDate(StorageError):
    """The database schema is older (or newer) than this SDK expects."""
