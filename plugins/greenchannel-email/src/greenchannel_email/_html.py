"""HTML-only mail bodies as plain text.

Many webmail clients and phone apps send complaints as HTML with no
``text/plain`` alternative.  Handlers read text, classifiers match words, so
the markup goes: block elements become line breaks, list items get a dash,
``<script>``/``<style>`` content disappears, entities are resolved.  The
stdlib parser gives up on some broken markup (it raises on an unknown
``<![...`` section), so such input falls back to stripping tags crudely:
the words of a complaint matter more than its layout.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
    "tbody", "thead", "tr", "ul",
})
_HIDDEN_TAGS = frozenset({"head", "script", "style", "template", "title"})
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK_TAGS and tag != "li":
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.pieces.append(data)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """The readable text of an HTML document or fragment; never raises."""
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except AssertionError:  # html.parser's verdict on markup it cannot parse
        return _tidy(html.unescape(_TAG.sub(" ", markup)))
    return _tidy("".join(collector.pieces))
