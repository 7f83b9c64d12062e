"""How a stored value reads on a page: Swedish numbers with the indicator's unit, and the
reason a suppressed cell is hidden (hr-data.md §3.7, pages.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from attraktiv.formatting import MISSING, format_number
from attraktiv.indicators import output
from attraktiv.indicators.catalogue import Entry
from attraktiv.indicators.output import shown_part, value_text
from attraktiv.measurements.models import Measurement


def suppression_reason() -> str:
    """Why a cell is hidden, with this instance's threshold (hr-data.md §3.7)."""
    return output.suppression_reason(settings.MIN_PERSONS)


def change_text(entry: Entry, change: float | None) -> str:
    """A change since last year: signed, in percentage points for shares."""
    if change is None:
        return MISSING
    sign = "+" if change > 0 else ""
    unit = "procentenheter" if entry.unit == "%" else entry.unit
    number = format_number(change, entry.decimals)
    return f"{sign}{number}\u00a0{unit}" if unit not in ("antal", "index") else f"{sign}{number}"


@dataclass(frozen=True)
class Cell:
    """A value ready for a table cell, with its tooltip."""

    text: str
    title: str
    suppressed: bool
    persons: str
    numerator: str
    denominator: str


def cell(entry: Entry, measurement: Measurement | None, source: str) -> Cell:
    if measurement is None:
        return Cell(MISSING, "Inget värde", False, "", "", "")
    if measurement.suppressed:
        return Cell(MISSING, f"Dolt: {suppression_reason()}", True, MISSING, MISSING, MISSING)
    text = value_text(entry, measurement.value)
    return Cell(
        text=text,
        title=f"{entry.name_sv}, {measurement.period}: {text}. Källa: {source}",
        suppressed=False,
        persons=format_number(measurement.persons),
        numerator=shown_part(measurement.numerator),
        denominator=shown_part(measurement.denominator),
    )
