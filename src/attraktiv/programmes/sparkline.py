"""A sparkline: a tiny inline SVG of an indicator's values over the years (pages.md).

Too small for a chart spec and its renderer, it is drawn directly: one polyline scaled to
the values' range, the last value marked. It is an image with a text alternative naming the
first and last year; the table beside it has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 80, 20, 2


def sparkline_svg(points: Sequence[tuple[int, float | None]], name: str) -> SafeString | str:
    """An SVG polyline of (year, value); hidden values leave the line out; "" if < 2 values."""
    known = [(year, value) for year, value in points if value is not None]
    if len(known) < 2:
        return ""
    years = [year for year, _value in known]
    values = [value for _year, value in known]
    low, high = min(values), max(values)
    span_x = (max(years) - min(years)) or 1
    span_y = (high - low) or 1

    def x(year: int) -> float:
        return PAD + (year - min(years)) / span_x * (WIDTH - 2 * PAD)

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / span_y * (HEIGHT - 2 * PAD)

    path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in known)
    label = _("%(name)s %(first)s–%(last)s") % {
        "name": name,
        "first": years[0],
        "last": years[-1],
    }
    last_year, last_value = known[-1]
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" '
        'points="{}"/><circle cx="{}" cy="{}" r="2" fill="currentColor"/></svg>',
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        path,
        f"{x(last_year):.1f}",
        f"{y(last_value):.1f}",
    )
