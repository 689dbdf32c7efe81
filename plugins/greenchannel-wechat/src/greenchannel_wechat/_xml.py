"""Reading and writing WeChat's flat ``<xml>`` documents, safely.

Every WeChat push is one ``<xml>`` element whose children are the fields
(``<MsgType>``, ``<Content>``, ...).  Parsing goes through ``defusedxml``
with DTDs forbidden, so entity expansion ("billion laughs"), external
entities and any document type declaration are refused before they cost
memory or reach the network.  Every failure becomes a
:class:`~greenchannel_sdk.errors.ValidationError` naming what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.etree.ElementTree import Element, ParseError

# defusedxml ships no type information; ``types-defusedxml`` adds it.  The
# ignores keep mypy --strict passing with or without those stubs installed.
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped, unused-ignore]
from greenchannel_sdk.errors import ValidationError

__all__ = ["check_xml_text", "parse_fields", "render_fields"]

_ROOT = "xml"

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parse_fields(document: bytes, *, what: str) -> dict[str, str]:
    """The text of each child of the ``<xml>`` root, by tag.

    ``what`` names the document in error messages ("payload", "decrypted
    message").  Children that themselves have children (a few event types
    nest extra detail) are skipped: no field this channel reads is nested.
    A field given twice is refused rather than guessing which one counts.
    """
    try:
        root: Element = fromstring(document, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValidationError(
            f"the WeChat {what} uses a DTD or entities, which are refused",
            {what: type(exc).__name__},
        ) from exc
    except ParseError as exc:
        raise ValidationError(f"the WeChat {what} is not well-formed XML",
                              {what: str(exc)}) from exc
    except (LookupError, ValueError) as exc:
        # The XML declaration names an encoding Python lacks (LookupError) or
        # one expat cannot use (multi-byte codecs raise ValueError).
        raise ValidationError(f"the WeChat {what} declares an unusable encoding",
                              {what: "unsupported character encoding"}) from exc
    if root.tag != _ROOT:
        raise ValidationError(f"the WeChat {what} is not an <xml> document",
                              {what: "root element is not <xml>"})
    fields: dict[str, str] = {}
    for child in root:
        if len(child):
            continue
        if child.tag in fields:
            raise ValidationError(f"the WeChat {what} repeats a field",
                                  {str(child.tag): "given more than once"})
        fields[child.tag] = child.text or ""
    return fields


def check_xml_text(value: str, *, field: str) -> None:
    """Refuse text that no XML document can carry (most control characters)."""
    if _NOT_XML_CHAR.search(value):
        raise ValidationError("the text cannot be sent in a WeChat XML message",
                              {field: "contains control characters XML does not allow"})


def _cdata(value: str) -> str:
    # Every XML reader turns CR LF and lone CR into LF, even inside CDATA, so
    # write LF: the document then says exactly what its reader will see.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # "]]>" would end the section early; split it across two sections.
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_fields(fields: Iterable[tuple[str, str | int]]) -> bytes:
    """A WeChat ``<xml>`` document: strings as CDATA, integers bare, as WeChat writes them."""
    parts = ["<xml>"]
    for tag, value in fields:
        text = str(value) if isinstance(value, int) else _cdata(value)
        parts.append(f"<{tag}>{text}</{tag}>")
    parts.append("</xml>")
    return "".join(parts).encode("utf-8")
