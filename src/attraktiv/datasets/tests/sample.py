"""A small, valid data set (hr-data.md §1), as Arrow tables and as CSV files in a folder."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
from django.core.files.uploadedfile import SimpleUploadedFile

from attraktiv.hrdata.schema import TABLES

UNITS = [
    ("R", "Region Test", None, "region"),
    ("A", "Alfa", "R", "forvaltning"),
    ("B", "Beta", "R", None),
    ("A1", "Alfa ett", "A", "enhet"),
]
OCCUPATIONS = [("SSK", "Sjuksköterska", "Sjuksköterskor"), ("USK", "Undersköterska", None)]


def persons(n: int = 12) -> list[tuple]:
    return [
        (f"P{i:03d}", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), "K" if i % 2 else "M")
        for i in range(n)
    ]


def demo_units() -> list[tuple]:
    """The demo region's units (core/demo/units.csv), so demo users' roles stay valid."""
    from attraktiv.core.management.commands.demo import read_demo_units

    return [(r.unit_id, r.name, r.parent_id, r.kind or None) for r in read_demo_units()]


def sample_rows(n: int = 12, units: list[tuple] | None = None) -> dict[str, list[tuple]]:
    units = units or UNITS
    parents = {unit[2] for unit in units}
    leaves = [unit[0] for unit in units if unit[0] not in parents]
    placed = [unit[0] for unit in units if unit[2] is not None]
    people = persons(n)
    employments = []
    absences = []
    salaries = []
    for i, (person_id, _birth, _gender) in enumerate(people):
        unit = placed[i % len(placed)]
        monthly = i % 4 != 3
        employments.append(
            (
                f"E{i:03d}",
                person_id,
                unit,
                "SSK" if i % 2 else "USK",
                date(2015, 1, 1),
                date(2023, 6, 30) if i == 5 else None,
                100.0 if monthly else None,
                "M" if monthly else "T",
                "tillsvidare" if i % 5 else "visstid",
                1 if i == 0 else 0,
                40.0 if i % 6 else 38.25,
                "pension" if i == 5 else None,
            )
        )
        absences.append(
            (person_id, date(2023, 3, 1 + i % 25), date(2023, 3, 3 + i % 25), "sjuk", 100.0)
        )
        if i % 3 == 0:
            absences.append((person_id, date(2024, 2, 5), date(2024, 2, 9), "foraldraledig", 50.0))
        salaries.append((person_id, date(2024, 9, 1), 30000.0 + 250.5 * i))
    surveys = [
        (
            "MU2024",
            2024,
            f"R{j}",
            leaves[j % len(leaves)],
            1 if j % 5 == 0 else 0,
            "K" if j % 3 else None,
            q,
            None if (j + k) % 7 == 0 else 1 + (j + k) % 5,
        )
        for j in range(8)
        for k, q in enumerate(["HME1", "HME4", "EGEN1"])
    ]
    staffing = [
        (leaves[0], f"2024-{m:02d}", 1000.0 + m, None if m == 3 else 50.0, 400000.0, 20000.0)
        for m in range(1, 4)
    ]
    sam = [(2024, leaves[0], "chef-1", 1), (2024, leaves[-1], "chef-2", 0)]
    return {
        "units": units,
        "persons": people,
        "employments": employments,
        "absences": absences,
        "surveys": surveys,
        "staffing": staffing,
        "sam": sam,
        "salaries": salaries,
        "occupations": OCCUPATIONS,
    }


def sample_dataset(n: int = 12, units: list[tuple] | None = None) -> dict[str, pa.Table]:
    """Every table of ``schema.TABLES``, in its exact schema."""
    rows = sample_rows(n, units)
    return {
        name: pa.Table.from_pylist(
            [dict(zip(schema.names, row, strict=True)) for row in rows[name]], schema=schema
        )
        for name, schema in TABLES.items()
    }


def write_csv_folder(
    folder: Path, n: int = 12, units: list[tuple] | None = None, skip: tuple[str, ...] = ()
) -> Path:
    """Write the sample as one CSV file per table into ``folder`` (except ``skip``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sample_rows(n, units).items():
        if name in skip:
            continue
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(TABLES[name].names)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
    return folder


# The headers of the import page's HTMX poll while the files are read.
HX_READING = {"HX-Request": "true", "HX-Target": "import-reading"}


def uploads(folder: Path) -> list[SimpleUploadedFile]:
    """The folder's files as the upload form receives them."""
    return [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted(folder.iterdir())
    ]
