"""Web and mobile-app intake channel for greenchannel-sdk (S1).

The bank's website and app post a JSON complaint form (the contract is the
JSON Schema returned by :func:`schema`); :class:`WebChannel` validates it
field by field and turns it into a complaint draft whose ``external_id`` is
the form's idempotency key.  :func:`make_wsgi_app` and :func:`make_asgi_app`
mount the intake in any WSGI or ASGI application; :func:`make_status_wsgi_app`
and :func:`make_status_asgi_app` the customer's status lookup (S23).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ._asgi import make_asgi_app, make_status_asgi_app
from ._channel import (
    CHANNEL_NAME,
    DEFAULT_MAX_BYTES,
    IDEMPOTENCY_HEADER,
    WebChannel,
)
from ._plugin import channel_from_environment, greenchannel_register_channels
from ._wsgi import make_status_wsgi_app, make_wsgi_app

__all__ = [
    "CHANNEL_NAME",
    "DEFAULT_MAX_BYTES",
    "IDEMPOTENCY_HEADER",
    "WebChannel",
    "channel_from_environment",
    "greenchannel_register_channels",
    "make_asgi_app",
    "make_status_asgi_app",
    "make_status_wsgi_app",
    "make_wsgi_app",
    "schema",
]


def schema() -> dict[str, Any]:
    """The JSON Schema of the complaint form, as shipped in the package."""
    text = resources.files(__name__).joinpath("complaint_form.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
