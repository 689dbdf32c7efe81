"""The hook the SDK calls: registers the strategy so routing rules can name it."""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk import AssignmentStrategy, hookimpl

from ._strategy import SkillMatch

__all__ = ["greenchannel_register_assignment_strategies"]


@hookimpl
def greenchannel_register_assignment_strategies(
    register: Callable[[AssignmentStrategy], None],
) -> None:
    """Offer ``skill_match`` with the default weights.

    A host that wants other weights registers its own ``SkillMatch`` under
    the same name from a plugin of its own: the host's plugins are called
    before installed ones, and the first registration of a name is kept.
    """
    register(SkillMatch())
