"""A report as a Word document (issue 13 §1) that a board secretary can go on editing: the
front page in the Title and Subtitle styles, each section a real heading (Heading 1, 2, 3 by
depth, so Word's navigation pane and table of contents find them), tables as Word tables
whose header row is marked as such and repeats on every page, charts as PNG pictures with
the chart's text alternative as the picture's description, and a footer with the provenance
and "Sida X av Y" as PAGE and NUMPAGES fields. The document's language is Swedish.

A footnote is a real Word footnote (python-docx has no footnotes part, so ``_Footnotes``
adds one: ECMA-376 §17.11, the separators Word expects and one ``w:footnote`` per note, the
text pointing to it with ``w:footnoteReference``).
"""

from __future__ import annotations

import io
import struct

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from attraktiv.core.charts import to_png
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

ACCENT = RGBColor(0x00, 0x52, 0x8F)
MUTED = RGBColor(0x4D, 0x56, 0x60)
TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins
# A chart is drawn at twice its CSS size; shown at most 200 pixels per inch, never wider
# than the text.
PNG_SCALE = 2.0
PNG_DPI = 200


def render(report: Report) -> bytes:
    report = printable(report)
    document = Document()
    _setup(document, report)
    _front_page(document, report)
    writer = _Writer(document, draw_charts(report, _png))
    for section in report.sections:
        writer.section(section, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png(spec: dict) -> bytes:
    return to_png(spec, scale=PNG_SCALE)


def _setup(document: DocumentObject, report: Report) -> None:
    properties = document.core_properties
    properties.title = report.front.title
    properties.subject = report.front.subtitle
    properties.author = report.author or report.front.organisation
    properties.keywords = ", ".join(report.keywords)
    properties.language = "sv-SE"
    properties.comments = report.provenance.footer()
    moment = report.provenance.generated_at.replace(microsecond=0)
    properties.created = properties.modified = moment
    properties.last_modified_by = properties.author
    properties.revision = 1

    # Swedish for every run (spelling, hyphenation, what a screen reader speaks).
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "sv-SE")
    document.styles["Normal"].font.size = Pt(11)
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = ACCENT
    document.styles["Title"].font.color.rgb = ACCENT

    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = Cm(2.5)
    page.top_margin, page.bottom_margin = Cm(2.4), Cm(2.4)
    footer = page.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _small(footer.add_run(report.provenance.footer()))
    _small(footer.add_run("\tSida "))
    _field(footer, "PAGE")
    _small(footer.add_run(" av "))
    _field(footer, "NUMPAGES")


def _small(run: Run, size: float = 8) -> Run:
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    return run


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out: a run
    each for its start, its code, the separator, the value shown until then, and its end
    (ECMA-376 §17.16.18, complex fields)."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate):
        _small(paragraph.add_run())._r.append(element)
    _small(paragraph.add_run("1"))
    _small(paragraph.add_run())._r.append(end)


def _front_page(document: DocumentObject, report: Report) -> None:
    front = report.front
    organisation = document.add_paragraph()
    run = organisation.add_run(front.organisation)
    run.bold = True
    run.font.color.rgb = ACCENT
    organisation.paragraph_format.space_after = Pt(96)
    document.add_paragraph(front.title, style="Title")
    if front.subtitle:
        document.add_paragraph(front.subtitle, style="Subtitle")
    for label, value in front.facts():
        line = document.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


class _Writer:
    def __init__(self, document: DocumentObject, pngs: dict[int, bytes]) -> None:
        self.document = document
        self.pngs = pngs
        self.footnotes = _Footnotes(document)

    def section(self, section: Section, level: int) -> None:
        self.document.add_heading(section.heading, level=min(level, 9))
        for block in section.blocks:
            self.block(block)
        for subsection in section.subsections:
            self.section(subsection, level + 1)

    def block(self, block: object) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Facts):
            for label, value in block.pairs:
                line = self.document.add_paragraph()
                line.paragraph_format.space_after = Pt(2)
                line.add_run(f"{label}: ").bold = True
                line.add_run(value)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        else:  # pragma: no cover - content.Block lists every kind
            raise TypeError(f"Okänt innehåll i rapporten: {type(block).__name__}")

    def paragraph(self, paragraph: Paragraph) -> None:
        document = self.document
        if paragraph.style == "decision":
            label = document.add_paragraph(style="Intense Quote")
            label.add_run("Förslag till beslut").bold = True
            line = document.add_paragraph(paragraph.text, style="Intense Quote")
        else:
            line = document.add_paragraph()
            run = line.add_run(paragraph.text)
            if paragraph.style == "lead":
                run.font.size = Pt(13)
            elif paragraph.style == "note":
                _small(run, 9)
        if paragraph.footnote:
            self.footnotes.add(line, paragraph.footnote)

    def table(self, table: Table) -> None:
        document = self.document
        document.add_paragraph(
            table.caption, style="Caption"
        ).paragraph_format.keep_with_next = True
        grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
        grid.style = document.styles["Light List Accent 1"]
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = grid.rows[0]
        _repeat_header(header)
        for cell, column in zip(header.cells, table.columns, strict=True):
            _cell(cell, column.title, right=column.numeric, bold=True)
        first_total = len(table.rows) - table.total_rows
        for index, (row, values) in enumerate(zip(grid.rows[1:], table.rows, strict=True)):
            for cell, value, column in zip(row.cells, values, table.columns, strict=True):
                _cell(
                    cell,
                    shown(value, column),
                    right=column.numeric,
                    bold=index >= first_total,
                    italic=isinstance(value, Hidden),
                )
        for line in table.notes:
            _small(document.add_paragraph().add_run(line), 9)
        if not table.notes:
            document.add_paragraph()

    def chart(self, chart: Chart) -> None:
        document = self.document
        png = self.pngs[id(chart)]
        width_px, _height_px = struct.unpack(">II", png[16:24])  # the IHDR chunk
        width = min(Emu(int(width_px / PNG_DPI * 914400)), TEXT_WIDTH)
        picture = document.add_paragraph()
        picture.paragraph_format.keep_with_next = bool(chart.caption)
        shape = picture.add_run().add_picture(io.BytesIO(png), width=width)
        properties = shape._inline.docPr
        properties.set("descr", chart.alt_text)
        properties.set("title", chart.caption or chart.alt_text[:80])
        if chart.caption:
            document.add_paragraph(chart.caption, style="Caption")


class _Footnotes:
    """The document's footnotes part, made when the first footnote comes."""

    SEPARATORS = (
        f'<w:footnotes xmlns:w="{nsmap["w"]}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.root: BaseOxmlElement | None = None
        self.count = 0

    def add(self, paragraph: WordParagraph, text: str) -> None:
        """A footnote with ``text``, its number at the end of ``paragraph``."""
        if self.root is None:
            self.root = parse_xml(self.SEPARATORS)
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                self.root,
                self.document.part.package,
            )
            self.document.part.relate_to(part, RT.FOOTNOTES)
        self.count += 1
        reference = paragraph.add_run()
        reference.font.superscript = True
        reference._r.append(_element("w:footnoteReference", {"w:id": str(self.count)}))

        note = _element("w:footnote", {"w:id": str(self.count)})
        body = WordParagraph(_element("w:p"), paragraph._parent)
        note.append(body._p)
        mark = body.add_run()
        mark.font.superscript = True
        mark._r.append(_element("w:footnoteRef"))
        _small(body.add_run(f" {text}"), 9)
        self.root.append(note)


def _element(tag: str, attributes: dict[str, str] | None = None) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in (attributes or {}).items():
        element.set(qn(name), value)
    return element


def _repeat_header(row: _Row) -> None:
    """Mark ``row`` as the table's header row: Word repeats it on each page and reads it as
    the header (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _cell(cell: _Cell, text: str, *, right: bool, bold: bool = False, italic: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(9.5)
