"""The renderers of the content model (``attraktiv.reports.content``): one module per format,
each with ``render(report) -> bytes``. This is the one entry point; callers name a format."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from attraktiv.reports.content import Chart, Report

Picture = TypeVar("Picture")


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    suffix: str
    content_type: str


FORMATS: dict[str, Format] = {
    format.name: format
    for format in (
        Format("pdf", "PDF", ".pdf", "application/pdf"),
        Format(
            "docx",
            "Word",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format(
            "xlsx",
            "Excel",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format("html", "HTML", ".html", "text/html; charset=utf-8"),
    )
}


def render(report: Report, format_name: str) -> bytes:
    """``report`` as a file in ``format_name`` (a key of ``FORMATS``)."""
    if format_name not in FORMATS:
        raise ValueError(f"Okänt format {format_name!r}; välj {', '.join(FORMATS)}")
    module = importlib.import_module(f"attraktiv.reports.render.{format_name}")
    return module.render(report)


def draw_charts(report: Report, draw: Callable[[dict], Picture]) -> dict[int, Picture]:
    """Every chart of ``report`` drawn by ``draw`` (``core.charts.to_svg`` or ``to_png``),
    keyed by the chart's ``id``. vl-convert works outside the GIL, so the charts are drawn
    side by side: most of a long paper's time is its charts."""
    charts: list[Chart] = list(report.charts())
    if not charts:
        return {}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        pictures = pool.map(lambda chart: draw(chart.spec), charts)
        return {id(chart): picture for chart, picture in zip(charts, pictures, strict=True)}
