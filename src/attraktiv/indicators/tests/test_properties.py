"""Hypothesis properties of the engine (issue 3): bands add up, roll-up equals
recomputation on the merged subtree, and disclosure never shows a cell with too few
persons."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attraktiv.indicators import compute
from attraktiv.indicators.tests.builder import dataset

YEAR = 2024
UNITS = ["W1", "W2", "W3"]


@st.composite
def regions(draw, max_people=25):
    """Random staff in three workplaces under V (W1, W2) and R (W3), with sick periods."""
    people = draw(st.integers(min_value=1, max_value=max_people))
    persons, employments, absences = [], [], []
    for n in range(people):
        persons.append(
            {
                "person_id": f"P{n}",
                "gender": draw(st.sampled_from(["K", "M"])),
                "birth_date": datetime.date(draw(st.integers(1955, 2003)), 6, 1),
            }
        )
        for e in range(draw(st.integers(1, 2))):
            start = datetime.date(2022, 1, 1) + datetime.timedelta(draw(st.integers(0, 900)))
            employments.append(
                {
                    "employment_id": f"E{n}-{e}",
                    "person_id": f"P{n}",
                    "unit_id": draw(st.sampled_from(UNITS)),
                    "start_date": start,
                    "rate": float(draw(st.sampled_from([50, 75, 100]))),
                    "weekly_hours": draw(st.sampled_from([40.0, 37.0])),
                }
            )
        day = datetime.date(2023, 11, 1)
        for _ in range(draw(st.integers(0, 4))):
            day += datetime.timedelta(draw(st.integers(1, 60)))
            length = draw(st.integers(0, 90))
            absences.append(
                {
                    "person_id": f"P{n}",
                    "start_date": day,
                    "end_date": day + datetime.timedelta(length),
                    "extent": float(draw(st.sampled_from([25, 50, 100]))),
                }
            )
            day += datetime.timedelta(length)
    units = [
        {"unit_id": "R", "name": "R", "parent_id": None},
        {"unit_id": "V", "name": "V", "parent_id": "R"},
        {"unit_id": "W1", "name": "W1", "parent_id": "V"},
        {"unit_id": "W2", "name": "W2", "parent_id": "V"},
        {"unit_id": "W3", "name": "W3", "parent_id": "R"},
    ]
    return {"units": units, "persons": persons, "employments": employments, "absences": absences}


PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
OPEN = {"min_persons": "0"}


@PROPERTY_SETTINGS
@given(regions())
def test_the_three_sick_leave_bands_add_up_to_the_total(tables):
    rows = compute(
        dataset(**tables),
        year=YEAR,
        units="all",
        by=["gender"],
        params=OPEN,
        kpis=[
            "sick_leave_total",
            "sick_leave_day1_14",
            "sick_leave_day15_59",
            "sick_leave_day60_plus",
        ],
    )
    cells: dict[tuple, dict[str, float]] = {}
    for row in rows:
        cells.setdefault((row["unit_id"], row["gender"]), {})[row["kpi"]] = row["numerator"]
    for parts in cells.values():
        bands = (
            parts["sick_leave_day1_14"]
            + parts["sick_leave_day15_59"]
            + parts["sick_leave_day60_plus"]
        )
        assert bands == pytest.approx(parts["sick_leave_total"], abs=1e-6)


ROLL_UP_KPIS = [
    "sick_leave_total",
    "sick_leave_long_share",
    "headcount",
    "fte",
    "full_time_working_share",
    "mean_age",
    "turnover_kolada",
]


@PROPERTY_SETTINGS
@given(regions())
def test_roll_up_equals_recomputation_on_the_merged_subtree(tables):
    # V's figures must equal those of a data set where W1 and W2 are one workplace.
    rolled = compute(dataset(**tables), year=YEAR, units=["V"], kpis=ROLL_UP_KPIS, params=OPEN)
    merged_tables = dict(tables)
    merged_tables["employments"] = [
        {**e, "unit_id": "W1" if e["unit_id"] in ("W1", "W2") else e["unit_id"]}
        for e in tables["employments"]
    ]
    merged = compute(
        dataset(**merged_tables), year=YEAR, units=["W1"], kpis=ROLL_UP_KPIS, params=OPEN
    )
    for left, right in zip(rolled, merged, strict=True):
        assert left["kpi"] == right["kpi"]
        for field in ("numerator", "denominator", "value"):
            if left[field] is None:
                assert right[field] is None
            else:
                assert left[field] == pytest.approx(right[field], abs=1e-9), left["kpi"]
        assert left["persons"] == right["persons"], left["kpi"]


@PROPERTY_SETTINGS
@given(
    regions(max_people=40), st.sampled_from([["gender"], ["age_group"], ["gender", "age_group"]])
)
def test_disclosure_never_shows_a_cell_with_too_few_persons(tables, by):
    rows = compute(
        dataset(**tables),
        year=YEAR,
        units="all",
        by=by,
        kpis=["headcount", "sick_leave_total", "mean_age"],
    )
    for row in rows:
        if not row["suppressed"]:
            assert row["persons"] == 0 or row["persons"] > 10, row
    # Nor can a suppressed cell be recovered from a shown total and its siblings: no
    # one-dimensional breakdown with its total shown has exactly one suppressed cell.
    if len(by) == 1:
        groups: dict[tuple, list] = {}
        for row in rows:
            groups.setdefault((row["kpi"], row["unit_id"]), []).append(row)
        for group in groups.values():
            total = next(r for r in group if r[by[0]] is None)
            cells = [r for r in group if r[by[0]] is not None]
            if not total["suppressed"]:
                assert sum(r["suppressed"] for r in cells) != 1
