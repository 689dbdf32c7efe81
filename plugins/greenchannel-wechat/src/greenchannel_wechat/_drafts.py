"""Turning the fields of one WeChat message into a complaint draft (S1).

WeChat pushes two kinds of document: *messages* a follower typed or sent
(``text``, ``image``, ``voice``, ``video``, ``shortvideo``) and *events*
(``subscribe``, menu clicks, ...).  A message becomes one
:class:`~greenchannel_sdk.domain.ChannelDraft`; an event is not a
complaint and becomes nothing.  Media are not downloaded here: the draft
carries WeChat's ``MediaId`` as the attachment reference, and the bank
fetches the bytes through the platform's media API when it needs them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from greenchannel_sdk.domain import Attachment, ChannelDraft, CustomerIdentity
from greenchannel_sdk.errors import ValidationError

__all__ = ["CHANNEL_NAME", "draft_from_fields", "guess_language"]

CHANNEL_NAME = "wechat"

# WeChat's MsgId is a 64-bit integer; allow a little slack but nothing that
# could smuggle separators or markup into an id the SDK stores and indexes.
_MSG_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_LATEST_CREATE_TIME = 4_102_444_800  # 2100-01-01: anything later is not a real CreateTime
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN = re.compile("[A-Za-z]")
#: What a message reader returns: the complaint text, attachments, extra metadata.
_Reading = tuple[str, tuple[Attachment, ...], dict[str, str]]
_VOICE_TYPES = {"amr": "audio/amr", "speex": "audio/speex", "mp3": "audio/mpeg"}


def guess_language(text: str) -> str | None:
    """``"zh"``, ``"en"`` or ``None``: a cheap hint for triage, not a classifier.

    One Chinese character carries about as much as a short English word of
    four letters, so text is Chinese when its CJK characters are at least a
    quarter of its Latin letters ("ATM 吞卡了" is Chinese), English when it
    has Latin letters and (almost) no CJK, and unknown otherwise (digits,
    emoji, empty).
    """
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk and cjk * 4 >= latin:
        return "zh"
    if latin:
        return "en"
    return None


def _required(fields: Mapping[str, str], name: str) -> str:
    value = fields.get(name, "").strip()
    if not value:
        raise ValidationError("the WeChat message lacks a required field", {name: "missing"})
    return value


def _received_at(fields: Mapping[str, str]) -> datetime:
    raw = _required(fields, "CreateTime")
    if not raw.isascii() or not raw.isdigit() or int(raw) >= _LATEST_CREATE_TIME:
        raise ValidationError("the WeChat message has an unusable CreateTime",
                              {"CreateTime": "not a Unix time in seconds"})
    return datetime.fromtimestamp(int(raw), tz=timezone.utc)


def _external_id(msg_id: str, fields: Mapping[str, str], openid: str) -> str:
    """MsgId when WeChat gave one, else a digest of sender and send time.

    Both are the same on every redelivery of a message, which is what lets
    intake drop WeChat's retries.  The fallback is hashed because the OpenID
    is personal data (S20) and external ids are stored in clear for lookup.
    """
    if msg_id:
        if not _MSG_ID.fullmatch(msg_id):
            raise ValidationError("the WeChat message has an unusable MsgId",
                                  {"MsgId": "not a WeChat message id"})
        return msg_id
    digest = hashlib.sha256(f"{openid}\x00{_required(fields, 'CreateTime')}".encode())
    return "from-time-" + digest.hexdigest()[:32]


def _media(fields: Mapping[str, str], content_type: str) -> Attachment:
    """An attachment standing for a WeChat media file not yet downloaded (size 0 = unknown)."""
    media_id = _required(fields, "MediaId")
    return Attachment(filename=f"wechat-{media_id}", content_type=content_type, size=0,
                      reference=f"wechat-media:{media_id}")


def _text(fields: Mapping[str, str]) -> _Reading:
    content = fields.get("Content", "")
    if not content.strip():
        raise ValidationError("the WeChat text message is empty", {"Content": "missing"})
    return content, (), {}


def _image(fields: Mapping[str, str]) -> _Reading:
    extra = {"PicUrl": fields["PicUrl"].strip()} if fields.get("PicUrl", "").strip() else {}
    return "", (_media(fields, "image/jpeg"),), extra


def _voice(fields: Mapping[str, str]) -> _Reading:
    audio_format = fields.get("Format", "").strip().lower()
    content_type = _VOICE_TYPES.get(audio_format, "application/octet-stream")
    # Recognition is WeChat's own speech-to-text, present only when the
    # account enabled it; without it the complaint text is in the audio.
    return fields.get("Recognition", "").strip(), (_media(fields, content_type),), {}


def _video(fields: Mapping[str, str]) -> _Reading:
    thumb = fields.get("ThumbMediaId", "").strip()
    return "", (_media(fields, "video/mp4"),), ({"ThumbMediaId": thumb} if thumb else {})


_MESSAGE_READERS: dict[str, Callable[[Mapping[str, str]], _Reading]] = {
    "text": _text,
    "image": _image,
    "voice": _voice,
    "video": _video,
    "shortvideo": _video,
}


def draft_from_fields(fields: Mapping[str, str], *, encrypted: bool) -> ChannelDraft | None:
    """The draft for one WeChat document's fields, or ``None`` for an event.

    ``encrypted`` records in the draft's metadata whether the message came
    through safe mode, so an auditor can tell how it was protected in transit.
    Raises :class:`~greenchannel_sdk.errors.ValidationError` for a missing
    field or a message type this channel does not take.
    """
    msg_type = _required(fields, "MsgType")
    openid = _required(fields, "FromUserName")
    if msg_type == "event":
        _required(fields, "Event")
        return None
    reader = _MESSAGE_READERS.get(msg_type)
    if reader is None:
        raise ValidationError(
            "the WeChat message type is not one this channel turns into complaints",
            {"MsgType": f"{msg_type[:32]!r} is not one of {', '.join(sorted(_MESSAGE_READERS))}"},
        )
    received_at = _received_at(fields)
    msg_id = fields.get("MsgId", "").strip()
    external_id = _external_id(msg_id, fields, openid)
    text, attachments, extra = reader(fields)
    metadata = {
        "ToUserName": _required(fields, "ToUserName"),
        "MsgType": msg_type,
        "encrypted": "true" if encrypted else "false",
        **extra,
    }
    if msg_id:
        metadata["MsgId"] = msg_id
    return ChannelDraft(
        channel=CHANNEL_NAME,
        external_id=external_id,
        received_at=received_at,
        text=text,
        customer=CustomerIdentity(wechat_openid=openid),
        attachments=attachments,
        language=guess_language(text),
        metadata=metadata,
    )
