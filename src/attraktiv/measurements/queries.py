"""Reading stored measurements for pages and exports (no state changes here)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from attraktiv.indicators import DIMENSIONS
from attraktiv.indicators.catalogue import CATALOGUE, Entry, entry_for
from attraktiv.measurements.models import Measurement
from attraktiv.organisation.models import Unit

ALL = {dimension: "" for dimension in DIMENSIONS}


def totals(kpi: str, unit: Unit) -> QuerySet[Measurement]:
    """The unit's total value per period, oldest first."""
    return Measurement.objects.filter(kpi=kpi, unit=unit, **ALL).order_by("period")


def breakdown(kpi: str, unit: Unit, dimension: str, period: str | None = None):
    """The unit's cells of one breakdown dimension (one per value), by period."""
    others = {d: "" for d in DIMENSIONS if d != dimension}
    cells = Measurement.objects.filter(kpi=kpi, unit=unit, **others).exclude(**{dimension: ""})
    if period is not None:
        cells = cells.filter(period=period)
    return cells.order_by("period", dimension)


def children_totals(kpi: str, children: list[Unit], period: str) -> dict[int, Measurement]:
    """Each child unit's total for the period, by unit pk."""
    rows = Measurement.objects.filter(kpi=kpi, period=period, unit__in=children, **ALL)
    return {row.unit_id: row for row in rows}


@dataclass(frozen=True)
class Latest:
    entry: Entry
    period: str | None
    current: Measurement | None
    previous: Measurement | None

    @property
    def change(self) -> float | None:
        """The change since the year before, in the indicator's unit."""
        if not self.current or not self.previous:
            return None
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


def latest_by_kpi(unit: Unit) -> list[Latest]:
    """Every indicator computed for the unit, with its latest and the year before."""
    series: dict[str, list[Measurement]] = defaultdict(list)
    for row in Measurement.objects.filter(unit=unit, **ALL).order_by("period"):
        series[row.kpi].append(row)
    found = []
    for kpi, rows in series.items():
        try:
            entry = entry_for(kpi)
        except KeyError:
            continue
        current = rows[-1]
        previous = rows[-2] if len(rows) > 1 else None
        found.append(Latest(entry, current.period, current, previous))
    order = {kpi: index for index, kpi in enumerate(CATALOGUE)}
    return sorted(found, key=lambda latest: (order.get(latest.entry.kpi, 999), latest.entry.kpi))


def as_rows(measurements: list[Measurement]) -> list[dict[str, Any]]:
    """Measurements as §4 rows (null for an unbroken dimension)."""
    return [
        {
            "kpi": m.kpi,
            "period": m.period,
            "unit_id": m.unit.unit_id,
            **{d: getattr(m, d) or None for d in DIMENSIONS},
            "value": m.value,
            "numerator": m.numerator,
            "denominator": m.denominator,
            "persons": m.persons,
            "suppressed": m.suppressed,
        }
        for m in measurements
    ]
