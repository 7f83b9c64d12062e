"""A report as HTML (issue 13 §1): the fragment ``reports/report.html`` that the Rapporter
page previews (``context``), and ``render``, the same fragment in a standalone accessible
document (``<html lang="sv">``) to download.

Headings follow the sections' depth under the title; tables have a caption and ``<th
scope>``, numbers right-aligned by class; a chart is the web page's inline SVG with
``role="img"`` and the chart's text alternative as its ``aria-label``. There is no inline
script and no style attribute (the product's Content-Security-Policy): the layout is
classes in ``reports/report.css``, which the standalone document carries in its head.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from attraktiv.core.charts import to_svg
from attraktiv.reports.content import (
    BulletList,
    Chart,
    Facts,
    Hidden,
    Paragraph,
    Report,
    Section,
    Table,
    printable,
    shown,
)
from attraktiv.reports.render import draw_charts

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


@dataclass
class _Cell:
    text: str
    numeric: bool
    hidden: bool


@dataclass
class _Part:
    """A section flattened for the template: its heading level (2–6), heading and blocks."""

    level: int
    heading: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def context(report: Report, *, top: int = 1) -> dict[str, Any]:
    """What ``reports/report.html`` shows: the front page, the sections in reading order
    and the footnotes. ``top`` is the title's heading level (2 inside a page that has its
    own ``<h1>``); sections go one level deeper each, at most ``<h6>``."""
    report = printable(report)
    footnotes: list[str] = []
    parts: list[_Part] = []
    svgs = draw_charts(report, to_svg)

    def walk(section: Section, level: int) -> None:
        part = _Part(min(level, 6), section.heading)
        parts.append(part)
        for block in section.blocks:
            part.blocks.append(_block(block, footnotes, svgs))
        for subsection in section.subsections:
            walk(subsection, level + 1)

    for section in report.sections:
        walk(section, top + 1)
    return {
        "front": report.front,
        "title_level": top,
        "facts": report.front.facts(),
        "provenance": report.provenance.lines(),
        "parts": parts,
        "footnotes": footnotes,
        "footnote_level": min(top + 1, 6),
    }


def _block(block: object, footnotes: list[str], svgs: dict[int, str]) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        number = 0
        if block.footnote:
            footnotes.append(block.footnote)
            number = len(footnotes)
        return {"kind": "paragraph", "text": block.text, "style": block.style, "note": number}
    if isinstance(block, BulletList):
        return {"kind": "list", "items": block.items}
    if isinstance(block, Facts):
        return {"kind": "facts", "pairs": block.pairs}
    if isinstance(block, Table):
        first_total = len(block.rows) - block.total_rows
        return {
            "kind": "table",
            "caption": block.caption,
            "columns": block.columns,
            "rows": [
                {
                    "total": index >= first_total,
                    "cells": [
                        _Cell(shown(value, column), column.numeric, isinstance(value, Hidden))
                        for value, column in zip(row, block.columns, strict=True)
                    ],
                }
                for index, row in enumerate(block.rows)
            ],
            "notes": block.notes,
        }
    if isinstance(block, Chart):
        return {
            "kind": "chart",
            "svg": svgs[id(block)],
            "alt": block.alt_text,
            "caption": block.caption,
        }
    raise TypeError(f"Okänt innehåll i rapporten: {type(block).__name__}")  # pragma: no cover


def render(report: Report) -> bytes:
    """``report`` as a standalone HTML document."""
    return render_to_string(
        "reports/document.html",
        {"report": context(report), "stylesheet": STYLESHEET.read_text(encoding="utf-8")},
    ).encode()
