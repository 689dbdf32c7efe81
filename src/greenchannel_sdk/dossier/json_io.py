"""The dossier as JSON: the archive's machine-readable form, read back into an equal value.

The shape is :func:`~greenchannel_sdk.domain.convert.unstructure` of the
:class:`~.model.Dossier` (ISO 8601 instants with offset, money as decimal
strings), keys sorted and indented so two exports of an unchanged complaint
differ only in ``generated_at`` and the access-log entry.  docs/archive.md
documents every field.
"""

from __future__ import annotations

import json
from typing import Any

import cattrs

from ..domain.convert import structure, unstructure
from ..errors import ValidationError
from .model import DOSSIER_SCHEMA, Dossier

__all__ = ["dossier_from_json", "dossier_to_json"]


def dossier_to_json(dossier: Dossier) -> str:
    """``dossier`` as a UTF-8-friendly JSON document (Chinese text is kept readable)."""
    return json.dumps(unstructure(dossier), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def dossier_from_json(text: str) -> Dossier:
    """Read a dossier written by :func:`dossier_to_json`; refuse another schema clearly."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("not a dossier", {"json": f"invalid JSON: {exc}"}) from None
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema != DOSSIER_SCHEMA:
        raise ValidationError("not a dossier this version reads", {
            "schema": f"expected {DOSSIER_SCHEMA!r}, found {schema!r}"})
    try:
        return structure(data, Dossier)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError("the dossier is damaged", {
            "document": f"{exc.__class__.__name__}: does not match {DOSSIER_SCHEMA}"}) from exc
