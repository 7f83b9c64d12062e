"""No personnummer, in any spelling, anywhere after an import (hr-data.md §1, v1.3 spellings).

A data set whose person ids are personnummer written as exports write them is imported
through the real import service, the figures are recomputed, a second, miswritten data set is
rejected; then every row of every table of every app, the captured logs and the import
records' warnings and errors are searched for the numbers: their 10 and 12 digits in every
value stripped of everything but digits, and every spelling literally. Runs on SQLite and,
with ``DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from attraktiv.datasets.models import MICRODATA_MODELS, ImportRecord, ImportStatus, Person
from attraktiv.datasets.services import import_dataset
from attraktiv.datasets.tests.sample import write_csv_folder
from attraktiv.measurements.tasks import recompute_for_import

# Valid numbers (Luhn), as 12 digits: a man born 1965, a man born 1959, a samordningsnummer
# (born 1970-10-03), a woman of 100 or more (written with +), a man born 1981.
NUMBERS = ["196509229735", "195901177492", "197010632391", "191212121220", "198112189876"]

# For each number: its spelling in persons.csv, employments.csv, absences.csv, salaries.csv.
SPELLINGS = {
    "P000": ["19650922 9735", "650922–9735", " 19650922—9735 ", "6509229735"],
    "P001": ["19590117–7492", "590117‐7492", "19590117‑7492", "5901177492"],
    "P002": ["701063–2391", "19701063 2391", "701063-2391", "197010632391"],
    "P003": ["121212+1220", "121212 + 1220", "19121212–1220", "191212121220"],
    "P004": ["8112 18-98 76", "19811218\u00a09876", "811218\u22129876", "198112189876"],
}
PERSON_FILES = ["persons.csv", "employments.csv", "absences.csv", "salaries.csv"]
KEY_SPELLINGS = {  # personnummer in other key columns: employment_id, respondent, manager_key
    ("employments.csv", "employment_id", "E000"): "19650922 9735",
    ("surveys.csv", "respondent", "R1"): "590117–7492",
    ("sam.csv", "manager_key", "chef-1"): "19811218—9876",
}
MISWRITTEN = {  # a rejected data set: one wrong check digit, one digit too many
    ("persons.csv", "person_id", "P000"): "19650922 9736",
    ("absences.csv", "person_id", "P001"): "19590117–74921",
}
WRONG_NUMBERS = ["196509229736", "1959011774921"]


def rewrite(folder: Path, file: str, column: str, values: dict[str, str]) -> None:
    """Replace the values of ``column`` in ``folder/file`` as ``values`` says."""
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    index = header.index(column)
    for row in rows:
        row[index] = values.get(row[index], row[index])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def spelled_folder(folder: Path) -> Path:
    """The sample data set (datasets/tests/sample.py) with personnummer as person ids."""
    write_csv_folder(folder)
    for position, file in enumerate(PERSON_FILES):
        rewrite(folder, file, "person_id", {key: s[position] for key, s in SPELLINGS.items()})
    # birth date and gender come from the personnummer
    path = folder / "persons.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    persons_spellings = {s[0] for s in SPELLINGS.values()}
    rows = [[r[0], "", ""] if r[0] in persons_spellings else r for r in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    for (file, column, key), spelling in KEY_SPELLINGS.items():
        rewrite(folder, file, column, {key: spelling})
    return folder


def all_spellings() -> set[str]:
    found = {s.strip() for spellings in SPELLINGS.values() for s in spellings}
    found |= {s.strip() for s in [*KEY_SPELLINGS.values(), *MISWRITTEN.values()]}
    return found


def database_texts() -> Iterator[str]:
    """Every value of every row of every table in the database, as text, and the dump."""
    tables = connection.introspection.table_names(include_views=False)
    assert {"datasets_person", "datasets_importrecord", "auth_user"} <= set(tables)
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {name}")  # the names come from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        yield bytes(value).decode("latin-1")
                    elif value is not None:
                        yield str(value)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT t::text FROM {name} AS t")
                yield from (row[0] for row in cursor.fetchall())
    if connection.vendor == "sqlite":
        yield from connection.connection.iterdump()


def assert_no_personnummer(texts: list[str], numbers: list[str], spellings: set[str]) -> None:
    for text in texts:
        digits = re.sub(r"\D", "", text)
        for number in numbers:
            assert number not in digits and number[2:] not in digits, f"{number[2:8]}… found"
        for spelling in spellings:
            assert spelling not in text, "a spelling found"


@pytest.mark.django_db(transaction=True)
def test_an_import_with_spelled_personnummer_leaves_none_anywhere(tmp_path, caplog):
    """The issue's "Done when": the spellings import, and no personnummer is found in any
    spelling in the database or the logs."""
    caplog.set_level(logging.DEBUG)
    good = spelled_folder(tmp_path / "good")
    record = import_dataset(good, user=None, enqueue_recompute=False)
    assert record.status == ImportStatus.STORED, record.errors
    assert record.row_counts["persons"] == 12
    recompute_for_import(record.pk)
    # every spelling of one number is one person, in every table
    assert Person.objects.count() == 12
    persons = set(Person.objects.values_list("person_id", flat=True))
    for table in ("employments", "absences", "salaries"):
        manager = MICRODATA_MODELS[table]._default_manager
        assert set(manager.values_list("person_id", flat=True)) == persons, table

    bad = spelled_folder(tmp_path / "bad")
    for (file, column, key), spelling in MISWRITTEN.items():
        rewrite(bad, file, column, {SPELLINGS[key][PERSON_FILES.index(file)]: spelling})
    rejected = import_dataset(bad, user=None, enqueue_recompute=False)
    assert rejected.status == ImportStatus.REJECTED
    assert "persons.csv:2: person_id: ser ut som ett felskrivet personnummer" in (
        rejected.error_lines
    )
    assert any(
        line.startswith("absences.csv:") and line.endswith("ser ut som ett felskrivet personnummer")
        for line in rejected.error_lines
    )

    texts = list(database_texts())
    texts += [record.getMessage() for record in caplog.records]
    texts += [record.exc_text for record in caplog.records if record.exc_text]
    for stored in ImportRecord.objects.all():
        texts += [str(issue) for issue in stored.warnings + stored.errors]
        texts += stored.error_lines + stored.warning_lines
    assert len(texts) > 1000
    assert_no_personnummer(texts, NUMBERS + WRONG_NUMBERS, all_spellings())
