"""Bodies and attachments: plain text preferred, HTML-only turned to text,
attachments described with size and SHA-256 (S1, S10, S16)."""

from __future__ import annotations

import hashlib

from greenchannel_email import EmailChannel

from .conftest import FixedClock, sample


def test_multipart_prefers_plain_text_and_describes_each_attachment(
    channel: EmailChannel,
) -> None:
    (draft,) = channel.parse(sample("multipart_attachments.eml"), {})
    assert draft.text == "转账失败但钱已扣，附上对账单和截图。"
    pdf, png = draft.attachments
    assert (pdf.filename, pdf.content_type) == ("statement.pdf", "application/pdf")
    expected_pdf = b"%PDF-1.4\n% fake statement for tests\n%%EOF\n"
    assert pdf.size == len(expected_pdf)
    assert pdf.sha256 == hashlib.sha256(expected_pdf).hexdigest()
    assert (png.filename, png.content_type) == ("交易截图.png", "image/png")
    assert png.reference is None


def test_html_only_body_is_turned_into_readable_text(channel: EmailChannel) -> None:
    (draft,) = channel.parse(sample("html_only.eml"), {})
    assert draft.text == "ATM 吞卡了\n\n- 地点：人民路支行\n- 时间：12月3日"
    assert "track()" not in draft.text
    assert "color" not in draft.text


def test_broken_markup_still_yields_its_words(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           + "<![if mso]><p>卡被吞&amp;无人处理<!-- note <p> --></p><b attr='x".encode())
    (draft,) = channel.parse(raw, {})
    assert draft.text == "卡被吞&无人处理"


def test_markup_crafted_to_stall_html_parsers_is_read_in_one_pass(channel: EmailChannel) -> None:
    # html.parser needs about 25 s for 32 KiB of this; 20 times as much must not stall intake
    raw = (b"From: a@example.cn\r\nContent-Type: text/html\r\n\r\n"
           + b"<a " * 200_000 + "><p>投诉".encode())
    (draft,) = channel.parse(raw, {})
    assert draft.text == "投诉"


def test_attachment_store_receives_the_bytes_and_its_reference_is_kept() -> None:
    stored: list[tuple[str, str, bytes]] = []

    def store(filename: str, content_type: str, data: bytes) -> str:
        stored.append((filename, content_type, data))
        return f"vault://{len(stored)}"

    channel = EmailChannel(clock=FixedClock(), store_attachment=store)
    (draft,) = channel.parse(sample("multipart_attachments.eml"), {})
    assert [a.reference for a in draft.attachments] == ["vault://1", "vault://2"]
    assert stored[0][2].startswith(b"%PDF-1.4")
    assert stored[1][:2] == ("交易截图.png", "image/png")


def test_attachment_alone_is_enough_for_a_complaint(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nContent-Type: application/pdf\r\n"
           b"Content-Disposition: attachment; filename=letter.pdf\r\n\r\n%PDF-1.4")
    (draft,) = channel.parse(raw, {})
    assert draft.text == ""
    assert draft.attachments[0].filename == "letter.pdf"
