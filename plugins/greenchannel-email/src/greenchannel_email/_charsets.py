"""Turning a MIME part's bytes into text, the way Chinese mail really arrives.

Mail clients label text with the charset they *meant*, not always the one
they wrote: mail marked ``GB2312`` routinely carries GBK or GB18030
characters (rare surnames, traditional forms), and Big5 mail carries
Microsoft's CP950 or Hong Kong HKSCS extensions.  Decoding strictly by the
label would turn a customer's name into replacement characters, so each
label maps to the superset encodings that are safe to try, in order.
Mail with no label or an unknown one is tried as UTF-8 and then GB18030,
the two encodings a Chinese customer's client most likely used; whatever
still fails becomes UTF-8 with replacement characters, marked as lossy.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

__all__ = ["Decoded", "decode_text"]

_UNLABELLED = ("utf-8", "gb18030")

#: Declared charset (Python codec name) -> encodings to try, most faithful first.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb18030": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs", "cp950"),
    "ascii": ("utf-8", "gb18030"),
    "utf-8": ("utf-8", "gb18030"),
}


#: Labels seen in real mail that Python's codec registry does not know.
_LABEL_ALIASES = {
    "x-gbk": "gbk",
    "gb_2312-80": "gb2312",
    "x-gb2312": "gb2312",
    "x-euc-cn": "gb2312",
    "cn-big5": "big5",
    "x-x-big5": "big5",
}


class Decoded(NamedTuple):
    """Text plus whether any byte had to be replaced (worth a note for the handler)."""

    text: str
    lossy: bool


def _candidates(label: str | None) -> tuple[str, ...]:
    if not label:
        return _UNLABELLED
    name = label.strip().strip('"').lower()
    try:
        codec = codecs.lookup(_LABEL_ALIASES.get(name, name)).name
    except (LookupError, ValueError):
        return _UNLABELLED
    return _SUPERSETS.get(codec, (codec, *_UNLABELLED))


def decode_text(data: bytes, label: str | None) -> Decoded:
    """Decode ``data`` declared as ``label``; never raises.

    The first candidate encoding that decodes every byte wins.  When none
    does, UTF-8 with replacement characters stands in and the result is
    marked ``lossy``.
    """
    for encoding in _candidates(label):
        try:
            return Decoded(data.decode(encoding), lossy=False)
        except (UnicodeError, LookupError):  # LookupError: bytes-to-bytes codecs (base64)
            continue
    return Decoded(data.decode("utf-8", errors="replace"), lossy=True)
