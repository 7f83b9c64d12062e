"""A realistic Kolada file (the API's JSON, v2: N60030 "Sjukfrånvaro, totalt" for 2023 for
three regions and Riket, each with T/K/M) and our own 2023 figure for the region."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
