"""The content model of a board paper (issue 13): one plain data structure, three renderers.

A report builder (``attraktiv.reports.builders``) reads the database once and returns a
``Report``; the renderers (``attraktiv.reports.render``) turn the same ``Report`` into PDF
(Typst), Word (python-docx), Excel (xlsxwriter) and the HTML the Rapporter page previews.
Nothing here imports Django, so a renderer never reaches back into the database, and a
locked follow-up round rendered twice gives the same paper.

Values stay typed (numbers as numbers, dates as dates) until a renderer shows them:
``Column.kind`` says how, and ``shown`` is the one Swedish presentation every text renderer
uses (``26 900 Tkr``, ``64,61 år``, ``7,3 %``, ``2024-05-17``), while the Excel renderer keeps
the number and gives the cell a Swedish number format instead.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from attraktiv.formatting import (
    MISSING,
    format_date,
    format_number,
    format_percent,
    format_tkr,
    format_years,
)

# text: as given; number: grouped, ``decimals`` places; percent: ``7,3 %``; tkr: ``26 900 Tkr``;
# years: ``64,61 år`` (an age or a length of service); year: a calendar year, ``2018``, not
# grouped; date: ``2024-05-17``.
ValueKind = Literal["text", "number", "percent", "tkr", "years", "year", "date"]


@dataclass(frozen=True)
class Hidden:
    """A cell withheld by the disclosure rules (hr-data.md §3.7, the law's rule for the
    annual report's sick leave): shown as ``reason`` (e.g. "färre än 5"), never as a figure
    and never as an empty cell."""

    reason: str


Value = str | int | float | Decimal | datetime.date | Hidden | None


@dataclass(frozen=True)
class Column:
    """A table column: its heading, how its values read, and with how many decimals.

    A ``percent`` value is in percent, as the indicators give it: ``7.3`` reads ``7,3 %``
    (the Excel renderer stores ``0.073`` under the format ``0.0 %``, Excel's own percent, so
    a sum or a product of cells still means what it says). ``tkr`` values are thousands of
    kronor (``26900`` reads ``26 900 Tkr``).
    """

    title: str
    kind: ValueKind = "text"
    decimals: int = 0

    @property
    def numeric(self) -> bool:
        """Whether the column holds figures (set right-aligned, stored as numbers)."""
        return self.kind not in ("text", "date")


@dataclass(frozen=True)
class Table:
    """A real table: a caption (also the Excel sheet's name, shortened), columns, rows of
    typed values, and notes printed under it. The last ``total_rows`` rows are totals
    (bold in every format)."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    total_rows: int = 0
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Tabellen {self.caption!r}: rad {number} har {len(row)} värden "
                    f"men tabellen {len(self.columns)} kolumner"
                )


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``style``: ``body``; ``lead`` (an introduction); ``decision`` (the draft
    decision sentence, set apart); ``note`` (small print). ``footnote`` is placed at the end
    of the paragraph as a real footnote where the format has them."""

    text: str
    style: Literal["body", "lead", "decision", "note"] = "body"
    footnote: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """A short list of labelled facts (label: value), e.g. a goal's assessment and who made
    it, or a recommendation's number and status."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Chart:
    """A chart as the web page draws it: the same Vega-Lite spec (``attraktiv.core.charts``),
    rendered to SVG for the PDF and the page and to PNG for Word; ``alt_text`` describes what
    it shows for a reader who cannot see it (it is also the PDF's /Alt)."""

    spec: dict[str, Any]
    alt_text: str
    caption: str = ""


Block = Paragraph | BulletList | Facts | Table | Chart


@dataclass(frozen=True)
class Section:
    """A heading with its blocks, then its subsections (one level deeper each time)."""

    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class FrontPage:
    """What every paper's front page carries (issue 13 §3)."""

    organisation: str
    title: str
    subtitle: str
    date: datetime.date
    decision_body: str
    diarienummer: str = ""

    def facts(self) -> tuple[tuple[str, str], ...]:
        """The labelled lines under the title: the date, the diarienummer (a line to write
        it on while it has none) and the body that decides."""
        return (
            ("Datum", format_date(self.date)),
            ("Dnr", self.diarienummer or "______"),
            ("Beslutsinstans", self.decision_body),
        )


@dataclass(frozen=True)
class Provenance:
    """What the footer of every page says: the source import, the plan version and when the
    paper was generated."""

    source_import: str
    plan_version: str
    generated_at: datetime.datetime

    def lines(self) -> tuple[tuple[str, str], ...]:
        """The footer's labelled parts; the time in Swedish local time when it is aware."""
        moment = self.generated_at
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
        return (
            ("Källa", self.source_import),
            ("Planversion", self.plan_version),
            ("Skapad", moment.strftime("%Y-%m-%d %H:%M")),
        )

    def footer(self) -> str:
        """The provenance as one line: ``Källa: … · Planversion: … · Skapad: …``."""
        return " · ".join(f"{label}: {value}" for label, value in self.lines() if value)


@dataclass(frozen=True)
class Report:
    kind: str
    front: FrontPage
    provenance: Provenance
    sections: tuple[Section, ...]
    language: str = "sv"
    # Author shown in the document properties (PDF /Author, Word core properties).
    author: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def tables(self) -> Iterator[Table]:
        """Every table in reading order (the Excel renderer gives each its own sheet)."""
        for section in self.sections:
            yield from _tables(section)

    def charts(self) -> Iterator[Chart]:
        for section in self.sections:
            yield from _charts(section)


def _tables(section: Section) -> Iterator[Table]:
    for block in section.blocks:
        if isinstance(block, Table):
            yield block
    for subsection in section.subsections:
        yield from _tables(subsection)


def _charts(section: Section) -> Iterator[Chart]:
    for block in section.blocks:
        if isinstance(block, Chart):
            yield block
    for subsection in section.subsections:
        yield from _charts(subsection)


def shown(value: Value, column: Column) -> str:
    """The one Swedish presentation of a table value in text formats (PDF, Word, HTML)."""
    if isinstance(value, Hidden):
        return value.reason
    if value is None:
        return MISSING
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, str):
        return value
    if column.kind == "percent":
        return format_percent(value, column.decimals)
    if column.kind == "tkr":
        return format_tkr(value)
    if column.kind == "years":
        return format_years(value, column.decimals)
    if column.kind == "year":
        return str(int(value))
    if column.kind == "number":
        return format_number(value, column.decimals)
    return str(value)


# C0 and C1 control characters other than the line break: nothing to print, refused by
# XML (Word) and by PDF/A (no glyph), shown as boxes by a browser.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(value: Any) -> Any:
    """``value`` (a report or any part of it) with every text cleaned of control characters
    (a tab becomes a space, a line break stays); the charts' specs are left as they are.
    Each renderer starts from ``printable(report)``."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\t", " "))
    if isinstance(value, tuple):
        return tuple(printable(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            part.name: printable(getattr(value, part.name))
            for part in dataclasses.fields(value)
            if part.init
        }
        return dataclasses.replace(value, **changes)
    return value
