"""The stored measurements of a generated region hide no cell that subtraction would reveal
(hr-data.md §3.7, v1.3, units; issue 11: "The demo's stored measurements hold no sibling
set in which exactly one child is suppressed while the parent is shown")."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.conf import settings

from attraktiv.datasets.services import store_dataset
from attraktiv.hrdata.reader import read_dataset
from attraktiv.indicators import DIMENSIONS
from attraktiv.measurements.models import Measurement
from attraktiv.measurements.services import recompute
from attraktiv.synthetic.generator import generate

# ADBC reads committed data only: this test commits.
pytestmark = pytest.mark.django_db(transaction=True)

EMPLOYEES = 1500
SURVEY_PREFIXES = ("hme_", "survey_")
YEARS = (2022, 2024)


def test_no_stored_sibling_set_has_exactly_one_child_suppressed_under_a_shown_parent(tmp_path):
    generate(tmp_path, employees=EMPLOYEES, years=YEARS, seed=2021)
    tables = read_dataset(tmp_path, pseudonym_key=settings.PSEUDONYM_KEY).tables
    # The generator places every employment, answer and follow-up on a workplace (a leaf),
    # so no one sits directly on a unit with children: the child units are the whole
    # breakdown of their parent.
    parents = set(tables["units"]["parent_id"].drop_null().to_pylist())
    for name in ("employments", "surveys", "sam", "staffing"):
        assert not parents & set(tables[name]["unit_id"].to_pylist()), name
    recompute(source_import=store_dataset(tables), years=[2023, 2024])

    stored = {}
    parent_of = {}
    for row in Measurement.objects.values(
        "kpi", "period", "unit__unit_id", "unit__parent__unit_id", *DIMENSIONS, "suppressed"
    ):
        cell = tuple(row[d] for d in DIMENSIONS)
        stored[(row["kpi"], row["period"], row["unit__unit_id"], cell)] = row["suppressed"]
        parent_of[row["unit__unit_id"]] = row["unit__parent__unit_id"]

    siblings: dict[tuple, list[bool]] = defaultdict(list)
    breakdowns: dict[tuple, list[bool]] = defaultdict(list)
    for (kpi, period, unit_id, cell), suppressed in stored.items():
        if parent_of[unit_id] is not None:
            siblings[(kpi, period, parent_of[unit_id], cell)].append(suppressed)
        if kpi.startswith(SURVEY_PREFIXES):
            # A survey answer may lack the respondent's gender (§1); such respondents count
            # only in the total, so a survey breakdown's cells need not add up to it.
            continue
        for position, value in enumerate(cell):
            if value:  # one cell of the unit's breakdown by DIMENSIONS[position]
                breakdowns[(kpi, period, unit_id, ("",) * len(cell), position)].append(suppressed)

    def recoverable(lines: dict[tuple, list[bool]], total_of) -> int:
        """Lines whose total is shown with exactly one suppressed cell."""
        return sum(
            1 for key, cells in lines.items() if not stored[total_of(key)] and sum(cells) == 1
        )

    assert len(siblings) > 10_000 and sum(stored.values()) > 1_000  # the test has teeth
    assert recoverable(siblings, lambda key: key) == 0
    assert recoverable(breakdowns, lambda key: key[:4]) == 0
