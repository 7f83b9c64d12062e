"""Hypothesis property of §3.7 with v1.3's units: on random unit trees and random staff, no
suppressed value can be recovered by subtracting shown values from a shown total.

A line is a set of cells that add up to a total: the breakdown cells of one unit (or of the
cells of one breakdown value in a cross-tabulation), and the child units of a unit together
with the persons placed directly on it ("direkt under enheten"), at each breakdown value. If
the total is shown, a line must not have exactly one suppressed cell with a population.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attraktiv.indicators import Engine
from attraktiv.indicators.tests.builder import dataset

YEAR = 2024
KPIS = ["headcount", "mean_age", "sick_leave_total", "sick_leave_long_share", "new_hires_kolada"]
BREAKDOWNS = [[], ["gender"], ["age_group"], ["gender", "age_group"]]


@st.composite
def unit_trees(draw) -> list[dict[str, Any]]:
    """A root and 1–3 further levels, each inner unit with 1–3 children."""
    depth = draw(st.integers(1, 3))
    units = [{"unit_id": "R", "name": "R", "parent_id": None}]
    level = ["R"]
    for _ in range(depth):
        below = []
        for parent in level:
            for child in range(draw(st.integers(1, 3))):
                unit_id = f"{parent}{child}"
                units.append({"unit_id": unit_id, "name": unit_id, "parent_id": parent})
                below.append(unit_id)
        level = below
    return units


@st.composite
def regions(draw) -> dict[str, list[dict[str, Any]]]:
    """Staff on any unit of a random tree, so some are placed directly on inner units;
    some hired in the year (new_hires_kolada), some sick, short or long."""
    units = draw(unit_trees())
    unit_ids = [unit["unit_id"] for unit in units]
    persons, employments, absences = [], [], []
    for n in range(draw(st.integers(1, 60))):
        persons.append(
            {
                "person_id": f"P{n}",
                "gender": draw(st.sampled_from(["K", "M"])),
                "birth_date": datetime.date(draw(st.integers(1958, 2001)), 6, 1),
            }
        )
        start = draw(st.sampled_from([datetime.date(2015, 1, 1), datetime.date(2024, 3, 1)]))
        for e in range(draw(st.integers(1, 2))):
            employments.append(
                {
                    "employment_id": f"E{n}-{e}",
                    "person_id": f"P{n}",
                    "unit_id": draw(st.sampled_from(unit_ids)),
                    "start_date": start,
                    "rate": 100.0 if e == 0 else 20.0,
                }
            )
        sick_days = draw(st.sampled_from([0, 0, 3, 70]))
        if sick_days:
            first = datetime.date(2024, 4, 1)
            absences.append(
                {
                    "person_id": f"P{n}",
                    "start_date": first,
                    "end_date": first + datetime.timedelta(sick_days - 1),
                }
            )
    return {"units": units, "persons": persons, "employments": employments, "absences": absences}


def lines(rows: list[dict[str, Any]], by: list[str], parents: dict[str, str]) -> Iterator[tuple]:
    """(total, cells) of every line of ``rows`` (one indicator) whose total is computed:
    within each unit and each direct cell along each dimension of ``by`` (a
    cross-tabulation's inner lines have no computed total, so nothing can be subtracted
    from it), and across the children and the direct cell of each parent, at each
    breakdown value and for the totals."""
    at = {(row["unit_id"], row.get("direct", False), *(row[d] for d in by)): row for row in rows}
    within: dict[tuple, list] = {}
    across: dict[tuple, list] = {}
    for (unit_id, direct, *values), row in at.items():
        if by and None not in values:
            for position in range(len(by)):
                others = (*values[:position], None, *values[position + 1 :])
                within.setdefault((unit_id, direct, *others), []).append(row)
        parent = unit_id if direct else parents.get(unit_id)
        if parent is not None:
            across.setdefault((parent, False, *values), []).append(row)
    for key, cells in [*within.items(), *across.items()]:
        if key in at:
            yield at[key], cells


def disclosed(row: dict[str, Any]) -> tuple:
    """What disclosure decides about a row (its sums may differ in the last bit between
    computations, by the order of summation)."""
    return (row["kpi"], row["unit_id"], row["suppressed"], row["persons"])


PROPERTY_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(regions(), st.sampled_from([1, 3, 10]))
def test_no_suppressed_value_is_recoverable_by_subtraction_along_any_line(tables, threshold):
    data = dataset(**tables)
    parents = {unit["unit_id"]: unit["parent_id"] for unit in tables["units"] if unit["parent_id"]}
    params = {"min_persons": str(threshold)}
    with Engine(data) as engine:
        totals = engine.compute(year=YEAR, kpis=KPIS, units="all", params=params)
        for by in BREAKDOWNS:
            rows = engine.compute(
                year=YEAR, kpis=KPIS, by=by, units="all", params=params, direct_cells=True
            )
            for kpi in KPIS:
                of_kpi = [row for row in rows if row["kpi"] == kpi]
                for row in of_kpi:
                    # Primary: a shown cell has no population or more than the threshold.
                    assert row["suppressed"] or not row["persons"] or row["persons"] > threshold
                for total, cells in lines(of_kpi, by, parents):
                    if total["suppressed"]:
                        continue
                    # A suppressed cell always has a population (§3: an empty cell is not
                    # suppressed), so this counts the suppressed cells with a population.
                    hidden = [cell for cell in cells if cell["suppressed"]]
                    assert len(hidden) != 1, (kpi, by, total, cells)
            # The unit totals of a breakdown's computation are those computed without one,
            # which the stored measurements keep (measurements.services).
            shown_totals = [
                row for row in rows if not row.get("direct") and all(row[d] is None for d in by)
            ]
            assert [disclosed(row) for row in shown_totals] == [disclosed(row) for row in totals]
