"""greenchannel-callcentre: the customer-service hotline as an intake channel (S1).

The bank's telephony system pushes each call's record (caller, agent, the
agent's notes, recording reference, times, IVR path) as JSON; this channel
checks every field and turns each call into a complaint draft under the
channel name ``"hotline"``.  The record format is documented in
``call_record.schema.json`` (see :func:`schema`) and the README.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel

from ._channel import DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, CallCentreChannel
from ._record import FIELDS, RECORDING_REF_TYPE, REQUIRED
from ._signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, HmacVerifier, sign

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RECORDS",
    "FIELDS",
    "RECORDING_REF_TYPE",
    "REQUIRED",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "CallCentreChannel",
    "HmacVerifier",
    "greenchannel_register_channels",
    "schema",
    "sign",
]


def schema() -> dict[str, Any]:
    """The JSON Schema of one call record, as shipped in the package (for the vendor)."""
    text = resources.files(__name__).joinpath("call_record.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@hookimpl
def greenchannel_register_channels(register: Callable[[Channel], None]) -> None:
    """Offer the hotline channel with default settings (no signature required)."""
    register(CallCentreChannel())
