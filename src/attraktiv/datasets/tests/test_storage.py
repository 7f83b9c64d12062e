"""Storing a data set and reading it back through ADBC, on SQLite and on PostgreSQL.

The tests that read through ADBC commit their data (``transaction=True``): ADBC opens its
own connection, which sees committed data only, as the recompute job does.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.datasets.models import Absence, Employment, ImportRecord, ImportStatus, Person
from attraktiv.datasets.services import (
    extract_dataset,
    import_dataset,
    store_dataset,
    years_covered,
)
from attraktiv.datasets.tests.sample import UNITS, sample_dataset, write_csv_folder
from attraktiv.hrdata.schema import TABLES
from attraktiv.organisation.models import Occupation, Unit


def in_order(table: pa.Table) -> pa.Table:
    return table.sort_by([(name, "ascending") for name in table.column_names])


def assert_same_tables(stored: dict[str, pa.Table], expected: dict[str, pa.Table]) -> None:
    assert set(stored) == set(TABLES)
    for name, schema in TABLES.items():
        assert stored[name].schema == schema, name
        assert in_order(stored[name]).equals(in_order(expected[name])), name


@pytest.mark.django_db(transaction=True)
def test_store_then_extract_through_adbc_gives_the_same_tables():
    dataset = sample_dataset()
    # Nulls where the contract allows them, including at the top of a column.
    assert dataset["employments"]["end_date"].null_count > 0
    assert dataset["units"]["kind"].null_count == 1
    assert dataset["occupations"]["group"].null_count == 1
    record = store_dataset(dataset)
    assert record.status == ImportStatus.STORED
    assert record.row_counts["absences"] == dataset["absences"].num_rows
    assert_same_tables(extract_dataset(), dataset)


@pytest.mark.django_db(transaction=True)
def test_an_import_replaces_all_microdata():
    store_dataset(sample_dataset(12))
    smaller = sample_dataset(5)
    store_dataset(smaller)
    assert Person.objects.count() == 5
    assert Employment.objects.count() == 5
    assert Absence.objects.count() == smaller["absences"].num_rows
    assert_same_tables(extract_dataset(), smaller)


@pytest.mark.django_db
def test_an_empty_optional_table_is_stored_and_read_as_empty():
    dataset = sample_dataset()
    dataset["surveys"] = TABLES["surveys"].empty_table()
    record = store_dataset(dataset)
    assert record.row_counts["surveys"] == 0


def test_the_years_covered_run_from_the_first_absence_to_the_last_data():
    dataset = sample_dataset()
    assert years_covered(dataset, today=date(2026, 1, 1)) == (2023, 2024)
    # Never beyond this year, even when an employment ends in the future.
    assert years_covered(dataset, today=date(2023, 5, 1)) == (2023, 2023)


@pytest.mark.django_db
def test_a_valid_folder_is_imported_with_files_checksums_and_rows(good_folder, django_user_model):
    user = django_user_model.objects.create(username="importer")
    record = import_dataset(good_folder, user=user, enqueue_recompute=False)
    assert record.status == ImportStatus.STORED, record.error_lines
    assert record.user == user
    files = {f["name"]: f for f in record.files}
    assert files["persons.csv"]["rows"] == 12
    assert len(files["persons.csv"]["sha256"]) == 64
    assert record.row_counts["persons"] == 12
    assert (record.first_year, record.last_year) == (2023, 2024)
    assert Person.objects.count() == 12
    assert set(Unit.objects.values_list("unit_id", flat=True)) == {u[0] for u in UNITS}
    assert Occupation.objects.get(code="USK").group.name == "USK"


@pytest.mark.django_db
def test_the_import_enqueues_the_recompute_job(good_folder):
    from django_tasks_db.models import DBTaskResult

    record = import_dataset(good_folder, user=None)
    assert record.recompute_status == "queued"
    job = DBTaskResult.objects.get()
    assert job.task_path == "attraktiv.measurements.tasks.recompute_measurements"
    assert job.args_kwargs == {"args": [record.pk], "kwargs": {}}


def failing_import_changes_nothing(bad_folder, tmp_path):
    good = write_csv_folder(tmp_path / "first")
    first = import_dataset(good, user=None, enqueue_recompute=False)
    before = extract_dataset()
    units_before = list(Unit.objects.values_list("pk", "unit_id", "path"))

    rejected = import_dataset(bad_folder, user=None, enqueue_recompute=False)

    assert rejected.status == ImportStatus.REJECTED
    assert rejected.error_count >= 1
    assert any(line.startswith("employments.csv:3: rate:") for line in rejected.error_lines)
    assert rejected.row_counts == {}
    assert {f["name"] for f in rejected.files} >= {"employments.csv", "units.csv"}
    assert list(Unit.objects.values_list("pk", "unit_id", "path")) == units_before
    assert_same_tables(extract_dataset(), before)
    assert list(ImportRecord.objects.order_by("pk")) == [first, rejected]


@pytest.mark.django_db(transaction=True)
def test_a_failed_import_changes_nothing(bad_folder, tmp_path):
    failing_import_changes_nothing(bad_folder, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_unit_still_in_use_rejects_the_import_and_nothing_changes(tmp_path):
    first = import_dataset(write_csv_folder(tmp_path / "a"), user=None, enqueue_recompute=False)
    ensure_user("chef", "x", Role.MANAGER, [Unit.objects.get(unit_id="B")])
    before = extract_dataset()
    # B disappears from the tree; its employees move to A1.
    units = [unit for unit in UNITS if unit[0] != "B"]
    record = import_dataset(
        write_csv_folder(tmp_path / "b", n=6, units=units), user=None, enqueue_recompute=False
    )
    assert record.status == ImportStatus.REJECTED
    assert "används fortfarande och kan inte tas bort" in record.error_lines[0]
    assert Unit.objects.filter(unit_id="B").exists()
    assert_same_tables(extract_dataset(), before)
    assert first.pk < record.pk


@pytest.mark.django_db(transaction=True)
def test_measurements_of_a_vanished_unit_go_with_it(tmp_path):
    from attraktiv.measurements.models import Measurement

    import_dataset(write_csv_folder(tmp_path / "a"), user=None, enqueue_recompute=False)
    Measurement.objects.create(
        kpi="headcount",
        period="2024",
        unit=Unit.objects.get(unit_id="B"),
        computed_at="2025-01-01T00:00Z",
    )
    units = [unit for unit in UNITS if unit[0] != "B"]
    record = import_dataset(
        write_csv_folder(tmp_path / "b", n=6, units=units), user=None, enqueue_recompute=False
    )
    assert record.status == ImportStatus.STORED, record.error_lines
    assert not Measurement.objects.exists()
