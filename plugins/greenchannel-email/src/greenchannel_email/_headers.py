"""Reading the header fields a complaint needs, from their raw values.

The message is parsed with ``email.policy.default``, but these fields are
read from the raw header text rather than through the policy's header
objects, for two reasons.  First, the policy decodes RFC 2047 encoded words
strictly by their declared charset, so a ``=?GB2312?B?...?=`` subject
written by a GBK client loses characters; here encoded words go through
:mod:`._charsets` like bodies do, and adjacent encoded words in one charset
are joined *before* decoding, because clients split multi-byte characters
across them.  Second, raw values carry 8-bit headers (UTF-8 or GB18030
subjects sent without encoding) intact, and they never raise.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime, timezone
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from ._charsets import Decoded, decode_text

__all__ = [
    "header_text",
    "message_ids",
    "raw_header",
    "sender",
    "sent_at",
]

_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_ADDR_SPEC = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_FROM = 2000
_SURROGATE = re.compile("[\udc80-\udcff]")


def raw_header(message: Message, name: str) -> str | None:
    """The first ``name`` field's raw value (surrogate-escaped 8-bit kept), or ``None``."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def _unescape_8bit(value: str) -> Decoded:
    """Raw 8-bit header bytes come back from the parser as surrogates; decode them properly."""
    if not _SURROGATE.search(value):
        return Decoded(value, lossy=False)
    return decode_text(value.encode("utf-8", "surrogateescape"), None)


def _word_bytes(encoding: str, data: str) -> bytes | None:
    try:
        if encoding in "Bb":
            return base64.b64decode(data + "=" * (-len(data) % 4))
        return binascii.a2b_qp(data.encode("ascii"), header=True)
    except (binascii.Error, ValueError):
        return None


#: A piece of a header value: literal text, or an encoded word's charset and bytes.
_Segment = str | tuple[str, bytearray]


def _segments(text: str) -> list[_Segment]:
    """Split ``text`` into literal text and encoded words (broken words stay literal)."""
    segments: list[_Segment] = []
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        segments.append(text[position:match.start()])
        data = _word_bytes(match.group(2), match.group(3))
        segments.append(match.group(0) if data is None else (match.group(1).lower(),
                                                             bytearray(data)))
        position = match.end()
    segments.append(text[position:])
    return segments


def _join_words(segments: list[_Segment]) -> list[_Segment]:
    """Drop whitespace between encoded words (RFC 2047 6.2); join neighbours of one charset."""
    joined: list[_Segment] = []
    for segment in segments:
        if isinstance(segment, tuple):
            if len(joined) >= 2 and isinstance(joined[-2], tuple) and not str(joined[-1]).strip():
                joined.pop()
            last = joined[-1] if joined else None
            if isinstance(last, tuple) and last[0] == segment[0]:
                last[1].extend(segment[1])
                continue
        joined.append(segment)
    return joined


def header_text(raw: str | None) -> Decoded:
    """A header value as text: unfolded, 8-bit recovered, RFC 2047 words decoded."""
    if raw is None:
        return Decoded("", lossy=False)
    unfolded = _unescape_8bit(_FOLD.sub("", raw))
    lossy = unfolded.lossy
    pieces: list[str] = []
    for segment in _join_words(_segments(unfolded.text)):
        if isinstance(segment, str):
            pieces.append(segment)
            continue
        decoded = decode_text(bytes(segment[1]), segment[0])
        pieces.append(decoded.text)
        lossy = lossy or decoded.lossy
    return Decoded("".join(pieces).strip(), lossy=lossy)


def _normalise_id(token: str) -> str:
    left, at, right = token.rpartition("@")
    return f"{left}@{right.lower()}" if at and left else token


def message_ids(raw: str | None) -> list[str]:
    """Every ``<id>`` in a Message-ID, In-Reply-To or References value, normalised.

    Normalised means without angle brackets and with the domain part in
    lower case (RFC 5322 ids are compared that way in practice), so the id
    an acknowledgement was sent with matches the one a reply quotes.  A bare
    id without brackets (some clients write one) is accepted when it is the
    whole value.
    """
    if raw is None:
        return []
    unfolded = _FOLD.sub("", raw)
    found = [_normalise_id(token) for token in _MSG_ID.findall(unfolded)]
    bare = unfolded.strip()
    if not found and bare and not any(ch.isspace() for ch in bare) and "@" in bare:
        found.append(_normalise_id(bare.strip("<>")))
    return found


def sent_at(raw: str | None) -> datetime | None:
    """The Date field as an aware UTC datetime, or ``None`` when absent or unreadable.

    RFC 5322's ``-0000`` ("no zone information") is taken as UTC, the
    reading the RFC itself gives.
    """
    if raw is None:
        return None
    try:
        when = parsedate_to_datetime(_FOLD.sub("", raw).strip())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        return when.astimezone(timezone.utc)
    except OverflowError:  # year 1 with a positive offset, or similar
        return None


def sender(raw: str | None) -> tuple[str | None, str | None]:
    """The From field's display name and address (``None`` each when missing or invalid).

    The address's domain is lower-cased; its local part is kept as written
    (RFC 5321 lets a server treat it case-sensitively).  A From field longer
    than any real one is not parsed at all: the stdlib address parser
    recurses into nested comments and slows down on crafted input.
    """
    if raw is None or len(raw) > _MAX_FROM:
        return None, None
    try:
        name, address = parseaddr(header_text(raw).text)
    except RecursionError:
        return None, None
    address = address.strip()
    if not _ADDR_SPEC.match(address):
        return (name.strip() or None), None
    return (name.strip() or None), _normalise_id(address)
