"""Charts: one Altair (Vega-Lite) spec serves the web page (SVG), PDF and Word.

Specs are rendered to SVG or PNG by vl-convert, offline, with Swedish number and date
formats (decimal comma, no-break space between thousands), so a chart reads like the
tables around it. Each chart comes with a text alternative for screen readers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert

ACCENT = "#00528f"
SECOND = "#b35900"  # 4.6:1 on white, distinguishable from the accent for colour-blind readers
TEXT = "#1d2329"
FONT = "DejaVu Sans, Verdana, sans-serif"

SWEDISH_NUMBERS = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
}


def base_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_axis(
            labelColor=TEXT,
            titleColor=TEXT,
            gridColor="#e3e7eb",
            domainColor="#8a949e",
            labelFontSize=12,
            titleFontSize=12,
        )
        .configure_legend(labelColor=TEXT, titleColor=TEXT, orient="bottom")
        .configure_view(stroke=None)
    )


def series_chart(
    points: Sequence[dict[str, Any]],
    *,
    unit_label: str,
    value_format: str = ",.1f",
    reference_lines: Sequence[dict[str, Any]] = (),
    width: int = 640,
    height: int = 260,
) -> dict[str, Any]:
    """A line chart of values over years, one line per series (e.g. Alla, Kvinnor, Män).

    ``points``: dicts with ``year`` (int), ``series`` (text) and ``value`` (number or None;
    a None leaves a gap). ``reference_lines``: dicts with ``label`` and ``value`` drawn as
    dashed horizontal rules (a target or a baseline).
    """
    data = alt.Data(values=[dict(point, year=str(point["year"])) for point in points])
    series_names = list(dict.fromkeys(point["series"] for point in points))
    palette = [ACCENT, SECOND, "#4d5660"][: len(series_names)] or [ACCENT]
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=50), strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=unit_label,
                axis=alt.Axis(format=value_format),
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color(
                "series:N", title=None, scale=alt.Scale(domain=series_names, range=palette)
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("series:N", title="Serie"),
                alt.Tooltip("value:Q", title=unit_label, format=value_format),
            ],
        )
    )
    layers: list[Any] = [lines]
    for line in reference_lines:
        rule = (
            alt.Chart(alt.Data(values=[line]))
            .mark_rule(strokeDash=[6, 4], color=TEXT, strokeWidth=1.5)
            .encode(y="value:Q")
        )
        label = (
            alt.Chart(alt.Data(values=[line]))
            .mark_text(align="left", dx=4, dy=-6, color=TEXT, fontSize=12)
            .encode(y="value:Q", text="label:N", x=alt.value(0))
        )
        layers += [rule, label]
    chart = alt.layer(*layers).properties(width=width, height=height)
    # The spec is built by our code from plain data: Altair's schema validation would cost
    # more than the rendering.
    return base_config(chart).to_dict(validate=False)


def pyramid_chart(rows: Sequence[dict[str, Any]], *, width: int = 300, height: int = 320):
    """An age pyramid: ``rows`` of ``age_group`` (text, youngest first), ``gender`` ("Kvinnor"
    or "Män") and ``persons``; women to the left, men to the right, one bar each.

    Both sides share one scale, from 0 to the largest group of either gender, so that a bar's
    length means the same number of persons on the left as on the right (issue 12)."""
    data = alt.Data(values=[dict(row) for row in rows])
    order = list(dict.fromkeys(row["age_group"] for row in rows))[::-1]
    domain = [0, max((row["persons"] for row in rows), default=0) or 1]
    sides = []
    for gender, colour in (("Kvinnor", ACCENT), ("Män", SECOND)):
        side = (
            alt.Chart(data, title=gender)
            .transform_filter(alt.datum.gender == gender)
            .mark_bar(color=colour)
            .encode(
                y=alt.Y("age_group:N", sort=order, title="Ålder"),
                x=alt.X(
                    "persons:Q",
                    title="Personer",
                    scale=alt.Scale(domain=domain, reverse=gender == "Kvinnor"),
                    axis=alt.Axis(format=",.0f"),
                ),
                tooltip=[
                    alt.Tooltip("age_group:N", title="Ålder"),
                    alt.Tooltip("persons:Q", title=gender, format=",.0f"),
                ],
            )
            .properties(width=width // 2, height=height)
        )
        sides.append(side)
    chart = alt.hconcat(*sides, spacing=4).resolve_scale(y="shared")
    return base_config(chart).to_dict(validate=False)


def band_chart(
    points: Sequence[dict[str, Any]],
    bands: Sequence[dict[str, Any]],
    *,
    unit_label: str,
    width: int = 640,
    height: int = 260,
) -> dict[str, Any]:
    """Lines over years (``points``: ``year``, ``series``, ``value``) with a shaded band
    (``bands``: ``year``, ``low``, ``high``, e.g. P10–P90 of the supply)."""
    line_data = alt.Data(values=[dict(point, year=str(point["year"])) for point in points])
    band_data = alt.Data(values=[dict(band, year=str(band["year"])) for band in bands])
    series_names = list(dict.fromkeys(point["series"] for point in points))
    x = alt.X("year:O", title="År", axis=alt.Axis(labelAngle=0))
    band = (
        alt.Chart(band_data)
        .mark_area(opacity=0.25, color=ACCENT)
        .encode(x=x, y=alt.Y("low:Q", title=unit_label, scale=alt.Scale(zero=False)), y2="high:Q")
    )
    lines = (
        alt.Chart(line_data)
        .mark_line(point=alt.OverlayMarkDef(size=40), strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=unit_label, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=series_names, range=[ACCENT, SECOND, TEXT][: len(series_names)]
                ),
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("series:N", title="Serie"),
                alt.Tooltip("value:Q", title=unit_label, format=",.1f"),
            ],
        )
    )
    chart = alt.layer(band, lines).properties(width=width, height=height)
    return base_config(chart).to_dict(validate=False)


def bar_chart(
    rows: Sequence[dict[str, Any]], *, unit_label: str, width: int = 520, height: int = 220
) -> dict[str, Any]:
    """Grouped horizontal bars: ``rows`` of ``label``, ``series`` (e.g. "År 3", "År 10") and
    ``value`` (may be negative)."""
    data = alt.Data(values=[dict(row) for row in rows])
    series_names = list(dict.fromkeys(row["series"] for row in rows))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None),
            yOffset=alt.YOffset("series:N", sort=series_names),
            x=alt.X("value:Q", title=unit_label, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=series_names, range=[ACCENT, SECOND][: len(series_names)]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Hävstång"),
                alt.Tooltip("series:N", title="År"),
                alt.Tooltip("value:Q", title=unit_label, format=",.1f"),
            ],
        )
        .properties(width=width, height=height)
    )
    return base_config(chart).to_dict(validate=False)


@functools.lru_cache(maxsize=512)
def _series_svg(arguments: str) -> str:
    return to_svg(series_chart(**json.loads(arguments)))


def series_svg(points: Sequence[dict[str, Any]], **options: Any) -> str:
    """``series_chart`` rendered to SVG, memoised on its inputs: a page shown again with the
    same figures renders no chart (new figures give new inputs, so nothing goes stale)."""
    return _series_svg(json.dumps({"points": list(points), **options}, sort_keys=True))


def to_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec to an SVG string with Swedish number formats."""
    return vl_convert.vegalite_to_svg(spec, format_locale=SWEDISH_NUMBERS)


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec to PNG (for Word documents)."""
    return vl_convert.vegalite_to_png(spec, scale=scale, format_locale=SWEDISH_NUMBERS)
