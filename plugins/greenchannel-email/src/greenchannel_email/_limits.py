"""Bounds on MIME structure, checked on the raw bytes before the stdlib parser runs.

``email.policy.default`` parses MIME header fields with a recursive-descent
parser whose cost grows far faster than their size on crafted input
(measured with CPython 3.11: a 256 KiB ``Content-Disposition`` full of
encoded words takes about a minute; 256 KiB of empty MIME parts about 15
seconds).  Intake mail is written by anyone, so before parsing, the payload
must stay within limits that real complaint mail never approaches: at most
1000 boundary lines (parts), no ``Content-*`` field over 8 KiB and 64 KiB of
them in all.  The scan is one linear pass of a regular expression.
"""

from __future__ import annotations

import re

__all__ = ["MAX_BOUNDARY_LINES", "MAX_MIME_FIELD", "MAX_MIME_FIELDS_TOTAL", "mime_limit_problem"]

MAX_BOUNDARY_LINES = 1000
MAX_MIME_FIELD = 8 * 1024
MAX_MIME_FIELDS_TOTAL = 64 * 1024

#: A Content-* field with its folded continuation lines (also matches look-alikes in bodies,
#: which only makes the bound stricter).
_MIME_FIELD = re.compile(
    rb"^content-[a-z0-9-]*:[^\n]*(?:\n[ \t][^\n]*)*", re.IGNORECASE | re.MULTILINE
)


def mime_limit_problem(payload: bytes) -> str | None:
    """Why ``payload`` is beyond the MIME bounds, or ``None`` when it is within them."""
    boundaries = payload.count(b"\n--")
    if boundaries > MAX_BOUNDARY_LINES:
        return f"{boundaries} MIME boundary lines; at most {MAX_BOUNDARY_LINES} are accepted"
    total = 0
    for field in _MIME_FIELD.finditer(payload):
        length = field.end() - field.start()
        if length > MAX_MIME_FIELD:
            return f"a Content-* header field of {length} bytes; at most {MAX_MIME_FIELD}"
        total += length
        if total > MAX_MIME_FIELDS_TOTAL:
            return f"Content-* header fields over {MAX_MIME_FIELDS_TOTAL} bytes in all"
    return None
