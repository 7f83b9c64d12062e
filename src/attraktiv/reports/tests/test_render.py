"""The four renderers open for real (issue 13, "Done when"): the PDF through pdftotext,
pdffonts, pdfinfo and pikepdf; the Word file through python-docx; the workbook through
openpyxl; the HTML through html.parser."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
from html.parser import HTMLParser

import docx
import openpyxl
import pikepdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from attraktiv.core.charts import series_chart
from attraktiv.reports.content import (
    BulletList,
    Chart,
    Column,
    Facts,
    FrontPage,
    Hidden,
    Paragraph,
    Provenance,
    Report,
    Section,
    Table,
    printable,
)
from attraktiv.reports.render import render
from attraktiv.reports.render.pdf import source, typst_string
from attraktiv.reports.render.xlsx import sheet_names

HOSTILE = 'Kommentar #set [x] *fet* _kursiv_ $x$ @ref <etikett> \\ // ej kommentar "citat"'
FORMULAS = ("=SUM(A1)", "+46 70 123 45 67", "-1", "@x")
# A vertical tab and a bell, as text pasted from a spreadsheet may carry.
PASTED = "Inklistrad\x0btext\x07 från Excel, av שרה כהן"
GENERATED = datetime.datetime(2024, 5, 17, 8, 30, tzinfo=datetime.UTC)


def sample_report(*, sections: int = 1, diarienummer: str = "") -> Report:
    """A realistic follow-up paper built by hand: Swedish text, a table of every kind of
    value with a hidden cell and a totals row, a chart, a footnote and nested sections."""
    chart = Chart(
        spec=series_chart(
            [
                {"year": year, "series": series, "value": value}
                for year, series, value in (
                    (2022, "Alla", 64.2),
                    (2023, "Alla", 64.4),
                    (2024, "Alla", 64.61),
                    (2022, "Kvinnor", 64.0),
                    (2023, "Kvinnor", 64.3),
                    (2024, "Kvinnor", 64.5),
                )
            ],
            unit_label="Ålder (år)",
            value_format=",.2f",
            reference_lines=[{"label": "Målvärde 2027", "value": 67}],
        ),
        alt_text=(
            "Genomsnittlig pensionsålder 2022–2024: från 64,2 år till 64,61 år; målet är 67 år."
        ),
        caption="Genomsnittlig pensionsålder, alla och kvinnor",
    )
    table = Table(
        caption="Ianspråktagna medel per område och år",
        columns=(
            Column("Område"),
            Column("Beslutat år", "year"),
            Column("Belopp", "tkr"),
            Column("Andel", "percent", 1),
            Column("Medelålder", "years", 2),
            Column("Anställda", "number"),
            Column("Beslutsdatum", "date"),
        ),
        rows=(
            ("Hälsa och arbetsmiljö", 2018, 12500, 7.3, 64.61, 12345, datetime.date(2018, 3, 1)),
            ("Kompetensförsörjning", 2019, 14400, 12.25, 45.5, Hidden("färre än 5"), None),
            (FORMULAS[0], 2020, 0, 0.0, None, 3, datetime.date(2020, 1, 2)),
            (FORMULAS[1], 2021, 0, 0.0, None, 0, None),
            (FORMULAS[2], 2022, 0, 0.0, None, 0, None),
            (FORMULAS[3], 2023, 0, 0.0, None, 0, None),
            ("Summa", None, 26900, 19.55, None, 12348, None),
        ),
        total_rows=1,
        notes=("Källa: regionstyrelsens beslut 2018-03-01, dnr RS 2018/123.",),
    )
    body = (
        Section(
            heading="Mål 1: Hälsosamma arbetsplatser",
            blocks=(
                Paragraph(
                    "Regionens arbete för ökad frisknärvaro fortsätter enligt plan.",
                    style="lead",
                ),
                Facts((("Bedömning", "På väg mot målet"), ("Bedömd av", "Åsa Öberg"))),
                Paragraph(
                    "Sjukfrånvaron har minskat i alla förvaltningar.",
                    footnote="Sjukfrånvaro enligt årsredovisningen, hr-data.md §3.1.",
                ),
                Paragraph(HOSTILE, style="note"),
                Paragraph(PASTED),
            ),
            subsections=(
                Section(
                    heading="Indikator: Genomsnittlig pensionsålder",
                    blocks=(chart, table),
                    subsections=(
                        Section(
                            heading="Åtgärder",
                            blocks=(
                                BulletList(("Friskvårdsbidrag höjs (klar)", "Chefsstöd (pågår)")),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    extra = tuple(
        Section(heading=f"Mål {number}: Attraktiv arbetsgivare", blocks=(table, chart))
        for number in range(2, sections + 1)
    )
    closing = Section(
        heading="Sammanfattning",
        blocks=(
            Paragraph("3 av 4 indikatorer på väg mot målet."),
            Paragraph(
                "Regionstyrelsen godkänner uppföljningen av handlingsplanen.", style="decision"
            ),
        ),
    )
    return Report(
        kind="followup",
        front=FrontPage(
            organisation="Region Västerås län",
            title="Uppföljning av handlingsplan",
            subtitle="Personal- och arbetsgivarpolitiskt program 2024–2027, uppföljning 2024",
            date=datetime.date(2024, 5, 17),
            decision_body="Regionstyrelsen",
            diarienummer=diarienummer,
        ),
        provenance=Provenance(
            source_import="HR-data 2024-04-30 (import 12)",
            plan_version="Handlingsplan version 3",
            generated_at=GENERATED,
        ),
        sections=(*body, *extra, closing),
        author="HR-avdelningen",
        keywords=("uppföljning", "handlingsplan"),
    )


# ---- PDF ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    path.write_bytes(render(sample_report(), "pdf"))
    return path


def tool(*arguments: str) -> str:
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout


def test_typst_string_keeps_hostile_text_a_string() -> None:
    assert typst_string('a\\b"c\nd') == '"a\\\\b\\"c\\nd"'
    assert typst_string("#*_$@<[]//") == '"#*_$@<[]//"'
    assert typst_string("a\r\nb") == '"a\\r\\nb"'
    assert printable("a\x07\x0bb\tc\r\nd\x85") == "ab c\nd"


def test_pdf_prints_hostile_text_verbatim(pdf_file) -> None:
    text = tool("pdftotext", "-layout", str(pdf_file), "-")
    flat = " ".join(text.split())
    assert " ".join(HOSTILE.split()) in flat


def test_pdf_text_has_swedish_figures(pdf_file) -> None:
    text = tool("pdftotext", "-layout", str(pdf_file), "-").replace("\u00a0", " ")
    for figure in ("26 900 Tkr", "12 500 Tkr", "7,3 %", "64,61 år", "12 345", "2018-03-01"):
        assert figure in text, figure
    assert "färre än 5" in text
    assert "Uppföljning av handlingsplan" in text
    assert "Dnr ______" in re.sub(r"\s+", " ", text)
    assert re.search(r"Sida 1 av \d", text)
    assert "Källa: HR-data 2024-04-30 (import 12)" in text
    assert "Skapad: 2024-05-17 10:30" in text  # Swedish summer time
    assert "Sjukfrånvaro enligt årsredovisningen" in text  # the footnote


def test_pdf_is_tagged_ua1_and_a2b(pdf_file) -> None:
    with pikepdf.open(pdf_file) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang).startswith("sv")
        assert bool(root.MarkInfo.Marked) is True
        assert "/Outlines" in root
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "B"
            assert meta["dc:title"] == "Uppföljning av handlingsplan"
        figures = [
            element
            for element in _structure(root.StructTreeRoot)
            if element.get("/S") == pikepdf.Name.Figure
        ]
        assert figures
        assert all(str(figure.Alt) for figure in figures)
        assert any("64,61 år" in str(figure.Alt) for figure in figures)
        kinds = {str(element.get("/S")) for element in _structure(root.StructTreeRoot)}
        assert {"/Table", "/TH", "/TD", "/H1", "/H2", "/H3"} <= kinds


def _structure(node):
    """Every structure element under ``node``."""
    children = node.get("/K")
    if children is None:
        return
    if not isinstance(children, pikepdf.Array):
        children = [children]
    for child in children:
        if isinstance(child, pikepdf.Dictionary) and "/S" in child:
            yield child
            yield from _structure(child)


def test_pdf_embeds_only_the_shipped_font(pdf_file) -> None:
    lines = tool("pdffonts", str(pdf_file)).splitlines()[2:]
    assert lines
    for line in lines:
        name, *_rest = line.split()
        assert re.fullmatch(r"[A-Z]{6}\+(SourceSans3-\w+|DejaVuSans(-Bold)?)", name), line
        assert line.split()[-5] == "yes", line  # emb


def test_pdf_same_report_same_bytes() -> None:
    report = sample_report()
    assert render(report, "pdf") == render(report, "pdf")


def test_pdf_page_count_and_front_page() -> None:
    pdf = render(sample_report(sections=3, diarienummer="RS 2024/117"), "pdf")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    found = re.search(rb"Pages:\s+(\d+)", info)
    assert found
    pages = int(found.group(1))
    assert pages >= 3
    first = subprocess.run(
        ["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "RS 2024/117" in first
    assert "Region Västerås län" in first
    assert "Regionstyrelsen" in first
    assert "Innehåll" in first  # several sections: their list on the front page


def test_pdf_source_puts_text_in_strings_only() -> None:
    text, inputs = source(sample_report())
    assert typst_string(HOSTILE) in text
    assert len(inputs) == 1
    assert next(iter(inputs.values())).startswith("<svg")


# ---- Word -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render(sample_report(), "docx")))


def test_docx_headings_follow_section_depth(word) -> None:
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in word.paragraphs
        if paragraph.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        ("Title", "Uppföljning av handlingsplan"),
        ("Heading 1", "Mål 1: Hälsosamma arbetsplatser"),
        ("Heading 2", "Indikator: Genomsnittlig pensionsålder"),
        ("Heading 3", "Åtgärder"),
        ("Heading 1", "Sammanfattning"),
    ]
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Dnr: ______" in text
    assert "Beslutsinstans: Regionstyrelsen" in text
    assert "Sjukfrånvaro enligt årsredovisningen" not in text  # a footnote, not body text
    assert HOSTILE in text


def test_docx_footnote_is_a_word_footnote(word) -> None:
    (paragraph,) = [p for p in word.paragraphs if p.text.startswith("Sjukfrånvaron har")]
    (reference,) = paragraph._p.iter(qn("w:footnoteReference"))
    part = word.part.part_related_by(RT.FOOTNOTES)
    assert part.partname == "/word/footnotes.xml"
    notes = {note.get(qn("w:id")): note for note in parse_xml(part.blob).iter(qn("w:footnote"))}
    assert set(notes) == {"-1", "0", reference.get(qn("w:id"))}
    note = notes[reference.get(qn("w:id"))]
    text = "".join(node.text or "" for node in note.iter(qn("w:t")))
    assert text == " Sjukfrånvaro enligt årsredovisningen, hr-data.md §3.1."


def test_docx_table_has_a_repeated_header_and_swedish_figures(word) -> None:
    (table,) = word.tables
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells][:3] == ["Område", "Beslutat år", "Belopp"]
    first = [cell.text.replace("\u00a0", " ") for cell in table.rows[1].cells]
    assert first == ["Hälsa och arbetsmiljö", "2018", "12 500 Tkr", "7,3 %", "64,61 år",
                     "12 345", "2018-03-01"]  # fmt: skip
    total = table.rows[-1].cells[2].paragraphs[0]
    assert total.text.replace("\u00a0", " ") == "26 900 Tkr"
    assert all(run.bold for run in total.runs)
    assert total.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[2].cells[5].text == "färre än 5"


def test_docx_chart_is_a_picture_with_its_description(word) -> None:
    (shape,) = word.inline_shapes
    assert "64,61 år" in shape._inline.docPr.get("descr")
    blob = word.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG")
    pixels_wide = int.from_bytes(blob[16:20], "big")
    assert pixels_wide / shape.width.inches >= 200  # at least 200 dpi as printed


def test_docx_properties_and_footer(word) -> None:
    properties = word.core_properties
    assert properties.title == "Uppföljning av handlingsplan"
    assert properties.author == "HR-avdelningen"
    assert properties.language == "sv-SE"
    footer = word.sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert "Källa: HR-data 2024-04-30 (import 12)" in footer.text
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    (language,) = defaults.iter(qn("w:lang"))
    assert language.get(qn("w:val")) == "sv-SE"


# ---- Excel ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(render(sample_report(sections=2), "xlsx")))


def test_xlsx_front_sheet_then_one_sheet_per_table(book) -> None:
    assert book.sheetnames == [
        "Om rapporten",
        "Ianspråktagna medel per område",
        "Ianspråktagna medel per omr (2)",
    ]
    info = {row[0]: row[1] for row in book["Om rapporten"].iter_rows(values_only=True) if row[0]}
    assert info["Organisation"] == "Region Västerås län"
    assert info["Dnr"] == "______"
    assert info["Källa"] == "HR-data 2024-04-30 (import 12)"
    assert info["Skapad"] == "2024-05-17 10:30"


def test_xlsx_numbers_are_numbers_with_swedish_formats(book) -> None:
    sheet = book["Ianspråktagna medel per område"]
    assert sheet.freeze_panes == "A5"
    assert [cell.value for cell in sheet[4]][:3] == ["Område", "Beslutat år", "Belopp"]
    year, amount, share, age, count, date = sheet["B5:G5"][0]
    assert (year.value, year.number_format) == (2018, "0")
    assert (amount.value, amount.number_format) == (12500, '#,##0" Tkr"')
    assert (share.value, share.number_format) == (0.073, "0.0 %")
    assert (age.value, age.number_format) == (64.61, '0.00" år"')
    assert (count.value, count.number_format) == (12345, "#,##0")
    assert date.value == datetime.datetime(2018, 3, 1)
    assert date.number_format == "yyyy-mm-dd"
    assert sheet["F6"].value == "färre än 5"
    total = sheet["C11"]
    assert total.value == 26900 and total.font.b
    assert sheet.column_dimensions["A"].width > 20


def test_xlsx_formula_looking_text_stays_text(book) -> None:
    sheet = book["Ianspråktagna medel per område"]
    texts = [sheet.cell(row, 1) for row in range(7, 11)]
    assert [cell.value for cell in texts] == list(FORMULAS)
    assert all(cell.data_type == "s" for cell in texts)


def test_xlsx_sheet_names_are_valid_and_unique() -> None:
    names = sheet_names(["A/B: [C]*?", "a/b: [c]*?", "x" * 40, "x" * 40, "Om rapporten", "'"])
    assert names[:2] == ["A-B- -C---", "a-b- -c--- (2)"]
    assert names[2] == "x" * 31 and names[3] == "x" * 27 + " (2)"
    assert names[4] == "Om rapporten (2)" and names[5] == "Tabell"
    assert all(len(name) <= 31 for name in names)


# ---- HTML -----------------------------------------------------------------------------


class _Outline(HTMLParser):
    """What a screen reader meets: the headings, the table headers and the images."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_is_a_standalone_accessible_document() -> None:
    page = render(sample_report(), "html").decode()
    parser = _Outline()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "sv"}) in parser.tags
    names = [tag for tag, _attrs in parser.tags]
    assert names.count("h1") == 1 and "h4" in names
    assert "script" not in names
    assert not any("style" in attrs for tag, attrs in parser.tags if tag != "svg")
    headers = [attrs for tag, attrs in parser.tags if tag == "th"]
    assert headers and all(attrs.get("scope") in ("col", "row") for attrs in headers)
    assert "caption" in names
    images = [attrs for tag, attrs in parser.tags if attrs.get("role") == "img"]
    assert len(images) == 1 and "64,61 år" in str(images[0]["aria-label"])
    text = "".join(parser.text).replace("\u00a0", " ")
    for figure in ("26 900 Tkr", "7,3 %", "64,61 år", "färre än 5", "Dnr", "______"):
        assert figure in text
    assert HOSTILE in text  # escaped by the template, shown as written


def test_control_characters_in_text_do_not_break_a_format(pdf_file, word) -> None:
    assert "Inklistrad" in tool("pdftotext", str(pdf_file), "-")
    paragraphs = [paragraph.text for paragraph in word.paragraphs]
    assert "Inklistradtext från Excel, av שרה כהן" in paragraphs
    page = render(sample_report(), "html").decode()
    assert "Inklistradtext från Excel" in page and "\x07" not in page


def test_pdf_refuses_a_character_no_shipped_font_has_in_swedish() -> None:
    report = sample_report()
    closing = report.sections[-1]
    broken = dataclasses.replace(
        report,
        sections=(Section(closing.heading, (Paragraph("Kanji 漢字"),)),),
    )
    with pytest.raises(ValueError, match=r"PDF:en kan inte skapas: texten .* har tecken som"):
        render(broken, "pdf")
