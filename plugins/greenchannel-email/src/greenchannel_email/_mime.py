"""Splitting a parsed message into the complaint text and its attachments.

Text comes from the ``text/plain`` parts that are not attachments; only when
there is none (HTML-only mail) are the ``text/html`` parts turned into text.
Every other leaf part is an attachment, including inline images, because a
screenshot of a failed transfer is evidence (S10, S16).  Attachments are
described, not copied into the draft: filename, type, size and SHA-256 so
the file can be verified later; a bank that wants the bytes passes a
``store`` callable that keeps them and returns a reference.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from email.message import Message
from typing import NamedTuple

from greenchannel_sdk.domain import Attachment

from ._charsets import decode_text
from ._headers import header_text
from ._html import html_to_text

__all__ = ["AttachmentStore", "Content", "extract_content"]

#: ``store(filename, content_type, data) -> reference``: keeps an attachment's bytes.
AttachmentStore = Callable[[str, str, bytes], str]

_BODY_TYPES = ("text/plain", "text/html")


class Content(NamedTuple):
    """What a message says and carries."""

    text: str
    lossy: bool
    attachments: tuple[Attachment, ...]


def _filename(part: Message, index: int) -> str:
    raw = part.get_filename()
    if raw:
        name = header_text(raw).text  # some clients put RFC 2047 words in filenames
        if name:
            return name
    return f"part-{index}"


def _describe(part: Message, index: int, data: bytes, store: AttachmentStore | None) -> Attachment:
    filename = _filename(part, index)
    content_type = part.get_content_type()
    return Attachment(
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        reference=store(filename, content_type, data) if store else None,
    )


def extract_content(message: Message, store: AttachmentStore | None = None) -> Content:
    """The body text (plain preferred over HTML) and attachment metadata of ``message``."""
    bodies: dict[str, list[str]] = {content_type: [] for content_type in _BODY_TYPES}
    attachments: list[Attachment] = []
    lossy = False
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        content_type = part.get_content_type()
        is_body = (
            content_type in _BODY_TYPES
            and part.get_content_disposition() != "attachment"
            and not part.get_filename()
        )
        if not is_body:
            attachments.append(_describe(part, index, data, store))
            continue
        decoded = decode_text(data, part.get_content_charset())
        lossy = lossy or decoded.lossy
        bodies[content_type].append(decoded.text)
    plain = "\n\n".join(text.strip() for text in bodies["text/plain"] if text.strip())
    if not plain:
        plain = "\n\n".join(html_to_text(markup) for markup in bodies["text/html"]).strip()
    return Content(plain, lossy, tuple(attachments))
