"""The archive dossier of a complaint (S16): build it, write it as JSON and as HTML.

:meth:`GreenChannel.export_dossier <greenchannel_sdk.GreenChannel.export_dossier>`
returns the :class:`Dossier`; :func:`dossier_to_json` and
:func:`render_dossier_html` turn it into the two archive files;
:func:`dossier_from_json` reads the JSON back.  docs/archive.md describes the schema.
"""

from .html import render_dossier_html
from .json_io import dossier_from_json, dossier_to_json
from .model import (
    DOSSIER_SCHEMA,
    AccountabilityRecord,
    AssignmentRecord,
    ClockRecord,
    ClosureRecord,
    Dossier,
    LinkRecord,
)

__all__ = [
    "DOSSIER_SCHEMA",
    "AccountabilityRecord",
    "AssignmentRecord",
    "ClockRecord",
    "ClosureRecord",
    "Dossier",
    "LinkRecord",
    "dossier_from_json",
    "dossier_to_json",
    "render_dossier_html",
]
