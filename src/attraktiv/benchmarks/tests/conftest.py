"""A realistic Kolada file (the API's JSON, v2: N60030 "Sjukfrånvaro, totalt" for 2023 for
three regions and Riket, each with T/K/M) and our own 2023 figure for the region."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from attraktiv.measurements.models import Measurement

# (municipality, period, T, K, M)
FIGURES_2023 = [
    ("0001", 2023, 6.1, 6.8, 3.9),  # Region Stockholm
    ("0012", 2023, 6.6, 7.3, 4.2),  # Region Skåne
    ("0013", 2023, 5.4, 6.0, 3.2),  # Region Halland
    ("0000", 2023, 6.3, 7.0, 4.0),  # Riket
]


def kolada_rows(
    figures: Sequence[tuple[str, int, float, float, float]], kpi: str = "N60030"
) -> list[dict[str, Any]]:
    return [
        {
            "kpi": kpi,
            "municipality": municipality,
            "period": period,
            "values": [
                {"count": 1, "gender": "K", "status": "", "value": women},
                {"count": 1, "gender": "M", "status": "", "value": men},
                {"count": 1, "gender": "T", "status": "", "value": total},
            ],
        }
        for municipality, period, total, women, men in figures
    ]


def write_kolada(path: Path, rows: list[dict[str, Any]], **extra: Any) -> Path:
    """As the API answers ``/v2/data/kpi/N60030/year/2023``, pretty-printed."""
    path.write_text(
        json.dumps({"count": len(rows), "values": rows, **extra}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The line of the ``occurrence``-th line containing ``needle``."""
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{needle} not in {path}")


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
