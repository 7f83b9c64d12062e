"""A report as a PDF through Typst (issue 13 §1): tagged PDF/UA-1 and PDF/A-2b in one file,
Swedish as the document language, the shipped Source Sans 3 embedded (system fonts are not
read, so the paper is the same on every machine), a bookmark per heading, and every chart
an SVG image with its text alternative as /Alt.

The main file is generated: it imports the layout (``reports/typst/board-paper.typ``) and
calls its functions with the report's content. Every text goes in as a Typst string literal
(``typst_string``), which Typst never reads as markup, so ``#``, ``*``, ``$`` or ``//`` in a
comment print as they are. The charts' SVG travels in ``sys.inputs``, not in the source.
The creation date is the report's ``generated_at``, so one report renders to the same bytes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typst

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

if TYPE_CHECKING:
    from typst import PDFStandard

TYPST_DIR = Path(__file__).resolve().parent.parent / "typst"
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# PDF/UA-1 (accessible: tagged, with language, titles and alt text) and PDF/A-2b (fit to
# archive); Typst checks both while it writes and refuses a document that breaks either.
PDF_STANDARDS: list[PDFStandard] = ["ua-1", "a-2b"]


def typst_string(text: str) -> str:
    """``text`` as a Typst string literal: a backslash and a double quote escaped, a line
    break as ``\\n`` (Typst reference, "str": escape sequences). A string is shown as it
    is, never parsed as markup or code. (``render`` has left out the control characters
    first, ``content.printable``: PDF/A refuses a character without a glyph.)"""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r").replace("\n", "\\n") + '"'


def _array(items: Iterable[str]) -> str:
    """A Typst array of the given code expressions; one element needs the trailing comma."""
    items = list(items)
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _pair(label: str, value: str) -> str:
    return _array((typst_string(label), typst_string(value)))


class _Source:
    """The generated main file and the charts' SVG it refers to."""

    def __init__(self, svgs: dict[int, str]) -> None:
        self.lines: list[str] = []
        self.inputs: dict[str, str] = {}
        self.svgs = svgs

    def section(self, section: Section, level: int) -> None:
        self.lines.append(f"#heading(level: {level}, {typst_string(section.heading)})")
        for block in section.blocks:
            self.block(block)
        for subsection in section.subsections:
            self.section(subsection, level + 1)

    def block(self, block: object) -> None:
        if isinstance(block, Paragraph):
            self.lines.append(self.paragraph(block))
        elif isinstance(block, BulletList):
            items = ", ".join(f"[#{typst_string(item)}]" for item in block.items)
            self.lines.append(f"#list({items})")
        elif isinstance(block, Facts):
            pairs = ", ".join(_pair(label, value) for label, value in block.pairs)
            self.lines.append(f"#facts({pairs})")
        elif isinstance(block, Table):
            self.lines.append(self.table(block))
        elif isinstance(block, Chart):
            key = f"chart-{len(self.inputs)}"
            self.inputs[key] = self.svgs[id(block)]
            self.lines.append(
                f"#chart(sys.inputs.at({typst_string(key)}), alt: {typst_string(block.alt_text)}, "
                f"caption: {typst_string(block.caption)})"
            )
        else:  # pragma: no cover - content.Block lists every kind
            raise TypeError(f"Okänt innehåll i rapporten: {type(block).__name__}")

    @staticmethod
    def paragraph(paragraph: Paragraph) -> str:
        text = f"#{typst_string(paragraph.text)}"
        if paragraph.footnote:
            text += f"#footnote[#{typst_string(paragraph.footnote)}]"
        if paragraph.style == "body":
            return f"#par[{text}]"
        return f"#{paragraph.style}[{text}]"

    @staticmethod
    def table(table: Table) -> str:
        columns = _array(
            _array((typst_string(column.title), "true" if column.numeric else "false"))
            for column in table.columns
        )
        rows = _array(
            _array(
                _array(
                    (
                        typst_string(shown(value, column)),
                        "true" if isinstance(value, Hidden) else "false",
                    )
                )
                for value, column in zip(row, table.columns, strict=True)
            )
            for row in table.rows
        )
        notes = _array(typst_string(note) for note in table.notes)
        return (
            f"#data-table(caption: {typst_string(table.caption)}, columns: {columns}, "
            f"rows: {rows}, totals: {table.total_rows}, notes: {notes})"
        )


def source(report: Report) -> tuple[str, dict[str, str]]:
    """The Typst main file of ``report`` and the ``sys.inputs`` it reads (the charts)."""
    main = _Source(draw_charts(report, to_svg))
    front = report.front
    facts = _array(_pair(label, value) for label, value in front.facts())
    main.lines += [
        '#import "board-paper.typ": *',
        "#show: paper.with(",
        f"  title: {typst_string(front.title)},",
        f"  author: {typst_string(report.author or front.organisation)},",
        f"  keywords: {_array(typst_string(word) for word in report.keywords)},",
        f"  front: (organisation: {typst_string(front.organisation)}, "
        f"title: {typst_string(front.title)}, subtitle: {typst_string(front.subtitle)}, "
        f"facts: {facts}),",
        f"  footer: {typst_string(report.provenance.footer())},",
        f"  contents: {'true' if len(report.sections) > 1 else 'false'},",
        ")",
    ]
    for section in report.sections:
        main.section(section, 1)
    return "\n".join(main.lines) + "\n", main.inputs


def render(report: Report) -> bytes:
    """``report`` as a PDF/UA-1 and PDF/A-2b file."""
    report = printable(report)
    text, inputs = source(report)
    moment = report.provenance.generated_at.replace(microsecond=0)  # Typst wants whole seconds
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    compiler = typst.Compiler(
        root=TYPST_DIR, font_paths=[FONT_DIR], ignore_system_fonts=True, sys_inputs=inputs
    )
    try:
        pdf = compiler.compile(
            input=text.encode(), format="pdf", pdf_standards=PDF_STANDARDS, timestamp=moment
        )
    except typst.TypstError as error:
        missing = re.search(r"the text `(.*?)` could not be displayed", error.message)
        if missing:
            raise ValueError(
                f"PDF:en kan inte skapas: texten {missing.group(1)} har tecken som typsnitten "
                "saknar, och ett arkivbeständigt PDF (PDF/A) måste kunna visa varje tecken."
            ) from error
        raise
    assert isinstance(pdf, bytes)
    return pdf
