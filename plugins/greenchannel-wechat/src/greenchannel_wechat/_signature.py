"""WeChat's request signatures: SHA-1 over the sorted, concatenated parts.

WeChat signs every push twice over.  ``signature`` covers the token, the
timestamp and the nonce, so it proves the sender knows the token but says
nothing about the body.  ``msg_signature`` (safe mode) adds the ciphertext,
so it also proves the body was not swapped.  Both use this one construction.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["sign", "signature_matches"]


def sign(*parts: str) -> str:
    """The lowercase hex SHA-1 of ``parts`` sorted as strings and joined.

    Sorting by code point equals sorting the UTF-8 bytes, which is what
    WeChat's own reference code does, so non-ASCII parts sign the same way.
    """
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def signature_matches(given: str, *parts: str) -> bool:
    """True when ``given`` is the signature of ``parts``, compared in constant time.

    Constant time so that a forger cannot learn the right signature one hex
    digit at a time from how long a rejection takes.
    """
    expected = sign(*parts)
    return hmac.compare_digest(given.lower().encode("ascii", "replace"),
                               expected.encode("ascii"))
