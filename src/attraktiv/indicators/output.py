"""Writing engine rows (hr-data.md §4) as JSON, CSV or a Swedish table for people.

``spreadsheet_text`` is the product's one guard against formulas in the files it writes
(OWASP, "CSV Injection"); it lives here, with no Django, so that the engine's own CSV uses it
as well as ``attraktiv.core.tables``, through which every page and command writes CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from attraktiv.formatting import format_number
from attraktiv.indicators.catalogue import Entry, entry_for
from attraktiv.indicators.engine import DIMENSIONS, OUTPUT_COLUMNS

DIMENSION_LABELS = {
    "gender": "Kön",
    "age_group": "Åldersgrupp",
    "occupation_group": "Yrkesgrupp",
    "role": "Roll",
}
DIMENSION_VALUES = {
    "gender": {"K": "Kvinnor", "M": "Män"},
    "age_group": {"-29": "≤29 år", "30-49": "30–49 år", "50-": "≥50 år"},
    "role": {"chef": "Chefer", "medarbetare": "Medarbetare"},
}
# Units written after the number; counts, årsarbetare and indices stand alone.
UNITS_AFTER_THE_NUMBER = ("%", "år", "kr")


def suppression_reason(min_persons: int) -> str:
    """Why a cell is hidden (hr-data.md §3.7), as the product says it."""
    return f"färre än {min_persons + 1} personer"


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    """An array of row objects with exactly the keys of §4, full precision."""
    return json.dumps(
        [{key: row[key] for key in OUTPUT_COLUMNS} for row in rows], ensure_ascii=False, indent=1
    )


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=OUTPUT_COLUMNS, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(row[key]) for key in OUTPUT_COLUMNS})
    return buffer.getvalue()


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number such as the age band "-29" or "-3,5" cannot run anything.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula (OWASP, "CSV Injection").

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe, which Excel and LibreOffice take as "this cell is text", so
    ``=cmd|' /C calc'!A0`` in an action or a comment stays words in a downloaded CSV. A plain
    number written as text is left as it is. Numbers themselves are not text and never pass
    through here.
    """
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def shown_part(value: float | int | None) -> str:
    """A numerator or denominator: whole numbers without decimals, others with two."""
    if value is None:
        return ""
    return format_number(value, 0 if float(value).is_integer() else 2)


def shown_dimension(dimension: str, value: Any) -> str:
    if value is None:
        return "Alla"
    return DIMENSION_VALUES.get(dimension, {}).get(value, str(value))


def shown_value(row: dict[str, Any]) -> str:
    if row["suppressed"]:
        return "–*"
    return value_text(entry_for(row["kpi"]), row["value"])


def value_text(entry: Entry, value: float | None) -> str:
    """A value as a Swedish HR report writes it: ``7,3 %``, ``64,61 år``, ``55 147``."""
    number = format_number(value, entry.decimals)
    if value is None or entry.unit not in UNITS_AFTER_THE_NUMBER:
        return number
    return f"{number}\u00a0{entry.unit}"


def to_table(rows: Sequence[dict[str, Any]], by: Sequence[str], min_persons: int) -> str:
    """Rows as an aligned text table in Swedish, numbers right-aligned."""
    header = [
        "Nyckeltal",
        "Period",
        "Enhet",
        *(DIMENSION_LABELS[d] for d in by),
        "Värde",
        "Täljare",
        "Nämnare",
        "Personer",
    ]
    lines = []
    for row in rows:
        lines.append(
            [
                entry_for(row["kpi"]).name_sv,
                row["period"],
                row["unit_id"],
                *(shown_dimension(d, row[d]) for d in by),
                shown_value(row),
                shown_part(row["numerator"]),
                shown_part(row["denominator"]),
                shown_part(row["persons"]),
            ]
        )
    numeric_from = 3 + len(by)
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    rendered = []
    for cells in [header, *lines]:
        rendered.append(
            "  ".join(
                str(cell).rjust(width) if index >= numeric_from else str(cell).ljust(width)
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )
    if any(row["suppressed"] for row in rows):
        rendered.append(f"* Dolt: {suppression_reason(min_persons)} (röjandekontroll, §3.7).")
    return "\n".join(rendered) + "\n"


assert set(DIMENSION_LABELS) == set(DIMENSIONS)
