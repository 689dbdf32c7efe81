"""Notices: the words sent to customers and staff, rendered from outbox messages (S13, S23).

Commands queue :class:`~greenchannel_sdk.domain.OutboxMessage` rows with a
topic and a small payload; a notifier renders them with a
:class:`NoticeRenderer` (built-in templates in zh-Hans, zh-Hant and en, or a
bank's own) and looks the recipient up with a :data:`RecipientLookup` at send
time.  See ``docs/notifications.md``.
"""

from __future__ import annotations

from .labels import STATUS_LABELS
from .languages import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE, language_candidates
from .plugin import NotifierPlugin
from .recipients import RecipientAware, RecipientLookup, Recipients
from .render import Notice, NoticeRenderer
from .templates import NoticeTemplate, NoticeTemplates, TemplateError
from .topics import CUSTOMER_TOPICS, STAFF_TOPICS, is_customer_topic

__all__ = [
    "CUSTOMER_TOPICS",
    "SIMPLIFIED_CHINESE",
    "STAFF_TOPICS",
    "STATUS_LABELS",
    "TRADITIONAL_CHINESE",
    "Notice",
    "NoticeRenderer",
    "NoticeTemplate",
    "NoticeTemplates",
    "NotifierPlugin",
    "RecipientAware",
    "RecipientLookup",
    "Recipients",
    "TemplateError",
    "is_customer_topic",
    "language_candidates",
]
