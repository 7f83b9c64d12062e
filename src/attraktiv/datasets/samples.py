"""The Data page's files to try an import with (issue 6, "the first hour").

- **Sample data**: a small region from the synthetic generator (``attraktiv.synthetic``) in
  the contract of hr-data.md §1, every table, as CSV files in a ZIP (for
  ``attraktiv import``) or as one XLSX workbook with a sheet per table (for "Ladda upp data").
  Its persons are keyed ``P000001`` … instead of the generator's made-up personnummer, so the
  files show no number that looks like a person's.
- **Mapping example**: ``examples/mappning/``, an export with Swedish file names, column names
  and codes, and the TOML mapping that reads it (``hrdata.mapping``).
"""

from __future__ import annotations

import csv
import functools
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from attraktiv.core import tables

SAMPLE_EMPLOYEES = 300
SAMPLE_YEARS = (2023, 2025)
SAMPLE_SEED = 2021
MAPPING_EXAMPLE = Path(__file__).resolve().parent / "examples" / "mappning"
# The contract's columns that hold a person's key.
PERSON_COLUMNS = {"persons", "employments", "absences", "salaries"}


@functools.cache
def sample_tables() -> dict[str, list[list[str]]]:
    """Every table of the sample region as text rows, header first (generated once)."""
    from attraktiv.synthetic.generator import generate

    with tempfile.TemporaryDirectory(prefix="attraktiv-sample-") as folder:
        generate(Path(folder), employees=SAMPLE_EMPLOYEES, years=SAMPLE_YEARS, seed=SAMPLE_SEED)
        tables = {}
        for path in sorted(Path(folder).glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                tables[path.stem] = list(csv.reader(handle))
    keys = {row[0]: f"P{index:06d}" for index, row in enumerate(tables["persons"][1:], 1)}
    for name in PERSON_COLUMNS & tables.keys():
        column = tables[name][0].index("person_id")
        for row in tables[name][1:]:
            row[column] = keys[row[column]]
    return tables


def sample_zip() -> bytes:
    """The sample region as one CSV file per table (UTF-8, comma-separated), zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sample_tables().items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(map(tables.csv_row, rows))
            archive.writestr(f"attraktiv-exempeldata/{name}.csv", text.getvalue())
    return buffer.getvalue()


def sample_workbook() -> bytes:
    """The sample region as one XLSX workbook, a sheet per table named like the table, the
    header in row 1 (the upload's workbook form, hr-data.md §1)."""
    buffer = io.BytesIO()
    workbook = tables.workbook(buffer)
    bold = workbook.add_format({"bold": True})
    for name, rows in sample_tables().items():
        sheet = workbook.add_worksheet(name)
        for column, header in enumerate(rows[0]):
            sheet.write_string(0, column, header, bold)
        for index, row in enumerate(rows[1:], 1):
            for column, cell in enumerate(row):
                write_cell(sheet, index, column, cell)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, len(rows[0]) - 1, 14)
    workbook.close()
    return buffer.getvalue()


def write_cell(sheet: Any, row: int, column: int, text: str) -> None:
    """Numbers as numbers (so Excel sums them); keys and dates stay text as in the CSV."""
    if text == "":
        return
    try:
        number = float(text)
    except ValueError:
        sheet.write_string(row, column, text)
        return
    if text.isdigit() and text.startswith("0") and len(text) > 1:
        sheet.write_string(row, column, text)  # a code with a leading zero
    else:
        sheet.write_number(row, column, number)


def mapping_example_zip() -> bytes:
    """The mapping example's export files and ``mappning.toml``, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(MAPPING_EXAMPLE.iterdir()):
            archive.write(path, f"attraktiv-mappningsexempel/{path.name}")
    return buffer.getvalue()
