"""Horizontal bar charts as inline SVG, with no charting library.

A review meeting opens one HTML file, often on a locked-down laptop: the
charts must need no script, no network and no extra package.  A grouped
horizontal bar chart covers what the report shows (counts per category,
p50 beside p90, this period beside the last).  All text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["bar_chart"]

_PALETTE = ("#2f6f9f", "#e0902f", "#5a9e5a", "#b04a4a")
_LABEL_WIDTH = 210
_PLOT_WIDTH = 420
_BAR = 14
_GAP = 8
_LEGEND = 22


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def bar_chart(title: str, labels: Sequence[str],
              series: Sequence[tuple[str, Sequence[float | None]]]) -> str:
    """An SVG grouped bar chart: one group per label, one bar per series.

    Missing values (``None``) draw no bar; the scale is the largest value.
    """
    largest = max((v for _, values in series for v in values if v is not None), default=0.0)
    scale = _PLOT_WIDTH / largest if largest > 0 else 0.0
    group = len(series) * _BAR + _GAP
    height = _LEGEND + len(labels) * group + _GAP
    width = _LABEL_WIDTH + _PLOT_WIDTH + 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{escape(title)}</title>"]
    for i, (name, _) in enumerate(series):
        x = _LABEL_WIDTH + i * 140
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{_PALETTE[i % 4]}"/>'
                     f'<text x="{x + 16}" y="14" font-size="12">{escape(name)}</text>')
    for row, label in enumerate(labels):
        top = _LEGEND + row * group
        parts.append(f'<text x="{_LABEL_WIDTH - 6}" y="{top + len(series) * _BAR / 2 + 4}" '
                     f'font-size="12" text-anchor="end">{escape(label)}</text>')
        for i, (_, values) in enumerate(series):
            value = values[row]
            if value is None:
                continue
            y = top + i * _BAR
            length = max(value * scale, 1.0 if value else 0.0)
            parts.append(f'<rect class="bar" x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                         f'height="{_BAR - 2}" fill="{_PALETTE[i % 4]}"/>'
                         f'<text x="{_LABEL_WIDTH + length + 4:.1f}" y="{y + _BAR - 4}" '
                         f'font-size="11">{_number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
