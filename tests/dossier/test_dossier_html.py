"""The dossier page: escaped, complete, bilingual, printable, self-contained."""

from __future__ import annotations

from html.parser import HTMLParser

from dossier_helpers import AUDITOR, LEAD, PHONE, whole_lifecycle

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.dossier import render_dossier_html
from greenchannel_sdk.testing import FrozenClock, make_draft

HOSTILE = "<img src=x onerror=alert(1)> & \"quoted\" </td></table>"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_hostile_text_is_escaped_everywhere(sdk: GreenChannel, clock: FrozenClock) -> None:
    result = sdk.intake(make_draft(HOSTILE, subject=HOSTILE))
    assert result.complaint is not None
    number = result.complaint.number
    sdk.add_note(number, LEAD, text=HOSTILE, evidence=(HOSTILE,))
    page = render_dossier_html(sdk.export_dossier(number, LEAD))
    parsed = _parse(page)
    assert "img" not in parsed.tags
    assert "script" not in parsed.tags
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # text, subject, note...
    assert HOSTILE in "".join(parsed.text)  # ...and the reader sees exactly what was written


def test_the_page_shows_every_section_and_every_event(sdk: GreenChannel,
                                                      clock: FrozenClock) -> None:
    number = whole_lifecycle(sdk, clock)
    dossier = sdk.export_dossier(number, LEAD)
    page = render_dossier_html(dossier)
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh">' in page
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page
    assert "http" not in page
    assert "@media print" in page
    for anchor in ("complaint", "assignments", "communications", "accountability", "closures",
                   "surveys", "clocks", "links", "events"):
        assert f'<section id="{anchor}">' in page
    assert "Audit events 審計記錄" in page  # bilingual headings
    event_rows = page.split('<section id="events">')[1].count("<tr>") - 1  # minus the header
    assert event_rows == len(dossier.events)
    text = "".join(parsed.text)
    assert "fraud rule missed" in text
    assert "card_centre" in text
    assert "txn-1" in text
    assert PHONE in text  # decrypted for the lead


def test_the_masked_page_shows_no_personal_data(sdk: GreenChannel, clock: FrozenClock) -> None:
    number = whole_lifecycle(sdk, clock)
    page = render_dossier_html(sdk.export_dossier(number, AUDITOR))
    assert PHONE not in page
    assert "王小明" not in page
    assert "139****5678" in page
    assert "Personal data masked" in page
