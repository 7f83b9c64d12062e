"""Downloads of an indicator's table: CSV in the §4 row format, and XLSX for people."""

from __future__ import annotations

import io

from attraktiv.core import tables
from attraktiv.indicators import DIMENSIONS
from attraktiv.indicators.catalogue import Entry
from attraktiv.indicators.output import shown_dimension, to_csv
from attraktiv.measurements.display import suppression_reason
from attraktiv.measurements.models import Measurement
from attraktiv.measurements.queries import as_rows
from attraktiv.organisation.models import Unit

HEADERS = [
    "År",
    "Enhet",
    "Kön",
    "Åldersgrupp",
    "Yrkesgrupp",
    "Roll",
    "Värde",
    "Täljare",
    "Nämnare",
    "Personer",
]


def csv_text(measurements: list[Measurement]) -> str:
    """§4 rows (the same columns as ``attraktiv kpi --format csv``)."""
    return to_csv(as_rows(measurements))


def xlsx_bytes(entry: Entry, unit: Unit, measurements: list[Measurement]) -> bytes:
    """A workbook with one sheet: title, source, the table, and the suppression note.

    Numbers are stored as numbers (formatted the Swedish way by Excel's locale); a hidden
    cell holds "–" and the note under the table says why.
    """
    buffer = io.BytesIO()
    workbook = tables.workbook(buffer)
    sheet = workbook.add_worksheet("Nyckeltal")
    bold = workbook.add_format({"bold": True})
    decimals = "0" if entry.decimals == 0 else "0." + "0" * entry.decimals
    number = workbook.add_format({"num_format": decimals})
    plain = workbook.add_format({"num_format": "0.##"})
    sheet.write_string(0, 0, f"{entry.name_sv} ({entry.unit}), {unit.name}", bold)
    sheet.write_string(1, 0, "Källa: Attraktiv, beräknat enligt hr-data.md §" + entry.section)
    for column, header in enumerate(HEADERS):
        sheet.write_string(3, column, header, bold)
    any_suppressed = False
    for offset, m in enumerate(measurements):
        row = 4 + offset
        sheet.write_string(row, 0, m.period)
        sheet.write_string(row, 1, unit.name)
        for column, dimension in enumerate(DIMENSIONS, start=2):
            value = getattr(m, dimension)
            sheet.write_string(row, column, shown_dimension(dimension, value or None))
        if m.suppressed:
            any_suppressed = True
            for column in range(6, 10):
                sheet.write_string(row, column, "–")
            continue
        for column, value, fmt in [
            (6, m.value, number),
            (7, m.numerator, plain),
            (8, m.denominator, plain),
            (9, m.persons, plain),
        ]:
            if value is None:
                sheet.write_blank(row, column, None)
            else:
                sheet.write_number(row, column, value, fmt)
    if any_suppressed:
        sheet.write_string(5 + len(measurements), 0, f"– Dolt: {suppression_reason()}.")
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 5, 18)
    sheet.set_column(6, 9, 12)
    workbook.close()
    return buffer.getvalue()
