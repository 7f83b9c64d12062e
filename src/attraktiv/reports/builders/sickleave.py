"""*Sjukfrånvaro enligt årsredovisningen* (issue 13 §2, ``sickleave``): the seven mandatory
measures of sick leave (hr-data.md §3.1) for a year and the two before, for a unit (the
region unless chosen): the total sick leave, the share of it in spells of 60 days or more,
and the sick leave of women, of men, and of the age groups 29 years or younger, 30–49 years
and 50 years or older, each as a share of ordinary working time in percent.

The figures are the stored measurements (``measurements.queries``), never recomputed here.
They are already disclosure-controlled with the instance's threshold (hr-data.md §3.7). The
annual report has the law's own rule on top (hr-data.md §3.1, §3.7: "högst tio"): a group of
ten or fewer employees, or a figure that could be traced to one person, is not reported. So
each cell is checked again with at least that threshold (``LAW_MIN_PERSONS``), and the
secondary rule of §3.7 is applied to the women/men pair and to the three age groups against
the total, so that no hidden figure can be recovered by subtraction; a hidden cell says so
(``Hidden``), never an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from attraktiv.accounts.access import Access, Capability
from attraktiv.formatting import format_date, format_percent
from attraktiv.indicators.disclosure import primary_suppressed, secondary_suppression
from attraktiv.measurements import queries
from attraktiv.measurements.models import Measurement
from attraktiv.organisation.models import Unit
from attraktiv.reports.builders import common
from attraktiv.reports.content import (
    Column,
    Hidden,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
)
from attraktiv.reports.kinds import ReportInputError, ReportInputs

TITLE = "Sjukfrånvaro enligt årsredovisningen"
# The law's threshold for the annual report: a group of at most ten employees is not shown.
LAW_MIN_PERSONS = 10
YEARS_SHOWN = 3
TOTAL, LONG = "sick_leave_total", "sick_leave_long_share"
AGE_GROUPS = (("-29", "29 år eller yngre"), ("30-49", "30–49 år"), ("50-", "50 år eller äldre"))
GENDERS = (("K", "kvinnor"), ("M", "män"))


@dataclass(frozen=True)
class Measure:
    """One of the seven measures: its name, engine id and breakdown cell (hr-data.md §4)."""

    name: str
    kpi: str
    dimension: str = ""
    value: str = ""


MEASURES = (
    Measure("Total sjukfrånvaro", TOTAL),
    Measure("Andel långtidssjukfrånvaro (60 dagar eller mer) av total sjukfrånvaro", LONG),
    *(Measure(f"Sjukfrånvaro, {word}", TOTAL, "gender", code) for code, word in GENDERS),
    *(Measure(f"Sjukfrånvaro, {word}", TOTAL, "age_group", code) for code, word in AGE_GROUPS),
)


def build(inputs: ReportInputs, access: Access) -> Report:
    unit = chosen_unit(inputs, access)
    year = chosen_year(inputs, unit)
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    cells = {y: disclosed(unit, str(y)) for y in years}
    threshold = max(settings.MIN_PERSONS, LAW_MIN_PERSONS)
    hidden = Hidden("dolt")
    rows: list[tuple[Value, ...]] = []
    for measure in MEASURES:
        row: list[Value] = [measure.name]
        for y in years:
            cell = cells[y].get((measure.kpi, measure.dimension, measure.value))
            if cell is None:
                row.append(None)
            else:
                row.append(hidden if cell["suppressed"] else cell["value"])
        rows.append(tuple(row))
    table = Table(
        caption=f"Sjukfrånvaro {years[0]}–{years[-1]}",
        columns=(
            Column("Mått"),
            *(Column(str(y), "percent", decimals=1) for y in years),
        ),
        rows=tuple(rows),
        notes=(
            "Sjukfrånvaron är sjukfrånvarotimmar i procent av den ordinarie arbetstiden; "
            "långtidssjukfrånvaron är andelen av sjukfrånvarotimmarna som ligger i sjukperioder "
            "om 60 dagar eller mer (hr-data.md §3.1).",
            f"Dolt: gruppen har högst {threshold} anställda, eller värdet skulle annars kunna "
            "räknas fram ur de andra värdena och totalen (lagens regel för årsredovisningen; "
            "hr-data.md §3.7). Ett streck betyder att gruppen saknar anställda.",
        ),
    )
    record = (
        Measurement.objects.filter(kpi=TOTAL, unit=unit, period=str(year))
        .select_related("source_import")
        .first()
    )
    computed = (
        f"Nyckeltal beräknade {format_date(record.computed_at.date())}"
        if record
        else "Inga beräknade nyckeltal"
    )
    return Report(
        kind="sickleave",
        front=common.front_page(TITLE, f"{unit.name}, {years[0]}–{years[-1]}"),
        provenance=common.provenance(record.source_import if record else None, computed),
        sections=(
            Section(
                "Sjukfrånvaro",
                (Paragraph(lead_text(unit, year, cells), style="lead"), table),
            ),
        ),
        keywords=("sjukfrånvaro", "årsredovisning", unit.unit_id),
    )


def chosen_unit(inputs: ReportInputs, access: Access) -> Unit:
    """The unit asked for, else the region (or, for a user who may not read the region's
    figures, the first of their own units); refused outside the user's figures."""
    if inputs.unit:
        unit = Unit.objects.filter(unit_id=inputs.unit).first()
        if unit is None:
            raise ReportInputError("unit", f"Det finns ingen enhet med id {inputs.unit!r}.")
    elif access.may_read_region_figures():
        unit = Unit.objects.roots().order_by("path").first()
        if unit is None:
            raise ReportInputError("unit", "Organisationen har inga enheter ännu.")
    else:
        own = access.top_units(Capability.VIEW_FIGURES)
        if not own:
            raise ReportInputError("unit", "Du har inte behörighet att läsa nyckeltal.")
        unit = own[0]
    if not access.allows(Capability.VIEW_FIGURES, unit):
        raise ReportInputError(
            "unit", f"Du har inte behörighet att läsa nyckeltal för {unit.name}."
        )
    return unit


def chosen_year(inputs: ReportInputs, unit: Unit) -> int:
    """The year asked for, else the latest year whose sick leave is computed for the unit."""
    years = sorted(int(row.period) for row in queries.totals(TOTAL, unit) if len(row.period) == 4)
    if not years:
        raise ReportInputError("year", f"Ingen sjukfrånvaro är beräknad för {unit.name}.")
    if inputs.year is None:
        return years[-1]
    if inputs.year not in years:
        raise ReportInputError(
            "year",
            f"Ingen sjukfrånvaro är beräknad för {inputs.year}; beräknade år är "
            f"{years[0]}–{years[-1]}.",
        )
    return inputs.year


def cell_of(row: Measurement, dimension: str = "") -> dict[str, Any]:
    """A stored measurement as a cell of the disclosure rules, with the law's primary rule on
    top of the stored suppression."""
    suppressed = row.suppressed or primary_suppressed(
        row.persons, max(settings.MIN_PERSONS, LAW_MIN_PERSONS), inclusive=True
    )
    cell = {
        "value": row.value,
        "persons": row.persons,
        "suppressed": suppressed,
        "_zero_denominator": row.denominator == 0,
    }
    if dimension:
        cell[dimension] = getattr(row, dimension)
    return cell


def disclosed(unit: Unit, period: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The cells of the seven measures for one year, keyed (kpi, dimension, value), after
    the law's primary rule and §3.7's secondary rule along gender and along age group."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for kpi in (TOTAL, LONG):
        total_row = queries.totals(kpi, unit).filter(period=period).first()
        if total_row is None:
            continue
        total = found[(kpi, "", "")] = cell_of(total_row)
        if kpi != TOTAL:
            continue
        for dimension in ("gender", "age_group"):
            cells = [
                cell_of(row, dimension) for row in queries.breakdown(kpi, unit, dimension, period)
            ]
            secondary_suppression(total, cells, (dimension,))
            for cell in cells:
                found[(kpi, dimension, cell[dimension])] = cell
    return found


def lead_text(unit: Unit, year: int, cells: dict[int, dict[tuple[str, str, str], Any]]) -> str:
    """The total sick leave of the year and the year before, in words."""

    def said(y: int) -> str:
        cell = cells.get(y, {}).get((TOTAL, "", ""))
        if cell is not None and cell["suppressed"]:
            return "dolt"
        if cell is None or cell["value"] is None:
            return "saknas"
        return format_percent(cell["value"], 1)

    return (
        f"Total sjukfrånvaro i {unit.name}, i procent av den ordinarie arbetstiden: "
        f"{said(year)} {year} och {said(year - 1)} {year - 1}. Tabellen visar de sju mått som "
        "årsredovisningen ska redovisa, för de tre senaste åren."
    )
