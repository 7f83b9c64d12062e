"""How a stored value reads on a page: Swedish numbers with the indicator's unit, and the
reason a suppressed cell is hidden (hr-data.md §3.7, pages.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from attraktiv.core.formatting import MISSING, format_number
from attraktiv.indicators.catalogue import Entry
from attraktiv.measurements.models import Measurement

DIMENSION_VALUES = {
    "gender": {"K": "Kvinnor", "M": "Män"},
    "age_group": {"-29": "≤29 år", "30-49": "30–49 år", "50-": "≥50 år"},
    "role": {"chef": "Chefer", "medarbetare": "Medarbetare"},
}


def suppression_reason() -> str:
    return f"färre än {settings.MIN_PERSONS + 1} personer"


def value_text(entry: Entry, value: float | None) -> str:
    number = format_number(value, entry.decimals)
    if value is None or entry.unit in ("antal", "årsarbetare", "index"):
        return number
    return f"{number}\u00a0{entry.unit}"


def change_text(entry: Entry, change: float | None) -> str:
    """A change since last year: signed, in percentage points for shares."""
    if change is None:
        return MISSING
    sign = "+" if change > 0 else ""
    unit = "procentenheter" if entry.unit == "%" else entry.unit
    number = format_number(change, entry.decimals)
    return f"{sign}{number}\u00a0{unit}" if unit not in ("antal", "index") else f"{sign}{number}"


def dimension_text(dimension: str, value: str) -> str:
    return DIMENSION_VALUES.get(dimension, {}).get(value, value)


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
        numerator=_part(measurement.numerator),
        denominator=_part(measurement.denominator),
    )


def _part(value: float | None) -> str:
    if value is None:
        return ""
    return format_number(value, 0 if float(value).is_integer() else 1)
