"""Disclosure control (hr-data.md §3.7): hand-computed primary and secondary suppression."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from attraktiv.indicators import compute
from attraktiv.indicators.tests.builder import dataset, table


def staff(groups):
    """``groups``: list of (count, gender, birth year, unit); one employee each."""
    persons, employments = [], []
    number = 0
    for count, gender, birth_year, unit in groups:
        for _ in range(count):
            number += 1
            persons.append(
                {"person_id": f"P{number}", "gender": gender, "birth_date": f"{birth_year}-06-01"}
            )
            employments.append(
                {
                    "employment_id": f"E{number}",
                    "person_id": f"P{number}",
                    "unit_id": unit,
                    "start_date": "2010-01-01",
                }
            )
    return dataset(persons=persons, employments=employments)


def merge_tables(data, **rows):
    """``data`` with more rows appended to some of its tables."""
    return {
        name: pa.concat_tables([existing, table(name, rows[name])]) if name in rows else existing
        for name, existing in data.items()
    }


def headcount(data, by, **params):
    rows = compute(data, year=2024, kpis=["headcount"], by=by, params=params)
    return {tuple(row[d] for d in by): row for row in rows}


def test_primary_and_secondary_in_one_dimension():
    # K 20, M 8: M ≤ 10 is suppressed (primary); the total (28) is shown and exactly one
    # cell is suppressed, so the unsuppressed cell with fewest persons (K) goes too.
    rows = headcount(staff([(20, "K", 1980, "W1"), (8, "M", 1980, "W1")]), ["gender"])
    assert rows[(None,)]["value"] == 28 and not rows[(None,)]["suppressed"]
    assert rows[("M",)]["suppressed"] and rows[("K",)]["suppressed"]
    assert rows[("M",)]["value"] is None and rows[("M",)]["persons"] is None


def test_secondary_chooses_the_fewest_persons_then_the_first_label():
    # Age groups (2024 − birth year): -29: 3, 30-49: 15, 50-: 12 → -29 primary, then 50-.
    data = staff([(3, "K", 2000, "W1"), (15, "K", 1980, "W1"), (12, "K", 1960, "W1")])
    rows = headcount(data, ["age_group"])
    assert [key for key, row in sorted(rows.items(), key=str) if row["suppressed"]] == [
        ("-29",),
        ("50-",),
    ]
    # A tie (12 and 12) goes to the first label in code-point order: "30-49" < "50-".
    tie = headcount(
        staff([(3, "K", 2000, "W1"), (12, "K", 1980, "W1"), (12, "K", 1960, "W1")]),
        ["age_group"],
    )
    assert tie[("30-49",)]["suppressed"] and not tie[("50-",)]["suppressed"]


def test_two_suppressed_cells_need_nothing_more_and_a_hidden_total_neither():
    two = headcount(
        staff([(3, "K", 2000, "W1"), (5, "K", 1980, "W1"), (30, "K", 1960, "W1")]),
        ["age_group"],
    )
    assert [row["suppressed"] for key, row in sorted(two.items(), key=str) if key[0]] == [
        True,
        True,
        False,
    ]
    # Total 9 ≤ 10 → suppressed; with the total hidden, the secondary rule does not apply
    # (every cell here is ≤ 10 anyway and suppressed by the primary rule).
    small = headcount(staff([(4, "K", 1980, "W1"), (5, "M", 1980, "W1")]), ["gender"])
    assert small[(None,)]["suppressed"]


def test_a_cross_tabulation_suppresses_along_rows_and_columns():
    # gender × age_group:
    #            -29   30-49   50-
    #   K         20     20     20
    #   M          4     20     15
    # (M,-29) is primary. Lines are visited by dimension in `by` order: first the lines
    # along gender (one per age group), then those along age_group (one per gender).
    # Pass 1, gender lines: column -29 has one suppressed cell → (K,-29) (the only other).
    # Age-group lines: row K has (K,-29) alone → fewest of (K,30-49)=20, (K,50-)=20: a tie,
    # first label "30-49" → (K,30-49); row M has (M,-29) alone → (M,50-)=15 < 20.
    # Pass 2, gender lines: column 30-49 has (K,30-49) alone → (M,30-49); column 50- has
    # (M,50-) alone → (K,50-). Now every line has 0 or ≥ 2 suppressed: done — all six.
    data = staff(
        [
            (20, "K", 2000, "W1"),
            (20, "K", 1980, "W1"),
            (20, "K", 1960, "W1"),
            (4, "M", 2000, "W1"),
            (20, "M", 1980, "W1"),
            (15, "M", 1960, "W1"),
        ]
    )
    rows = headcount(data, ["gender", "age_group"])
    suppressed = sorted(key for key, row in rows.items() if row["suppressed"])
    assert len(suppressed) == 6
    assert not rows[(None, None)]["suppressed"]
    # With a larger (M,-29) nothing is suppressed at all.
    data = staff(
        [(20, "K", 2000, "W1"), (20, "K", 1980, "W1"), (20, "M", 2000, "W1"), (20, "M", 1980, "W1")]
    )
    assert not any(row["suppressed"] for row in headcount(data, ["gender", "age_group"]).values())


def test_survey_cells_use_the_respondent_threshold():
    surveys = [
        {
            "survey": "MU",
            "year": 2024,
            "respondent": f"R{n}",
            "unit_id": "W1",
            "manager": 0,
            "gender": "K" if n < 6 else "M",
            "question": "ARB1",
            "answer": 4,
        }
        for n in range(10)
    ]
    # K: 6 respondents (shown, ≥ 5); M: 4 (< 5, suppressed) → secondary suppresses K.
    rows = compute(dataset(surveys=surveys), year=2024, kpis=["survey_index:ARB1"], by=["gender"])
    by_gender = {row["gender"]: row for row in rows}
    assert not by_gender[None]["suppressed"]
    assert by_gender["M"]["suppressed"] and by_gender["K"]["suppressed"]
    four = compute(dataset(surveys=surveys[:4]), year=2024, kpis=["survey_index:ARB1"])
    assert four[0]["suppressed"]


def test_an_empty_cell_is_not_suppressed():
    rows = compute(dataset(), year=2024, kpis=["headcount", "sick_leave_total"])
    assert [(row["value"], row["persons"], row["suppressed"]) for row in rows] == [
        (None, 0, False),
        (None, 0, False),
    ]
    assert rows[1]["numerator"] == 0 and rows[1]["denominator"] == 0


def test_a_cell_with_no_population_is_not_chosen_by_the_secondary_rule():
    # new_hires_kolada by age group in W1: the population (persons, the denominator) is the
    # tillsvidare staff of the Y−1 reference date: 30-49: 15, 50-: 3 (primary). Two persons
    # of -29 are hired in 2024 with nobody of -29 a year before, so the -29 cell has a zero
    # denominator, value null and no population (persons 0). It hides nothing: suppressing
    # it would leave 50-'s denominator recoverable as 18 − 15. §3: a cell with no population
    # is not suppressed; §3.7: the secondary rule does not choose a zero denominator while
    # another cell can be chosen → 30-49 is chosen.
    data = staff([(15, "K", 1980, "W1"), (3, "K", 1960, "W1")])
    for number in (101, 102):
        data = merge_tables(
            data,
            persons=[{"person_id": f"P{number}", "gender": "K", "birth_date": "2000-06-01"}],
            employments=[
                {
                    "employment_id": f"E{number}",
                    "person_id": f"P{number}",
                    "unit_id": "W1",
                    "start_date": "2024-06-01",
                }
            ],
        )
    rows = {
        row["age_group"]: row
        for row in compute(data, year=2024, kpis=["new_hires_kolada"], by=["age_group"])
    }
    assert rows[None]["persons"] == 18 and not rows[None]["suppressed"]
    assert [age for age in ("-29", "30-49", "50-") if rows[age]["suppressed"]] == ["30-49", "50-"]
    hires = rows["-29"]
    assert (hires["persons"], hires["denominator"], hires["value"]) == (0, 0, None)


# ---- §3.7, v1.3: the child units of a unit are a breakdown of it ---------------------------


def tree(*edges: tuple[str, str]) -> dict[str, Any]:
    """A units table: the root R and (unit, parent) edges."""
    units: list[dict[str, Any]] = [
        {"unit_id": "R", "name": "Region", "parent_id": None},
        *({"unit_id": unit, "name": unit, "parent_id": parent} for unit, parent in edges),
    ]
    return {"units": table("units", units)}


def by_unit(data, kpi="headcount", by=(), **request):
    rows = compute(data, year=2024, kpis=[kpi], by=list(by), units="all", **request)
    return {(row["unit_id"], *(row[d] for d in by), row.get("direct", False)): row for row in rows}


def test_the_children_of_a_shown_unit_are_a_breakdown_of_it():
    # R: W1 20, W2 5. W2 ≤ 10 (primary); R (25) is shown, so W2 = R − W1 unless W1 goes too.
    rows = by_unit(staff([(20, "K", 1980, "W1"), (5, "K", 1980, "W2")]))
    assert not rows[("R", False)]["suppressed"] and rows[("R", False)]["value"] == 25
    assert rows[("W2", False)]["suppressed"] and rows[("W1", False)]["suppressed"]


def test_persons_placed_directly_on_the_unit_are_one_more_cell():
    # R has 4 persons of its own (not in W1 or W2): the direct cell, ≤ 10, is suppressed,
    # so the fewest of the others goes too: W2 (15) < W1 (20).
    data = staff([(20, "K", 1980, "W1"), (15, "K", 1980, "W2"), (4, "K", 1980, "R")])
    rows = by_unit(data)
    assert [unit for unit in ("W1", "W2") if rows[(unit, False)]["suppressed"]] == ["W2"]
    # The direct cell is counted, not output (unless asked for, to check it).
    assert ("R", True) not in rows
    assert by_unit(data, direct_cells=True)[("R", True)]["suppressed"]
    # W2 of 5 (primary) with 12 directly on R: the direct cell (12 < 20) is the one chosen,
    # and W1 stays shown; R − W1 = W2 + the direct cell, two hidden cells.
    rows = by_unit(
        staff([(20, "K", 1980, "W1"), (5, "K", 1980, "W2"), (12, "K", 1980, "R")]),
        direct_cells=True,
    )
    assert rows[("W2", False)]["suppressed"] and rows[("R", True)]["suppressed"]
    assert not rows[("W1", False)]["suppressed"] and rows[("W1", False)]["value"] == 20


def test_child_units_are_crossed_with_the_breakdown():
    # By gender: W1 K 20, M 20; W2 K 15, M 4. Within W2, M (4) is primary and K (15) goes
    # with it (W2's total, 19, is shown). Across units, R×M = W1×M + W2×M: W2×M alone is
    # hidden → W1×M goes; then R×K has W2×K alone hidden → W1×K goes. W1 and W2 stay shown.
    data = staff(
        [(20, "K", 1980, "W1"), (20, "M", 1980, "W1"), (15, "K", 1980, "W2"), (4, "M", 1980, "W2")]
    )
    rows = by_unit(data, by=["gender"])
    hidden = sorted(key[:2] for key, row in rows.items() if row["suppressed"])
    assert hidden == [("W1", "K"), ("W1", "M"), ("W2", "K"), ("W2", "M")]
    # The totals agree with the computation without a breakdown (the stored measurements
    # take them from there).
    totals = by_unit(data)
    assert all(rows[(unit, None, False)] == totals[(unit, False)] for unit in ("R", "W1", "W2"))


def test_a_child_unit_with_a_zero_denominator_is_chosen_last():
    # sick_leave_long_share = sick hours in long spells / sick hours: W1's 30 persons have no
    # sick hours (zero denominator, value null, a population of 30), W2's 5 are sick
    # (primary), W3's 40 are sick. R is shown; the cell chosen is W3, not W1 (§3).
    data = staff([(30, "K", 1980, "W1"), (5, "K", 1980, "W2"), (40, "K", 1980, "W3")])
    sick = [
        {
            "person_id": employment["person_id"],
            "start_date": "2024-03-04",
            "end_date": "2024-03-06",
            "type": "sjuk",
        }
        for employment in data["employments"].to_pylist()
        if employment["unit_id"] != "W1"
    ]
    data = {
        **data,
        "absences": table("absences", sick),
        **tree(("W1", "R"), ("W2", "R"), ("W3", "R")),
    }
    rows = by_unit(data, kpi="sick_leave_long_share")
    assert rows[("W1", False)]["value"] is None and rows[("W1", False)]["persons"] == 30
    assert [unit for unit in ("W1", "W2", "W3") if rows[(unit, False)]["suppressed"]] == [
        "W2",
        "W3",
    ]


def hidden(rows):
    return sorted(key[:2] for key, row in rows.items() if row["suppressed"])


def test_a_cell_shown_elsewhere_as_a_total_is_chosen_last():
    # W1's staff are all women: W1×K is W1's total and hides nothing. W2: K 5 (primary),
    # M 20 (secondary, within W2). Across units R×K has W2×K alone hidden; of W1×K (12) and
    # W3×K (30) the one chosen is W3×K, and then W3×M closes R×M.
    data = staff(
        [
            (12, "K", 1980, "W1"),
            (5, "K", 1980, "W2"),
            (20, "M", 1980, "W2"),
            (30, "K", 1980, "W3"),
            (30, "M", 1980, "W3"),
        ]
    )
    data = {**data, **tree(("W1", "R"), ("W2", "R"), ("W3", "R"))}
    rows = by_unit(data, by=["gender"])
    assert hidden(rows) == [("W2", "K"), ("W2", "M"), ("W3", "K"), ("W3", "M")]


def test_a_line_with_nothing_left_to_choose_hides_its_total_when_that_is_a_cell():
    # W1 (all women, 12) and W2 (K 5 primary, M 20 secondary). R×K = W1×K + W2×K, and W1×K
    # is W1's total: nothing hides W2×K but R×K itself (a cell of R's gender breakdown);
    # R×M = W2×M alone, so R×M goes too. The units' totals stay shown.
    data = staff([(12, "K", 1980, "W1"), (5, "K", 1980, "W2"), (20, "M", 1980, "W2")])
    rows = by_unit(data, by=["gender"])
    assert hidden(rows) == [("R", "K"), ("R", "M"), ("W2", "K"), ("W2", "M")]
    assert [rows[(unit, None, False)]["value"] for unit in ("R", "W1", "W2")] == [37, 12, 25]


def test_an_only_child_is_its_parent():
    # R → V → W, everyone in W: K 20, M 3 (primary). W×K is the only cell hiding W×M, and it
    # is V×K and R×K too; so those go as well, and with them V×M and R×M.
    data = staff([(20, "K", 1980, "W"), (3, "M", 1980, "W")])
    rows = by_unit({**data, **tree(("V", "R"), ("W", "V"))}, by=["gender"])
    assert hidden(rows) == [(unit, gender) for unit in ("R", "V", "W") for gender in "KM"]
    assert not any(rows[(unit, None, False)]["suppressed"] for unit in ("R", "V", "W"))
