"""An example vendor plugin for greenchannel-sdk: skills-based assignment (S7, S21).

Installing the package registers the ``skill_match`` strategy through the
``greenchannel`` entry point; a routing rule names it::

    RoutingRule(team="risk", strategy="skill_match")

Hosts that want other weights build :class:`SkillMatch` themselves.
"""

from __future__ import annotations

from ._plugin import greenchannel_register_assignment_strategies
from ._strategy import SkillMatch
from ._weights import Weights

__all__ = ["SkillMatch", "Weights", "greenchannel_register_assignment_strategies"]
