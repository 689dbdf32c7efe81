"""The WeChat Official Account intake channel (S1): authenticate, open, parse.

One :class:`WeChatChannel` serves one Official Account.  The bank's web
framework receives WeChat's HTTP requests and hands this class the raw body
and the query parameters; everything WeChat-specific happens here:

* ``GET`` with ``echostr``: :meth:`WeChatChannel.verify_url` answers the
  platform's server-URL check;
* ``POST``: :meth:`WeChatChannel.parse` checks signatures and freshness,
  decrypts safe-mode bodies, and returns complaint drafts;
* the HTTP response: :meth:`WeChatChannel.build_reply` writes the passive
  reply (plain or encrypted), for example to tell the customer their
  complaint number.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence

from greenchannel_sdk.clock import Clock, SystemClock
from greenchannel_sdk.domain import ChannelDraft
from greenchannel_sdk.errors import (
    ChannelAuthenticationError,
    ConfigurationError,
    ValidationError,
)

from ._cipher import MessageCipher
from ._drafts import CHANNEL_NAME, draft_from_fields
from ._signature import sign, signature_matches
from ._xml import check_xml_text, parse_fields, render_fields

__all__ = ["WeChatChannel"]

logger = logging.getLogger("greenchannel_wechat")

#: WeChat's text messages are short (a few KiB even in safe mode); 64 KiB
#: leaves ample room while keeping a flood of large bodies cheap to refuse.
DEFAULT_MAX_BYTES = 64 * 1024


class WeChatChannel:
    """Intake from one WeChat Official Account, in plaintext or safe mode.

    :param token: the Token from the platform's server configuration.
    :param appid: the Official Account's AppID; safe-mode messages sealed
        for any other appid are refused.
    :param encoding_aes_key: the 43-character EncodingAESKey.  Given it, the
        channel runs in safe mode and refuses plaintext pushes (a forger who
        learnt the token still cannot inject a body).  ``None`` means
        plaintext mode.
    :param clock: the time source for the freshness check and reply times.
    :param max_age_seconds: how far a request's ``timestamp`` may lie from
        now, either way, before it is refused as a replay or a forgery.
    :param max_bytes: the largest body accepted, checked before parsing.
    """

    name = CHANNEL_NAME

    def __init__(
        self,
        token: str,
        appid: str,
        encoding_aes_key: str | None = None,
        *,
        clock: Clock | None = None,
        max_age_seconds: int = 300,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if not token or not appid:
            raise ConfigurationError("a WeChat channel needs both the Token and the AppID")
        if max_age_seconds <= 0 or max_bytes <= 0:
            raise ConfigurationError("max_age_seconds and max_bytes must be positive")
        self._token = token
        self._cipher = None if encoding_aes_key is None else MessageCipher(encoding_aes_key,
                                                                             appid)
        self._clock: Clock = clock or SystemClock()
        self._max_age_seconds = max_age_seconds
        self._max_bytes = max_bytes

    @property
    def safe_mode(self) -> bool:
        """True when an EncodingAESKey is configured and bodies must be encrypted."""
        return self._cipher is not None

    def __repr__(self) -> str:
        mode = "safe" if self.safe_mode else "plaintext"
        return f"WeChatChannel(mode={mode!r}, max_age_seconds={self._max_age_seconds})"

    # --- incoming ---------------------------------------------------------------

    def verify_url(self, query: Mapping[str, str]) -> str:
        """The ``echostr`` to answer the platform's server-URL check with.

        Official Accounts sign the check with ``signature`` and send
        ``echostr`` in clear.  Where the platform encrypts the challenge
        (``msg_signature`` present, as enterprise and some safe-mode
        configurations do), it is verified against ``msg_signature`` and
        decrypted.  Raises
        :class:`~greenchannel_sdk.errors.ChannelAuthenticationError` if the
        check did not come from WeChat.
        """
        echostr = _query_value(query, "echostr")
        timestamp, nonce = self._fresh_timestamp(query), _query_value(query, "nonce")
        if "msg_signature" not in query:
            self._check_signature(query, timestamp, nonce)
            return echostr
        cipher = self._require_cipher("an encrypted echostr")
        self._check_sealed_signatures(query, timestamp, nonce, echostr)
        try:
            return cipher.open(echostr).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError("the decrypted echostr is not UTF-8 text",
                                  {"echostr": "not UTF-8"}) from exc

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        """Drafts from one WeChat push: one for a follower's message, none for an event.

        ``metadata`` holds the request's query parameters as WeChat sent them
        (``signature``, ``timestamp``, ``nonce``, ``openid``, and in safe mode
        ``encrypt_type`` and ``msg_signature``).  The draft's ``external_id``
        is WeChat's MsgId, identical on each of WeChat's retries, so intake
        registers a message once however often it is delivered.
        """
        if len(payload) > self._max_bytes:
            raise ValidationError("the WeChat payload is too large",
                                  {"payload": f"{len(payload)} bytes, limit {self._max_bytes}"})
        timestamp, nonce = self._fresh_timestamp(metadata), _query_value(metadata, "nonce")
        encrypt_type = metadata.get("encrypt_type", "raw")
        if encrypt_type == "aes":
            fields = self._open_sealed(payload, metadata, timestamp, nonce)
        elif encrypt_type == "raw":
            if self._cipher is not None:
                raise ChannelAuthenticationError(
                    "this WeChat channel runs in safe mode and refuses unencrypted messages"
                )
            self._check_signature(metadata, timestamp, nonce)
            fields = parse_fields(payload, what="payload")
        else:
            raise ValidationError("the WeChat request names an unknown encryption",
                                  {"encrypt_type": "expected 'aes' or 'raw'"})
        self._check_openid(fields, metadata)
        draft = draft_from_fields(fields, encrypted=encrypt_type == "aes")
        if draft is None:
            logger.debug("WeChat event %r is not a complaint; nothing registered",
                         fields.get("Event", "")[:32])
            return []
        return [draft]

    def _open_sealed(self, payload: bytes, query: Mapping[str, str], timestamp: str,
                     nonce: str) -> dict[str, str]:
        cipher = self._require_cipher("an encrypted message")
        envelope = parse_fields(payload, what="payload")
        encrypted = envelope.get("Encrypt", "")  # exactly as signed: no stripping
        if not encrypted.strip():
            raise ValidationError("the encrypted WeChat payload has no Encrypt element",
                                  {"Encrypt": "missing"})
        self._check_sealed_signatures(query, timestamp, nonce, encrypted)
        return parse_fields(cipher.open(encrypted), what="decrypted message")

    def _require_cipher(self, what: str) -> MessageCipher:
        if self._cipher is None:
            raise ChannelAuthenticationError(
                f"WeChat sent {what} but this channel has no EncodingAESKey; configure the "
                "key shown in the platform's server configuration"
            )
        return self._cipher

    def _fresh_timestamp(self, query: Mapping[str, str]) -> str:
        raw = _query_value(query, "timestamp")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            raise ValidationError("the WeChat request's timestamp is not a Unix time",
                                  {"timestamp": "expected whole seconds since 1970"})
        skew = int(raw) - self._clock.now().timestamp()
        if abs(skew) > self._max_age_seconds:
            direction = "in the future" if skew > 0 else "old"
            raise ChannelAuthenticationError(
                f"the WeChat request is {abs(int(skew))} s {direction}, beyond the allowed "
                f"{self._max_age_seconds} s: a replay, a forgery or a wrong server clock"
            )
        return raw

    def _check_signature(self, query: Mapping[str, str], timestamp: str, nonce: str) -> None:
        given = query.get("signature")
        if not given:
            raise ChannelAuthenticationError("the WeChat request is not signed (no signature)")
        if not signature_matches(given, self._token, timestamp, nonce):
            raise ChannelAuthenticationError(
                "the WeChat signature does not match: the request is forged or the Token "
                "configured here differs from the platform's"
            )

    def _check_sealed_signatures(self, query: Mapping[str, str], timestamp: str, nonce: str,
                                 encrypted: str) -> None:
        """``msg_signature`` over the ciphertext, and ``signature`` too when WeChat sent it."""
        given = query.get("msg_signature")
        if not given:
            raise ChannelAuthenticationError(
                "the encrypted WeChat request is not signed (no msg_signature)"
            )
        if not signature_matches(given, self._token, timestamp, nonce, encrypted):
            raise ChannelAuthenticationError(
                "the WeChat msg_signature does not match the encrypted body: the request "
                "is forged or altered, or the Token configured here differs"
            )
        if "signature" in query:
            self._check_signature(query, timestamp, nonce)

    @staticmethod
    def _check_openid(fields: Mapping[str, str], query: Mapping[str, str]) -> None:
        # The signed URL carries the follower's OpenID; a body naming someone
        # else was swapped in (plaintext mode does not sign the body).
        openid = query.get("openid")
        if openid and fields.get("FromUserName", "").strip() != openid:
            raise ChannelAuthenticationError(
                "the WeChat message's sender differs from the openid in the signed URL"
            )

    # --- outgoing ---------------------------------------------------------------

    def build_reply(self, to_openid: str, text: str, *, encrypt: bool,
                    from_account: str) -> bytes:
        """A passive text reply, the body of the HTTP response to WeChat's push.

        :param to_openid: the follower (the draft's ``customer.wechat_openid``).
        :param text: what the follower reads, e.g. the complaint number.
        :param encrypt: seal the reply for safe mode; needs the EncodingAESKey.
        :param from_account: the Official Account's original id (``gh_...``),
            which WeChat sent as ``ToUserName`` (the draft's
            ``metadata["ToUserName"]``).
        """
        for field, value in (("to_openid", to_openid), ("from_account", from_account)):
            if not value.strip():
                raise ValidationError("a WeChat reply needs both parties", {field: "empty"})
            check_xml_text(value, field=field)
        check_xml_text(text, field="text")
        now = int(self._clock.now().timestamp())
        reply = render_fields([("ToUserName", to_openid), ("FromUserName", from_account),
                               ("CreateTime", now), ("MsgType", "text"), ("Content", text)])
        if not encrypt:
            return reply
        if self._cipher is None:
            raise ConfigurationError("an encrypted WeChat reply needs the EncodingAESKey")
        sealed = self._cipher.seal(reply)
        nonce = str(secrets.randbelow(10**10))
        return render_fields([("Encrypt", sealed),
                              ("MsgSignature", sign(self._token, str(now), nonce, sealed)),
                              ("TimeStamp", now), ("Nonce", nonce)])


def _query_value(query: Mapping[str, str], name: str) -> str:
    """A required query parameter, exactly as sent (signatures cover the raw text)."""
    value = query.get(name, "")
    if not value:
        raise ValidationError("the WeChat request lacks a query parameter", {name: "missing"})
    return value
