"""The drawdown and audit papers against the seed documents they are laid out like
(issue 13, "Done when": ``000``'s table and its 26 900 Tkr; ``7/2022`` and its four
recommendations verbatim)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from attraktiv.accounts.access import NO_ACCESS
from attraktiv.core.management.commands.demo import DEMO_ROUND_PROGRAMME
from attraktiv.reports.content import Paragraph, Report, Section, shown
from attraktiv.reports.kinds import ReportInputError, ReportInputs, build

pytestmark = pytest.mark.usefixtures("programmes")
REPOSITORY = Path(__file__).resolve().parents[4]


def texts(section: Section) -> list[str]:
    found = [block.text for block in section.blocks if isinstance(block, Paragraph)]
    for subsection in section.subsections:
        found.extend(texts(subsection))
    return found


def all_texts(report: Report) -> list[str]:
    return [text for section in report.sections for text in texts(section)]


def letters(text: str) -> str:
    """A text without spaces, line breaks and hyphens (the seed is text from a PDF, where a
    word may be hyphenated over two lines, and the demo joins such words)."""
    return re.sub(r"[\s\-]+", "", text)


# Seed 000's table (Initierat, Område, Belopp (Tkr)), area headings as rows without amounts.
SEED_000 = [
    ("", "Medarbetarpolicy och organisationskultur", ""),
    ("2015", "Projektledning, kommunikation, filmer mm", "1 500"),
    ("", "Övergripande kompetensförsörjning", ""),
    ("2015", "Marknadsplan, sociala medier, web mm", "3 530"),
    ("2015", "Auskultation mm utlandsutbildade", "1 750"),
    ("2016", "Kompetensutveckling med kommuner", "720"),
    ("2017", "Kompetensförsörjningsstrategi, IT-stöd", "800"),
    ("2016", "Chefsförsörjning, administrativ avlastning chefer, chefsprogram", "1 100"),
    ("", "Optimerad kompetensbemanning", ""),
    ("2016", "Interna resurser, konsultstöd mm", "5 215"),
    ("", "Arbetsmiljö", ""),
    ("2016", "Kompetensväxling, utbildningsinsatser mm", "3 000"),
    ("", "Lönebildning", ""),
    ("Enligt lönestrategi", "Löneöversyn, förmåner IT-stöd mm", "8 300"),
    ("", "Nyckeltal och uppföljning", ""),
    ("2016", "Benchmarking, mätning mm", "985"),
    ("", "Totalt", "26 900"),
]


def test_the_drawdown_paper_of_2018_reproduces_seed_000():
    report = build(ReportInputs("drawdown", programme="attraktiv-arbetsgivare-2018"), NO_ACCESS)
    assert report.front.title == "Ianspråktagande av medel"
    assert report.front.decision_body == "Regionstyrelsens arbetsutskott"
    tables = list(report.tables())
    assert len(tables) == 1
    table = tables[0]
    assert [c.title for c in table.columns] == ["Initierat", "Område", "Belopp (Tkr)"]
    seen = [
        tuple(
            shown(value, column).replace("\u00a0", " ")
            for value, column in zip(row, table.columns, strict=True)
        )
        for row in table.rows
    ]
    assert seen == SEED_000
    assert table.total_rows == 1 and table.rows[-1][2] == Decimal(26900)
    assert "för 2018" in all_texts(report)[0]
    # The footer names the decision the amounts come from (seed 000, dated 2017-10-17).
    assert report.provenance.source_import.startswith("Beslut: Ianspråktagande")
    assert "2017-10-17" in report.provenance.source_import


def test_the_drawdown_paper_needs_a_programme_among_several():
    with pytest.raises(ReportInputError) as error:
        build(ReportInputs("drawdown"), NO_ACCESS)
    assert error.value.field == "programme"
    assert "attraktiv-arbetsgivare-2018" in error.value.message
    assert DEMO_ROUND_PROGRAMME in error.value.message


# Seed 004's text, in the repository's outside data (tests/fixtures/external).
SEED_004 = next(
    (
        path
        for folder in (REPOSITORY / "tests" / "fixtures" / "external" / "seeds",)
        for path in sorted(folder.glob("004_*.txt"))
    ),
    None,
)


def test_the_audit_paper_carries_7_2022_and_its_recommendations_verbatim():
    from attraktiv.audits.models import Audit

    report = build(ReportInputs("audit", programme=DEMO_ROUND_PROGRAMME), NO_ACCESS)
    assert "7/2022" in report.front.subtitle
    recommendations = report.sections[0].subsections
    assert [s.heading for s in recommendations] == [f"Rekommendation {n}" for n in (1, 2, 3, 4)]
    stored = Audit.objects.get(identifier="7/2022").recommendations.order_by("number")
    for section, recommendation in zip(recommendations, stored, strict=True):
        lead = section.blocks[0]
        assert isinstance(lead, Paragraph)
        assert lead.text == f"{recommendation.number}. {recommendation.text}"
        answer = section.subsections[0]
        assert answer.heading == "Svar"
        assert "\n\n".join(texts(answer)) == recommendation.response.strip()
    if SEED_004 is not None:  # the seed's own words, where the seeds are at hand
        seed = letters(SEED_004.read_text(encoding="utf-8"))
        for section in recommendations:
            assert letters(texts(section)[0]) in seed
    areas = report.sections[1]
    assert areas.heading == "Strategiska åtgärdsområden"
    assert "Seniora medarbetare" in areas.blocks[1].items  # type: ignore[union-attr]
    status = list(report.tables())[-1]
    assert {row[2] for row in status.rows} <= {"Ej påbörjad", "Pågår", "Klar", "Genomförs inte"}
    assert len(status.rows) >= 4


def test_the_audit_is_chosen_by_identifier_or_named_among_several():
    from attraktiv.audits.models import Audit

    by_id = build(ReportInputs("audit", audit="7/2022"), NO_ACCESS)
    assert "7/2022" in by_id.keywords
    audit = Audit.objects.get(identifier="7/2022")
    Audit.objects.create(programme=audit.programme, identifier="3/2024", title="Ny", year=2024)
    with pytest.raises(ReportInputError) as error:
        build(ReportInputs("audit", programme=DEMO_ROUND_PROGRAMME), NO_ACCESS)
    assert error.value.field == "audit"
    assert "7/2022" in error.value.message and "3/2024" in error.value.message


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, spaces evened out."""
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"[ \u00a0]+", " ", text)


def test_the_papers_as_pdf_carry_the_seed_figures_and_words():
    from attraktiv.reports.management.commands.report import region_administrator
    from attraktiv.reports.services import produce

    access = region_administrator()
    drawdown = pdf_text(
        produce(ReportInputs("drawdown", programme="attraktiv-arbetsgivare-2018"), "pdf", access)
    )
    assert "Ianspråktagande av medel" in drawdown
    for figure in ("1 500", "3 530", "5 215", "8 300", "985", "26 900"):
        assert figure in drawdown, figure
    assert "Kvar" in drawdown and "Auskultation mm utlandsutbildade" in drawdown
    audit = pdf_text(produce(ReportInputs("audit", audit="7/2022"), "pdf", access))
    assert "7/2022" in audit
    assert "Regionstyrelsen vidtar följande åtgärder" in audit
    assert "Seniora medarbetare" in audit
