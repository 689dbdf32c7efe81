"""The pluggy side: register the ``branch_box`` channel in the bank's time zone."""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.settings import Settings

from ._channel import BranchBoxChannel

__all__ = ["greenchannel_register_channels"]


@hookimpl
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Offer the complaint-box channel; dates are read in ``GREENCHANNEL_TIMEZONE``."""
    register(BranchBoxChannel(timezone=Settings.from_env().timezone))
