"""*Ianspråktagande av medel*: the drawdown paper of a programme (issue 13 §2, laid out like
seed ``000_…``).

Per allocation (money a regional plan set aside, e.g. Regionplan 2018–2020), and within it
per year claimed: the table of ``000`` — year initiated, the initiative under its area's
heading, the amount in Tkr — and its total; then the totals per area and year, what is set
aside and what is left. Every figure comes from ``budget.services.budget_summary``, the
totals the budget page shows, so page and paper cannot disagree.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from attraktiv.accounts.access import Access
from attraktiv.budget.models import Allocation
from attraktiv.budget.services import Summary, budget_summary
from attraktiv.formatting import format_date, format_tkr
from attraktiv.programmes.models import Programme
from attraktiv.reports.builders.common import (
    front_page,
    latest_plan_version,
    provenance,
)
from attraktiv.reports.content import (
    Column,
    Facts,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
)
from attraktiv.reports.kinds import ReportInputs, the_programme

TITLE = "Ianspråktagande av medel"
# Seed 000: "Löpande avrapportering sker till i första hand RS arbetsutskott".
DECISION_BODY = "Regionstyrelsens arbetsutskott"
NOT_STATED = "ej angivet"


def build(inputs: ReportInputs, access: Access) -> Report:
    """The drawdown paper of the programme ``inputs.programme`` (or the only one)."""
    programme = the_programme(inputs)
    allocations = list(Allocation.objects.filter(programme=programme).order_by("first_year"))
    sections = [
        allocation_section(allocation, budget_summary(allocation)) for allocation in allocations
    ]
    if not sections:
        sections = [
            Section(
                "Ianspråktagande av medel",
                (Paragraph(f"Inga medel är avsatta för {programme.name}."),),
            )
        ]
    return Report(
        kind="drawdown",
        front=front_page(
            TITLE,
            subtitle_of(programme, allocations),
            decision_body=DECISION_BODY,
            diarienummer=programme.diarienummer,
        ),
        # The figures are the decisions' amounts, not HR data: the footer names the decisions.
        provenance=replace(
            provenance(None, latest_plan_version(programme)),
            source_import=decisions_text(allocations),
        ),
        sections=tuple(sections),
        keywords=("ianspråktagande", "budget", programme.code),
    )


def decisions_text(allocations: list[Allocation]) -> str:
    """``Beslut: Ianspråktagande – Översyn …, 2017-10-17``: the decisions the amounts come from."""
    decisions = sorted(
        {
            (d.decision, format_date(d.decided_on) if d.decided_on else "")
            for allocation in allocations
            for d in allocation.drawdowns.all()
        }
    )
    words = "; ".join(f"{text}, {day}" if day else text for text, day in decisions)
    return f"Beslut: {words}" if words else "Inga beslut om ianspråktagande"


def subtitle_of(programme: Programme, allocations: list[Allocation]) -> str:
    names = ", ".join(allocation.name for allocation in allocations)
    return f"{programme.name}" + (f" – {names}" if names else "")


def allocation_section(allocation: Allocation, summary: Summary) -> Section:
    """One allocation: a table per year claimed (``000``'s layout), then the totals."""
    years = summary.years
    lead = Paragraph(
        f"Av de medel som i {allocation.name} har avsatts för att finansiera genomförandet av "
        f"{allocation.programme.name} har följande ianspråktagits"
        + (f" för {years_text(years)}." if years else ".")
    )
    blocks: list[Paragraph | Table | Facts] = [lead]
    blocks.extend(year_table(allocation, summary, year) for year in years)
    if len(years) > 1:
        blocks.append(area_year_table(summary))
    blocks.append(
        Facts(
            (
                ("Avsatt", tkr_text(summary.set_aside)),
                ("Ianspråktaget", tkr_text(summary.total)),
                ("Kvar", tkr_text(summary.left)),
            )
        )
    )
    return Section(f"Ianspråktagande av medel – {allocation.name}", tuple(blocks))


def years_text(years: tuple[int, ...]) -> str:
    if len(years) == 1:
        return str(years[0])
    return ", ".join(str(year) for year in years[:-1]) + f" och {years[-1]}"


def tkr_text(amount: Decimal | None) -> str:
    return NOT_STATED if amount is None else format_tkr(amount)


COLUMNS = (
    Column("Initierat"),
    Column("Område"),
    Column("Belopp (Tkr)", "number"),
)


def year_table(allocation: Allocation, summary: Summary, year: int) -> Table:
    """``000``'s table for ``year``: each area as a heading row, then its initiatives with the
    year they were initiated and the amount, in the decision's order; the total last."""
    rows: list[tuple[Value, ...]] = []
    total = Decimal(0)
    for group in summary.groups:
        drawdowns = [d for d in group.drawdowns if d.year == year]
        if not drawdowns:
            continue
        rows.append(("", group.name, ""))
        for drawdown in drawdowns:
            rows.append((drawdown.initiated, drawdown.initiative, drawdown.amount_tkr))
            total += drawdown.amount_tkr
    rows.append(("", "Totalt", total))
    return Table(
        caption=f"Ianspråktagande {year} ur {allocation.name} (Tkr)",
        columns=COLUMNS,
        rows=tuple(rows),
        total_rows=1,
        notes=(
            "Belopp i tusental kronor (Tkr). Områdena står som rubrikrader i beslutets ordning.",
        ),
    )


def area_year_table(summary: Summary) -> Table:
    """The totals per area and year (the budget page's "Totalt per område och år")."""
    columns = (
        Column("Område"),
        *(Column(str(year), "number") for year in summary.years),
        Column("Totalt", "number"),
    )
    rows: list[tuple[Value, ...]] = [(name, *cells, total) for name, cells, total in summary.matrix]
    rows.append(("Totalt", *(summary.by_year[year] for year in summary.years), summary.total))
    return Table("Ianspråktaget per område och år (Tkr)", columns, tuple(rows), total_rows=1)
