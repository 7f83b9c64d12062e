"""The programme overview's indicator table as a download (pages.md, "Every table can be
downloaded"): per indicator its area, goal, baseline, latest value, target and status, for
the judged year."""

from __future__ import annotations

from typing import Any

from attraktiv.core import tables
from attraktiv.measurements.display import suppression_reason
from attraktiv.programmes.display import not_split_text, status_text
from attraktiv.programmes.models import Indicator, Programme
from attraktiv.programmes.status import latest_observation

HEADERS = [
    "Område",
    "Mål",
    "Indikator",
    "Enhet",
    "Nuläge",
    "Nulägesdatum",
    "Senaste värde",
    "År",
    "Målvärde",
    "Målår",
    "Riktning",
    "Status",
    "Kvinnor",
    "Män",
    "Källa",
]


def split_value(indicator: Indicator, observations, year: int) -> tables.Cell:
    """Women's or men's latest value as a number; a hidden one says why (hr-data.md §3.7), an
    indicator not split by gender says so."""
    if not indicator.gender_split:
        return not_split_text()
    found = latest_observation(observations, year)
    if found is None:
        return None
    return suppression_reason() if found.value is None else found.value


def rows(blocks: list[dict[str, Any]], year: int) -> list[list[tables.Cell]]:
    """One row per indicator of ``overview.programme_blocks``; numbers stay numbers."""
    result: list[list[tables.Cell]] = []
    for area_block in blocks:
        for goal in area_block["goals"]:
            for row in goal.indicators:
                indicator = row.indicator
                observation = row.judgement.observation
                series = row.judgement.series
                targets = list(indicator.targets.all())
                baseline = indicator.baseline_value
                result.append(
                    [
                        area_block["area"].name,
                        f"{goal.goal.ref} {goal.goal.text}",
                        indicator.name,
                        indicator.measure_unit,
                        None if baseline is None else float(baseline),
                        indicator.baseline_date.isoformat() if indicator.baseline_date else None,
                        observation.value if observation else None,
                        observation.year if observation else None,
                        float(targets[-1].value) if targets else None,
                        targets[-1].year if targets else None,
                        "↑" if indicator.direction == "up" else "↓",
                        status_text(row.judgement.status),
                        split_value(indicator, series.women if series else (), year),
                        split_value(indicator, series.men if series else (), year),
                        indicator.get_source_display(),
                    ]
                )
    return result


def csv_text(blocks: list[dict[str, Any]], year: int) -> str:
    return tables.csv_text(HEADERS, rows(blocks, year))


def xlsx_bytes(programme: Programme, year: int, blocks: list[dict[str, Any]]) -> bytes:
    return tables.xlsx_bytes(
        "Indikatorer",
        f"{programme.name}: indikatorer bedömda för {year}",
        "Källa: Attraktiv (nyckeltal ur HR-data, enkät och inmatade värden)",
        HEADERS,
        rows(blocks, year),
        widths=(24, 40, 40, 8, 10, 12, 12, 6, 10, 8, 8, 14, 10, 10, 24),
    )
