"""A realistic Kolada file (the API's JSON, v2: N60030 "Sjukfrånvaro, totalt" for 2023 for
three regions and Riket, each with T/K/M) and our own 2023 figure for the region."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from attraktiv.benchmarks.tests.helpers import FIGURES_2023, kolada_rows, write_kolada
from attraktiv.measurements.models import Measurement


@pytest.fixture
def kolada_file(tmp_path) -> Path:
    return write_kolada(tmp_path / "kolada_N60030_2023.json", kolada_rows(FIGURES_2023))


@pytest.fixture
def our_figures(region):
    """The region's own stored sick leave for 2022 and 2023 (total, women, men)."""
    computed = timezone.make_aware(datetime.datetime(2024, 2, 1, 12))
    rows = []
    for period, total, women, men in (("2022", 6.0, 6.7, 3.8), ("2023", 5.8, 6.5, 3.5)):
        rows += [
            Measurement(
                kpi="sick_leave_total",
                period=period,
                unit=region["R"],
                gender=gender,
                value=value,
                numerator=value * 10,
                denominator=1000,
                persons=500,
                computed_at=computed,
            )
            for gender, value in (("", total), ("K", women), ("M", men))
        ]
    Measurement.objects.bulk_create(rows)
