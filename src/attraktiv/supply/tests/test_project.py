"""supply-plan.md §3: the deterministic projection, worked by hand, and its properties."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from attraktiv.supply.model import MAX_AGE, GroupInput
from attraktiv.supply.project import (
    project,
    project_all,
    project_inputs,
    shortage,
    to_json,
)
from attraktiv.supply.scenario import GroupSettings, Scenario
from attraktiv.supply.tests import estimate_of

# Two groups with ages 0…3 (max_age 3), base year 2024, two years.
NURSES = GroupInput(
    group="Nurses",
    stock=np.array([0.0, 10.0, 20.0, 10.0]),  # 40 persons
    fte=32.0,  # f_0 = 100 × 32 / 40 = 80 %
    exit_rate=np.array([0.0, 0.1, 0.2, 0.5]),  # q(3) does not matter: age 3 all leave
    retirement_rate=np.array([0.0, 0.0, 0.1, 0.0]),  # other exits: 0, 0.1, 0.1
    recruits=5.0,
    recruit_ages=np.array([0.4, 0.6, 0.0, 0.0]),  # 2 at age 0, 3 at age 1
    mean_rate_targets=((2026, 90.0),),  # f_1 = 85, f_2 = 90
    demand_growth=0.1,
    demand_steps=((2026, 2.0),),
    vacancies=3.0,  # D_0 = 32 + 3 = 35
)
CLERKS = GroupInput(
    group="Clerks",
    stock=np.array([5.0, 5.0, 0.0, 0.0]),
    fte=10.0,  # f_0 = 100 %
    exit_rate=np.zeros(4),
    retirement_rate=np.zeros(4),
    recruits=0.0,
    recruit_ages=np.zeros(4),
)


def test_hand_computed_two_groups_two_years() -> None:
    plan = project_inputs({"Nurses": NURSES, "Clerks": CLERKS}, Scenario("hand", 2024, horizon=2))
    nurses = plan.groups["Nurses"].path
    # t = 1: ageing with exits: age 1 ← 0 × 1 = 0; age 2 ← 10 × 0.9 = 9; age 3 ← 20 × 0.8 = 16;
    #   the 10 aged 3 leave. Recruits: age 0 += 5 × 0.4 = 2, age 1 += 5 × 0.6 = 3.
    #   S_1 = [2, 3, 9, 16], headcount 30.
    #   Retirements 20 × 0.1 + 10 (max age) = 12; other exits 10 × 0.1 + 20 × 0.1 = 3.
    #   FTE_1 = 30 × 85 / 100 = 25.5; D_1 = 35 × 1.1 = 38.5; gap −13; rel −13 / 38.5.
    # t = 2: age 1 ← 2; age 2 ← 3 × 0.9 = 2.7; age 3 ← 9 × 0.8 = 7.2; the 16 aged 3 leave.
    #   S_2 = [2, 5, 2.7, 7.2], headcount 16.9.
    #   Retirements 9 × 0.1 + 16 = 16.9; other exits 3 × 0.1 + 9 × 0.1 = 1.2.
    #   FTE_2 = 16.9 × 0.9 = 15.21; D_2 = 38.5 × 1.1 + 2 = 44.35; gap −29.14.
    np.testing.assert_allclose(nurses.stock[1], [2, 3, 9, 16])
    np.testing.assert_allclose(nurses.stock[2], [2, 5, 2.7, 7.2])
    np.testing.assert_allclose(nurses.headcount, [40, 30, 16.9])
    np.testing.assert_allclose(nurses.retirements, [0, 12, 16.9])
    np.testing.assert_allclose(nurses.other_exits, [0, 3, 1.2])
    np.testing.assert_allclose(nurses.recruits, [0, 5, 5])
    np.testing.assert_allclose(nurses.mean_rate, [80, 85, 90])
    np.testing.assert_allclose(nurses.fte, [32, 25.5, 15.21])
    np.testing.assert_allclose(nurses.demand, [35, 38.5, 44.35])
    np.testing.assert_allclose(nurses.gap, [-3, -13, -29.14])
    np.testing.assert_allclose(nurses.rel_gap, [-3 / 35, -13 / 38.5, -29.14 / 44.35])
    clerks = plan.groups["Clerks"].path
    # No exits: S_1 = [0, 5, 5, 0], S_2 = [0, 0, 5, 5]; FTE 10 = demand 10, gap 0.
    np.testing.assert_allclose(clerks.stock[2], [0, 0, 5, 5])
    np.testing.assert_allclose(clerks.fte, [10, 10, 10])
    np.testing.assert_allclose(clerks.gap, [0, 0, 0])
    # Short term = years 1–2 here: nurses' mean rel gap ≈ −0.50 < −0.05; no long term.
    assert (plan.groups["Nurses"].shortage_short, plan.groups["Nurses"].shortage_long) == (
        True,
        None,
    )
    assert (plan.groups["Clerks"].shortage_short, plan.groups["Clerks"].shortage_long) == (
        False,
        None,
    )
    assert plan.long_term_shortage_count == 0


def test_the_third_year_empties_the_clerks_at_max_age() -> None:
    # t = 3: the 5 aged 3 leave, the 5 aged 2 become 3: headcount 5, all counted retiring.
    path = project(CLERKS, 2024, 3)
    np.testing.assert_allclose(path.headcount, [10, 10, 10, 5])
    np.testing.assert_allclose(path.retirements, [0, 0, 0, 5])


def test_shortage_windows() -> None:
    # Ages 0…5: the 5 aged 1 leave in year 5, the 5 aged 0 in year 6.
    clerks = GroupInput(
        **{
            **vars(CLERKS),
            "stock": np.array([5.0, 5, 0, 0, 0, 0]),
            **dict.fromkeys(["exit_rate", "retirement_rate", "recruit_ages"], np.zeros(6)),
        }
    )
    # Rel gap 0 in years 1–4, −0.5 in year 5, −1 after: mean over years 4–10 = −5.5 / 7.
    assert shortage(project(clerks, 2024, 10), 0.05) == (False, True)
    assert shortage(project(clerks, 2024, 4), 0.05) == (False, False)
    assert shortage(project(clerks, 2024, 5), 0.05) == (False, True)
    assert shortage(project(clerks, 2024, 3), 0.05) == (False, None)
    assert shortage(project(clerks, 2024, 10), 0.8) == (False, False)


def test_json_shape_has_the_base_year_and_null_for_no_demand() -> None:
    empty = estimate_of("Empty", {})
    plan = project_all(
        {"Clerks": estimate_of("Clerks", {30: 4}), "Empty": empty}, Scenario("s", 2024, 2)
    )
    document = json.loads(json.dumps(to_json(plan)))
    assert [group["group"] for group in document["groups"]] == ["Clerks", "Empty"]
    clerks = document["groups"][0]
    assert list(clerks) == ["group", "years", "shortage_short", "shortage_long", "flags"]
    assert [year["year"] for year in clerks["years"]] == [2024, 2025, 2026]
    assert list(clerks["years"][0]) == ["year", "headcount", "fte", "demand", "gap", "rel_gap"]
    assert clerks["years"][0] == {
        "year": 2024,
        "headcount": 4.0,
        "fte": 3.2,
        "demand": 3.2,
        "gap": 0.0,
        "rel_gap": 0.0,
    }
    assert clerks["shortage_long"] is None
    assert document["groups"][1]["years"][1]["rel_gap"] is None
    assert document["groups"][1]["shortage_short"] is False


def test_mean_rate_years_at_or_before_the_base_year_are_refused() -> None:
    with pytest.raises(ValueError, match="after 2024"):
        project(
            GroupInput(**{**vars(CLERKS), "mean_rate_targets": ((2024, 90.0),)}),
            2024,
            2,
        )


persons_by_age = hnp.arrays(np.float64, MAX_AGE + 1, elements=st.integers(0, 50).map(float))


@settings(max_examples=50, deadline=None)
@given(persons=persons_by_age, horizon=st.integers(1, 15), mean_rate=st.floats(1, 100))
def test_without_exits_recruits_or_demand_growth_supply_stays_constant(
    persons: np.ndarray, horizon: int, mean_rate: float
) -> None:
    persons[MAX_AGE - horizon + 1 :] = 0  # nobody reaches max_age + 1 within the horizon
    stock = estimate_of("G", dict(enumerate(persons)), mean_rate)
    plan = project_all({"G": stock}, Scenario("s", 2024, horizon))
    path = plan.groups["G"].path
    np.testing.assert_allclose(path.headcount, persons.sum())
    np.testing.assert_allclose(path.fte, stock.stock.fte)
    np.testing.assert_allclose(path.gap, 0.0, atol=1e-9)


rates_by_age = hnp.arrays(np.float64, MAX_AGE + 1, elements=st.floats(0, 1))


@settings(max_examples=60, deadline=None)
@given(
    persons=persons_by_age,
    exit_rate=rates_by_age,
    retirement_share=rates_by_age,
    shifts=st.tuples(st.floats(-5, 10), st.floats(0, 10)),
    turnover_factor=st.floats(0, 3),
    recruits=st.floats(0, 50),
)
def test_a_later_retirement_age_never_increases_the_gap(
    persons: np.ndarray,
    exit_rate: np.ndarray,
    retirement_share: np.ndarray,
    shifts: tuple[float, float],
    turnover_factor: float,
    recruits: float,
) -> None:
    estimate = estimate_of(
        "G",
        dict(enumerate(persons)),
        exit_rate=dict(enumerate(exit_rate)),
        retirement_rate=dict(enumerate(exit_rate * retirement_share)),
        recruits=recruits,
        recruit_ages={25: 0.5, 40: 0.5},
    )
    earlier, later = shifts[0], shifts[0] + shifts[1]
    gaps = [
        project_all(
            {"G": estimate},
            Scenario(
                "s",
                2024,
                defaults=GroupSettings(retirement_age_shift=shift, turnover_factor=turnover_factor),
            ),
        )
        .groups["G"]
        .path.gap
        for shift in (earlier, later)
    ]
    assert np.all(gaps[1] >= gaps[0] - 1e-9)
