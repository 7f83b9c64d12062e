"""The renderers of the content model (``attraktiv.reports.content``): one module per format,
each with ``render(report) -> bytes``. This is the one entry point; callers name a format."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from attraktiv.reports.content import Report


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
