"""Notice templates (S13, S23): the shipped set is complete, a bank can replace it.

Every problem with a template is an error that names the file and what to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenchannel_sdk.notices import (
    CUSTOMER_TOPICS,
    STAFF_TOPICS,
    NoticeTemplate,
    NoticeTemplates,
    TemplateError,
)

LANGUAGES = ("zh-Hans", "zh-Hant", "en")


def write(root: Path, language: str, topic: str, text: str) -> None:
    folder = root / language
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{topic}.txt").write_text(text, "utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_builtin_set_covers_every_topic_in_every_language(language: str) -> None:
    assert NoticeTemplates.builtin().topics(language) == {*CUSTOMER_TOPICS, *STAFF_TOPICS}


def test_every_builtin_customer_template_names_the_complaint_number() -> None:
    """S23: whatever the customer is told, the number to quote comes with it."""
    templates = NoticeTemplates.builtin()
    for language in LANGUAGES:
        for topic in CUSTOMER_TOPICS:
            template = templates.get(language, topic)
            assert "${number}" in template.subject.template, (language, topic)
            assert "${number}" in template.body.template, (language, topic)


def test_parse_reads_subject_and_body() -> None:
    template = NoticeTemplate.parse("Subject: Case ${number}\n\nHello\n${number} it is.\n", "t")
    assert template.render({"number": "N-1"}, "customer.progress") == (
        "Case N-1", "Hello\nN-1 it is.\n")


def test_dollar_sign_is_written_doubled() -> None:
    template = NoticeTemplate.parse("Subject: Refund\n\nWe refund $$5 on ${number}.\n", "t")
    assert template.render({"number": "N-1"}, "customer.outcome")[1] == "We refund $5 on N-1.\n"


@pytest.mark.parametrize(("text", "problem"), [
    ("Dear customer\n\nbody\n", "first line must be 'Subject: ...'"),
    ("Subject: x\nbody straight away\n", "one blank line after the subject"),
    ("Subject: x\n", "one blank line after the subject"),
    ("Subject:   \n\nbody\n", "the subject is empty"),
    ("Subject: x\n\n   \n", "the body is empty"),
    ("Subject: x\n\nline one\nit costs $ 5\n", "bad.txt, line 4: a '$' that starts no placeholder"),
    ("Subject: x ${number\n\nbody\n", "bad.txt, line 1: a '$' that starts no placeholder"),
])
def test_malformed_template_is_refused_saying_where(text: str, problem: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(problem)):
        NoticeTemplate.parse(text, "bad.txt")


def test_missing_placeholder_names_it_and_what_is_available_but_no_values() -> None:
    template = NoticeTemplate.parse("Subject: ${number}\n\nDear ${customer_name}\n", "en/x.txt")
    with pytest.raises(TemplateError) as caught:
        template.render({"number": "GC-SECRET-VALUE", "status": "closed"}, "customer.closure")
    message = str(caught.value)
    assert "en/x.txt uses ${customer_name}" in message
    assert "'customer.closure'" in message
    assert "available: number, status" in message
    assert "GC-SECRET-VALUE" not in message


def test_bank_directory_replaces_one_template_and_keeps_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "en", "customer.acknowledgement",
          "Subject: Thank you, ${number}\n\nCall 95555 with ${number}.\n")
    templates = NoticeTemplates.builtin().replaced_by(NoticeTemplates.from_directory(tmp_path))
    replaced = templates.get("en", "customer.acknowledgement")
    assert replaced.render({"number": "N"}, "customer.acknowledgement")[1] == "Call 95555 with N.\n"
    assert templates.get("en", "customer.outcome") is NoticeTemplates.builtin().get(
        "en", "customer.outcome")


def test_bank_directory_alone_misses_topics_and_says_which_file_to_add(tmp_path: Path) -> None:
    write(tmp_path, "en", "customer.acknowledgement", "Subject: ${number}\n\nHi\n")
    templates = NoticeTemplates.from_directory(tmp_path)
    with pytest.raises(TemplateError, match=r"add en/customer\.outcome\.txt"):
        templates.get("en", "customer.outcome")


def test_error_in_a_bank_file_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "zh-Hans", "customer.outcome", "主题: ${number}\n\n正文\n")
    with pytest.raises(TemplateError, match=r"zh-Hans/customer\.outcome\.txt: the first line"):
        NoticeTemplates.from_directory(tmp_path)


def test_missing_or_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        NoticeTemplates.from_directory(tmp_path / "nowhere")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "notes.md").write_text("not a template", "utf-8")
    with pytest.raises(TemplateError, match=r"expected files named <language>/<topic>\.txt"):
        NoticeTemplates.from_directory(tmp_path)


def test_templates_from_a_mapping() -> None:
    templates = NoticeTemplates.from_mapping(
        {"en": {"customer.closure": "Subject: Closed ${number}\n\nDone.\n"}})
    assert templates.languages == {"en"}
    assert templates.get("en", "customer.closure").render(
        {"number": "N"}, "customer.closure")[0] == "Closed N"
    with pytest.raises(TemplateError, match=r"mapping:en/customer\.survey"):
        NoticeTemplates.from_mapping({"en": {"customer.survey": "no subject line\n\nx\n"}})


def test_for_bank_layers_a_directory_over_the_builtin_set(tmp_path: Path) -> None:
    assert NoticeTemplates.for_bank(None).languages == NoticeTemplates.builtin().languages
    write(tmp_path, "ms", "customer.acknowledgement", "Subject: Aduan ${number}\n\nTerima kasih.\n")
    templates = NoticeTemplates.for_bank(tmp_path)
    assert templates.languages == {"en", "zh-Hans", "zh-Hant", "ms"}
    assert templates.topics("en") == NoticeTemplates.builtin().topics("en")
