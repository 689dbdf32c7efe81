"""Rendering outbox messages (S13, S23): the reader's language, the number, words not codes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from greenchannel_sdk.domain import OutboxMessage
from greenchannel_sdk.notices import NoticeRenderer, NoticeTemplates, TemplateError

NUMBER = "GC-20260302-W-HQ-000001-X"


def message(topic: str, **payload: Any) -> OutboxMessage:
    return OutboxMessage(id="m-1", complaint_id="c-1", topic=topic, notifier="log",
                         payload=payload, created_at=datetime(2026, 3, 2, tzinfo=timezone.utc))


def customer(topic: str, language: str | None, status: str = "registered") -> OutboxMessage:
    return message(topic, number=NUMBER, status=status, channel="web", language=language)


@pytest.mark.parametrize(("tag", "language", "phrase"), [
    ("zh", "zh-Hans", f"投诉编号为 {NUMBER}"),
    ("zh-CN", "zh-Hans", f"投诉编号为 {NUMBER}"),
    ("zh-Hans", "zh-Hans", f"投诉编号为 {NUMBER}"),
    ("zh-TW", "zh-Hant", f"投訴編號為 {NUMBER}"),
    ("zh_HK", "zh-Hant", f"投訴編號為 {NUMBER}"),
    ("zh-Hant-MO", "zh-Hant", f"投訴編號為 {NUMBER}"),
    ("en", "en", f"under the number {NUMBER}"),
    ("en-GB", "en", f"under the number {NUMBER}"),
])
def test_acknowledgement_in_the_customers_language(tag: str, language: str, phrase: str) -> None:
    notice = NoticeRenderer().render(customer("customer.acknowledgement", tag))
    assert notice.language == language
    assert phrase in notice.body
    assert NUMBER in notice.subject
    assert notice.number == NUMBER
    assert notice.topic == "customer.acknowledgement"


@pytest.mark.parametrize("tag", [None, "", "fr-FR"])
def test_unknown_language_falls_back_to_the_default(tag: str | None) -> None:
    assert NoticeRenderer().render(customer("customer.closure", tag)).language == "zh-Hans"
    english_bank = NoticeRenderer(default_language="en")
    assert english_bank.render(customer("customer.closure", tag)).language == "en"


def test_default_language_the_templates_lack_is_a_clear_error() -> None:
    renderer = NoticeRenderer(NoticeTemplates.from_mapping(
        {"en": {"customer.closure": "Subject: ${number}\n\nClosed.\n"}}))
    with pytest.raises(TemplateError, match=r"no language for 'fr'.*default 'zh-Hans'"):
        renderer.render(customer("customer.closure", "fr"))


def test_progress_shows_the_state_in_the_customers_words() -> None:
    """S23: the customer sees where the case stands, not an internal code."""
    renderer = NoticeRenderer()
    english = renderer.render(customer("customer.progress", "en", status="investigating"))
    chinese = renderer.render(customer("customer.progress", "zh", status="awaiting_customer"))
    assert "is now: being investigated." in english.body
    assert "等待您补充信息" in chinese.subject
    assert "investigating" not in english.body.replace("investigated", "")


def test_bank_status_labels_replace_the_builtin_ones() -> None:
    renderer = NoticeRenderer(status_labels={"en": {"investigating": "under review"}})
    notice = renderer.render(customer("customer.progress", "en", status="investigating"))
    assert "is now: under review." in notice.body


def test_state_without_label_is_shown_as_it_is() -> None:
    renderer = NoticeRenderer(status_labels={"en": {}})
    notice = renderer.render(customer("customer.progress", "en", status="investigating"))
    assert "is now: investigating." in notice.body


def sla(topic: str, **extra: Any) -> OutboxMessage:
    fields: Mapping[str, Any] = {"number": NUMBER, "clock": "first_contact", "cycle": 1,
                                 "due_at": "2026-03-03T01:00:00+00:00", "percent": None,
                                 "level": None, "became_due": "2026-03-03T01:00:00+00:00"}
    return message(topic, **{**fields, **extra})


def test_staff_notices_show_the_deadline_in_the_banks_zone() -> None:
    notice = NoticeRenderer().render(sla("sla.warning", percent=75))
    assert notice.language == "zh-Hans"
    assert notice.subject == f"[时限预警] 投诉 {NUMBER}:first_contact 已用 75%"
    assert "将于 2026-03-03 09:00 (Asia/Shanghai) 到期" in notice.body
    london = NoticeRenderer(staff_language="en", timezone="Europe/London")
    breach = london.render(sla("sla.breach"))
    assert "ended at 2026-03-03 01:00 (Europe/London)" in breach.body


def test_staff_language_is_independent_of_the_customers() -> None:
    renderer = NoticeRenderer(default_language="zh-Hant", staff_language="en")
    assert renderer.render(sla("sla.escalation", level=2)).subject == \
        f"[Escalated] {NUMBER}: level 2"
    assert renderer.render(customer("customer.closure", None)).language == "zh-Hant"


def test_bank_constants_are_available_to_its_templates() -> None:
    templates = NoticeTemplates.from_mapping({"en": {
        "customer.closure": "Subject: ${bank_name}: ${number}\n\nCall ${hotline}.\n"}})
    renderer = NoticeRenderer(templates, default_language="en",
                              variables={"bank_name": "Example Bank", "hotline": "95555"})
    notice = renderer.render(customer("customer.closure", "en"))
    assert (notice.subject, notice.body) == (f"Example Bank: {NUMBER}", "Call 95555.\n")


def test_unknown_topic_is_a_clear_error() -> None:
    with pytest.raises(TemplateError, match=r"no 'en' template for topic 'customer\.reminder'"):
        NoticeRenderer().render(customer("customer.reminder", "en"))


def test_subject_is_always_one_line() -> None:
    templates = NoticeTemplates.from_mapping(
        {"en": {"customer.closure": "Subject: ${number} ${status}\n\nx\n"}})
    notice = NoticeRenderer(templates).render(
        message("customer.closure", number="N", status="a\r\nBcc: x", language="en"))
    assert "\n" not in notice.subject
    assert "\r" not in notice.subject


def test_a_language_the_bank_adds_is_picked_for_its_regional_tags(tmp_path: Path) -> None:
    (tmp_path / "ms").mkdir()
    (tmp_path / "ms" / "customer.closure.txt").write_text(
        "Subject: Aduan ${number} ditutup\n\nTerima kasih.\n", "utf-8")
    renderer = NoticeRenderer(NoticeTemplates.for_bank(tmp_path))
    notice = renderer.render(customer("customer.closure", "ms-MY"))
    assert (notice.language, notice.subject) == ("ms", f"Aduan {NUMBER} ditutup")
