"""Recomputing the stored measurements from the stored microdata, through the real engine."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from attraktiv import indicators as engine
from attraktiv.datasets.models import ImportRecord, RecomputeStatus
from attraktiv.datasets.services import import_dataset, store_dataset
from attraktiv.datasets.tests.sample import sample_dataset, write_csv_folder
from attraktiv.measurements.models import Measurement
from attraktiv.measurements.services import recompute

# ADBC reads committed data only: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def key(kpi, period, unit_id, gender, age_group, occupation_group, role):
    return (kpi, period, unit_id, gender or "", age_group or "", occupation_group or "", role or "")


def test_recompute_stores_the_engine_rows_for_every_year_and_breakdown():
    dataset = sample_dataset()
    record = store_dataset(dataset)
    progress: list[float] = []

    stored = recompute(lambda fraction, message: progress.append(fraction), source_import=record)

    assert stored == Measurement.objects.count() > 0
    assert set(Measurement.objects.values_list("period", flat=True)) == {"2023", "2024"}
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert not Measurement.objects.exclude(source_import=record).exists()

    expected = {}
    for by in [(), ("gender",), ("age_group",), ("occupation_group",), ("role",)]:
        for row in engine.compute(dataset, year=2024, by=by, units="all"):
            if by and row[by[0]] is None:
                continue  # the totals are stored once
            expected[key(*(row[c] for c in list(row)[:7]))] = (
                row["value"],
                row["persons"],
                row["suppressed"],
            )
    got = {
        key(m.kpi, m.period, m.unit.unit_id, m.gender, m.age_group, m.occupation_group, m.role): (
            m.value,
            m.persons,
            m.suppressed,
        )
        for m in Measurement.objects.filter(period="2024").select_related("unit")
    }
    assert got == expected
    # Each stored row is in at most one breakdown dimension.
    for cells in Measurement.objects.values("gender", "age_group", "occupation_group", "role"):
        assert sum(1 for value in cells.values() if value) <= 1


def test_a_second_recompute_replaces_the_first():
    record = store_dataset(sample_dataset())
    first = recompute(source_import=record)
    second = recompute(source_import=record)
    assert first == second == Measurement.objects.count()


def test_the_background_job_recomputes_and_reports_its_progress(tmp_path):
    record = import_dataset(write_csv_folder(tmp_path / "data"), user=None)
    assert record.recompute_status == RecomputeStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    record = ImportRecord.objects.get(pk=record.pk)
    assert record.recompute_status == RecomputeStatus.DONE, record.recompute_message
    assert record.recompute_progress == 1.0
    assert record.recomputed_at is not None
    assert Measurement.objects.filter(source_import=record).exists()


def test_programme_indicators_with_their_own_parameters_are_stored_as_variants():
    """A programme indicator may follow an engine indicator with its own parameters
    (issue 4: "with its parameters"); the recompute stores those figures under the variant's
    id and the programme reads them."""
    from attraktiv.programmes.models import Area, Goal, Indicator, Programme
    from attraktiv.programmes.services import indicator_series

    programme = Programme.objects.create(code="p", name="P", first_year=2023, last_year=2025)
    goal = Goal.objects.create(area=Area.objects.create(programme=programme, name="A"), ref="1")
    params = {"low_threshold": "50.0", "min_persons_workplace": "1"}
    indicator = Indicator.objects.create(
        goal=goal,
        ref="1.1",
        name="Låg sjukfrånvaro",
        measure_unit="%",
        direction="up",
        source="engine",
        kpi="low_stable_workplaces_share",
        kpi_params=params,
    )
    dataset = sample_dataset()
    store_dataset(dataset)
    recompute()
    key = "low_stable_workplaces_share?low_threshold=50.0&min_persons_workplace=1"
    assert indicator.measurement_kpi == key
    root = engine.compute(dataset, year=2024, kpis=["low_stable_workplaces_share"], params=params)[
        0
    ]
    stored = Measurement.objects.get(kpi=key, period="2024", unit__parent=None, gender="")
    assert (stored.value, stored.numerator, stored.denominator) == (
        root["value"],
        root["numerator"],
        root["denominator"],
    )
    default = Measurement.objects.get(
        kpi="low_stable_workplaces_share", period="2024", unit__parent=None, gender=""
    )
    assert stored.numerator != default.numerator or stored.denominator != default.denominator
    assert [o.value for o in indicator_series(indicator).total if o.year == 2024] == [stored.value]
