"""Hand-computed cases for supply-plan.md §1 (stock) and §2 (rates), a synthetic history
with known rates, and the synthetic region.

Reference dates are 30 November (hr-data.md §2); age in year Y is Y − birth year. Groups
come from the occupations table: SSK and SSK2 are Sjuksköterska, USK Undersköterska; any
other code is its own group.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from attraktiv.hrdata.schema import TABLES
from attraktiv.indicators import compute
from attraktiv.indicators.tests.builder import dataset
from attraktiv.indicators.tests.test_sick_leave import merge, sick
from attraktiv.supply.estimate import actual_fte, estimate

SSK, USK = "Sjuksköterska", "Undersköterska"
OCCUPATIONS = {
    "occupations": [
        {"occupation_code": "SSK", "name": "Sjuksköterska vårdavdelning", "group": SSK},
        {"occupation_code": "SSK2", "name": "Sjuksköterska mottagning", "group": SSK},
        {"occupation_code": "USK", "name": "Undersköterska", "group": USK},
    ]
}
# The data reaches back to 2000: an employment ended then, so every later reference date is
# covered (estimate's module docstring: the data starts on its earliest end_date).
HISTORY_FROM_2000 = {
    "persons": [{"person_id": "P0"}],
    "employments": [
        {
            "employment_id": "E0",
            "person_id": "P0",
            "unit_id": "W1",
            "start_date": "2000-01-01",
            "end_date": "2000-12-31",
        }
    ],
}


def person(
    person_id: str, born: int, gender: str, *spells: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """A person born 1 January ``born`` with employments ``spells`` (ids E<person>, then
    E<person>b, …; defaults: SSK, W1, 100 %, from 2010-01-01, ongoing)."""
    return {
        "persons": [
            {
                "person_id": person_id,
                "birth_date": datetime.date(born, 1, 1),
                "gender": gender,
            }
        ],
        "employments": [
            {
                "employment_id": "E" + person_id[1:] + ("b" * index),
                "person_id": person_id,
                "unit_id": "W1",
                "start_date": "2010-01-01",
                **spell,
            }
            for index, spell in enumerate(spells)
        ],
    }


def ages(array: np.ndarray) -> dict[int, float]:
    """The non-zero entries of an age array."""
    return {int(age): float(array[age]) for age in np.flatnonzero(array)}


# ---- §1 stock ----------------------------------------------------------------------------


STOCK_2024 = merge(
    OCCUPATIONS,
    # P1 woman, 44 in 2024, SSK 100 %.
    person("P1", 1980, "K", {}),
    # P2 man, 34: USK 40 % (W1) and SSK2 60 % (W2): highest rate SSK2 → Sjuksköterska, in W2.
    person("P2", 1990, "M", {"occupation_code": "USK", "rate": 40.0},
           {"occupation_code": "SSK2", "rate": 60.0, "unit_id": "W2"}),
    # P3 woman, 54: 50 % + 50 %, ids E3 (SSK) and E3b (USK) → tie, lowest id E3 → SSK.
    person("P3", 1970, "K", {"rate": 50.0}, {"occupation_code": "USK", "rate": 50.0}),
    # P4 woman, 39, SSK 100 %, on 30 Nov 50 % föräldraledig + 30 % tjänstledig (+ sick
    # leave, which does not count): actual = 100 × (1 − 80/100) = 20.
    person("P4", 1985, "K", {}),
    sick("P4", "2024-09-01", "2025-03-31", 50.0, "foraldraledig"),
    sick("P4", "2024-11-01", "2024-12-31", 30.0, "tjanstledig"),
    sick("P4", "2024-11-25", "2024-12-05", 100.0, "sjuk"),
    # P5 hourly-paid: not in the stock.
    person("P5", 1980, "K", {"pay_form": "T", "rate": None}),
    # P6 woman, 70 > max_age 69: left out, counted.
    person("P6", 1954, "K", {}),
    # P7 ended the day before the reference date: not in the stock.
    person("P7", 1980, "K", {"end_date": "2024-11-29", "end_reason": "egen_begaran"}),
    # P8 man, 24, code XYZ without an occupations row: its own group, 80 %.
    person("P8", 2000, "M", {"occupation_code": "XYZ", "rate": 80.0}),
    # P9 woman, exactly 69: in the stock.
    person("P9", 1955, "K", {}),
)  # fmt: skip


def test_stock_by_age_gender_placement_and_actual_rate():
    result = estimate(dataset(**STOCK_2024), 2024)
    assert sorted(result) == [SSK, "XYZ"]
    stock = result[SSK].stock
    # Women P1 (44), P3 (54), P4 (39), P9 (69); man P2 (34).
    assert ages(stock.women) == {39: 1, 44: 1, 54: 1, 69: 1}
    assert ages(stock.men) == {34: 1}
    assert stock.women.shape == (70,)
    # FTE = (P1 100 + P2 100 + P3 100 + P4 20 + P9 100) / 100 = 4.2; mean rate 420 / 5 = 84.
    assert stock.fte == pytest.approx(4.2)
    assert stock.mean_rate == pytest.approx(84.0)
    # P6 left out.
    assert stock.over_max_age == 1
    assert "over_max_age" in result[SSK].rates.flags
    xyz = result["XYZ"].stock
    assert ages(xyz.men) == {24: 1} and xyz.fte == pytest.approx(0.8)
    assert xyz.over_max_age == 0 and "over_max_age" not in result["XYZ"].rates.flags


def test_ties_go_to_the_lowest_employment_id_in_text_order():
    # E10 (USK) and E9 (SSK) at 50 % each: "E10" < "E9" in text order → Undersköterska.
    tables = merge(
        OCCUPATIONS,
        {
            "persons": [{"person_id": "P1"}],
            "employments": [
                {"employment_id": eid, "person_id": "P1", "unit_id": "W1",
                 "start_date": "2010-01-01", "rate": 50.0, "occupation_code": code}
                for eid, code in (("E9", "SSK"), ("E10", "USK"))
            ],
        },
    )  # fmt: skip
    result = estimate(dataset(**tables), 2024)
    assert list(result) == [USK]
    assert result[USK].stock.fte == pytest.approx(1.0)


def test_max_age_and_group_selection():
    tables = dataset(**STOCK_2024)
    # With max_age 70 P6 (70) is in the stock: women 39, 44, 54, 69, 70.
    result = estimate(tables, 2024, max_age=70)
    assert ages(result[SSK].stock.women) == {39: 1, 44: 1, 54: 1, 69: 1, 70: 1}
    assert result[SSK].stock.women.shape == (71,)
    assert result[SSK].stock.over_max_age == 0
    # A named group that is not in the data is there, empty and flagged.
    chosen = estimate(tables, 2024, groups=[SSK, "Barnmorska"])
    assert sorted(chosen) == ["Barnmorska", SSK]
    assert chosen["Barnmorska"].stock.headcount.sum() == 0
    assert chosen["Barnmorska"].rates.flags == ("no_history",)


def test_unit_restricts_to_the_chosen_employment_subtree():
    # P2's chosen employment (SSK2 60 %) is in W2: W1's stock lacks P2, W2's has only P2.
    tables = dataset(**STOCK_2024)
    w1 = estimate(tables, 2024, unit_id="W1")
    assert ages(w1[SSK].stock.men) == {}
    assert ages(w1[SSK].stock.women) == {39: 1, 44: 1, 54: 1, 69: 1}
    w2 = estimate(tables, 2024, unit_id="W2")
    assert list(w2) == [SSK]
    assert ages(w2[SSK].stock.men) == {34: 1} and w2[SSK].stock.fte == pytest.approx(1.0)
    with pytest.raises(ValueError, match="enheten ”NOPE” finns inte i units"):
        estimate(tables, 2024, unit_id="NOPE")


# ---- §2 rates ----------------------------------------------------------------------------


FLOWS = merge(
    OCCUPATIONS,
    HISTORY_FROM_2000,
    # A, 60 on 30 Nov 2022, retires 2023-06-30: exit and retirement at 60.
    person("PA", 1962, "K", {"end_date": "2023-06-30", "end_reason": "pension"}),
    # B, 62, retires 2023-03-31, then works hourly until 2023-08-31 (ovrigt): the last
    # employment did not end with pension → other exit.
    person("PB", 1960, "M", {"end_date": "2023-03-31", "end_reason": "pension"},
           {"start_date": "2023-05-01", "end_date": "2023-08-31", "end_reason": "ovrigt",
            "pay_form": "T", "rate": None}),
    # C, 57, leaves with pension 2023-01-31: under 60 → other exit.
    person("PC", 1965, "K", {"end_date": "2023-01-31", "end_reason": "pension"}),
    # D, 32, leaves 2022-12-31 and comes back as USK 2023-09-01: employed on both
    # reference dates → neither an exit nor a recruit.
    person("PD", 1990, "K", {"end_date": "2022-12-31", "end_reason": "egen_begaran"},
           {"occupation_code": "USK", "start_date": "2023-09-01"}),
    # E, 29, leaves 2023-02-28: exit.
    person("PE", 1993, "M", {"end_date": "2023-02-28", "end_reason": "egen_begaran"}),
    # F, 26 in 2022 and 27 in 2023: stays.
    person("PF", 1996, "K", {}),
    # G, 52, moves from SSK to USK 2023-06-01: an internal move, not an exit.
    person("PG", 1970, "K", {"end_date": "2023-05-31"},
           {"occupation_code": "USK", "start_date": "2023-06-01"}),
    # H, starts 2024-03-01: recruit in 2024 at 24.
    person("PH", 2000, "K", {"start_date": "2024-03-01"}),
    # I, starts 2023-01-01: recruit in 2023 at 25, then in the 2023 stock at 25.
    person("PI", 1998, "M", {"start_date": "2023-01-01"}),
    # J, 47 in 2022 and 48 in 2023, leaves 2024-10-31 with pension: other exit at 48.
    person("PJ", 1975, "K", {"end_date": "2024-10-31", "end_reason": "pension"}),
)  # fmt: skip


def test_exits_retirements_bands_and_recruits():
    # Pairs (2022, 2023) and (2023, 2024).
    # Exposed, by age on y − 1: 2022: A 60, B 62, C 57, D 32, E 29, F 26, G 52, J 47;
    #                            2023: F 27, I 25, J 48.
    # Exits: A, B, C, E (2023) and J (2024) = 5.
    result = estimate(dataset(**FLOWS), 2024, history_years=2)
    rates = result[SSK].rates
    assert rates.history_years == 2 and rates.exits_observed == 5
    q = rates.exit_rate
    assert q.shape == (70,)
    # Band 25–29: exposed E 29, F 26, F 27, I 25 = 4, exits E → 1/4 for each age 25–29.
    assert q[25:30] == pytest.approx([0.25] * 5)
    # Band 45–49: J at 47 (stays) and at 48 (leaves) → 1/2 over 45–49.
    assert q[45:50] == pytest.approx([0.5] * 5)
    # Band 30–34 (D) and 50–54 (G): exposed, no exits; under 25: nobody exposed.
    assert q[30:35].sum() == 0 and q[50:55].sum() == 0 and q[:25].sum() == 0
    # Single years from 55: C at 57, A at 60, B at 62 all left; 55, 56, 58 … nobody.
    assert ages(q[55:]) == {57 - 55: 1.0, 60 - 55: 1.0, 62 - 55: 1.0}
    # Retirements: A only (B's last employment ended ovrigt, C was under 60, J 48).
    assert ages(rates.retirement_rate) == {60: 1.0}
    # Recruits: I in 2023 (25), H in 2024 (24) → R = 2 / 2 = 1; bands 20–24 and 25–29
    # each 1/2, spread evenly: 0.1 for each age 20–29.
    assert rates.recruits == pytest.approx(1.0)
    assert ages(rates.recruit_ages) == pytest.approx({a: 0.1 for a in range(20, 30)})
    assert rates.recruit_ages.sum() == pytest.approx(1.0)
    # 5 exits and 2 years is thin.
    assert rates.flags == ("thin_history",)
    # USK: D (33) and G (53) exposed in 2023, both stay; neither came from outside.
    usk = result[USK].rates
    assert usk.exits_observed == 0 and usk.exit_rate.sum() == 0
    assert usk.recruits == 0 and usk.recruit_ages.sum() == 0
    # Base stock 2024: F 28, H 24, I 26 (J left in October).
    assert ages(result[SSK].stock.headcount) == {24: 1, 26: 1, 28: 1}


def test_history_uses_only_the_years_the_data_covers():
    # With HISTORY_FROM_2000, five years asked → five pairs (2020 … 2024).
    assert estimate(dataset(**FLOWS), 2024)[SSK].rates.history_years == 5
    # Without it the data starts on its earliest end_date, 2022-12-31 (D): the 2022
    # reference date is not covered, so only the pair (2023, 2024) is used: J's exit.
    flows = {name: [r for r in rows if r.get("person_id") != "P0"] for name, rows in FLOWS.items()}
    rates = estimate(dataset(**flows), 2024)[SSK].rates
    assert (rates.history_years, rates.exits_observed) == (1, 1)
    # Recruits 2024: H only.
    assert rates.recruits == pytest.approx(1.0)
    # No history at all: rates are zero and flagged.
    rates = estimate(dataset(**flows), 2024, history_years=0)[SSK].rates
    assert rates.history_years == 0 and rates.flags == ("no_history",)
    assert rates.exit_rate.sum() == 0 and rates.recruits == 0


def test_unit_rates_count_moves_within_the_region_as_neither_exit_nor_recruit():
    tables = merge(
        OCCUPATIONS,
        HISTORY_FROM_2000,
        # M moves from W1 to W2 on 2024-01-01; O leaves W1 2024-05-31.
        person("PM", 1980, "K", {"end_date": "2023-12-31"},
               {"unit_id": "W2", "start_date": "2024-01-01"}),
        person("PO", 1980, "K", {"end_date": "2024-05-31", "end_reason": "egen_begaran"}),
    )  # fmt: skip
    w1 = estimate(dataset(**tables), 2024, history_years=1, unit_id="W1")[SSK].rates
    # W1 in 2023: M and O (43); O left the region, M did not → q(40–44) = 1/2.
    assert w1.exits_observed == 1 and w1.exit_rate[43] == pytest.approx(0.5)
    w2 = estimate(dataset(**tables), 2024, history_years=1, unit_id="W2")[SSK]
    # W2 in 2024: M, who was employed in the region in 2023 → no recruits.
    assert w2.stock.headcount.sum() == 1 and w2.rates.recruits == 0


def test_actual_fte_per_group_and_year():
    tables = merge(
        OCCUPATIONS,
        # P1 SSK 100 % all along; P2 SSK 60 % from 2023, 50 % tjänstledig in November 2023;
        # P3 USK 100 % from 2024.
        person("P1", 1980, "K", {}),
        person("P2", 1980, "K", {"rate": 60.0, "start_date": "2023-01-01"}),
        sick("P2", "2023-11-01", "2023-11-30", 50.0, "tjanstledig"),
        person("P3", 1980, "K", {"occupation_code": "USK", "start_date": "2024-01-01"}),
    )
    result = actual_fte(dataset(**tables), [2022, 2023, 2024])
    # 2022: 1.0; 2023: 1.0 + 0.6 × 0.5 = 1.3; 2024: 1.0 + 0.6 = 1.6. USK only in 2024.
    assert result[SSK] == pytest.approx({2022: 1.0, 2023: 1.3, 2024: 1.6})
    assert result[USK] == {2022: 0.0, 2023: 0.0, 2024: 1.0}
    assert actual_fte(dataset(**tables), [2024], unit_id="W2") == {}


# ---- known rates -----------------------------------------------------------------------


def true_exit_rate(age: np.ndarray) -> np.ndarray:
    """The known yearly exit probability: 8 % under 55, 6 % at 55–59, 30 % from 60."""
    return np.select([age >= 60, age >= 55], [0.30, 0.06], 0.08)


def known_history(seed: int) -> tuple[dict[str, pa.Table], np.ndarray]:
    """4,000 SSK nurses from 2015 and Poisson(60) recruits aged 25–29 each 1 May 2020–2024;
    between the reference dates of y − 1 and y (on 31 March y) each leaves with
    ``true_exit_rate`` of their age on y − 1, with pension from 60. Returns the tables and
    the persons at risk by age, pooled over the pairs 2020 … 2024."""
    rng = np.random.default_rng(seed)
    born = rng.integers(1958, 2000, 4000)
    start = np.full(born.size, 2015)
    left = np.zeros(born.size, int)  # year of leaving, 0 = stays
    reason = np.full(born.size, None, object)
    at_risk = np.zeros(70)
    for year in range(2020, 2025):
        age = year - 1 - born
        exposed = left == 0
        np.add.at(at_risk, age[exposed], 1)
        leaving = exposed & (rng.random(born.size) < true_exit_rate(age))
        left[leaving] = year
        reason[leaving] = np.where(age[leaving] >= 60, "pension", "egen_begaran")
        recruits = rng.poisson(60)
        born = np.append(born, year - rng.integers(25, 30, recruits))
        start, left = np.append(start, [year] * recruits), np.append(left, [0] * recruits)
        reason = np.append(reason, [None] * recruits)
    n = born.size
    tables = dataset(**HISTORY_FROM_2000)
    tables["persons"] = pa.concat_tables(
        [
            tables["persons"],
            pa.table(
                {
                    "person_id": [f"P{i + 1}" for i in range(n)],
                    "birth_date": [datetime.date(b, 6, 1) for b in born],
                    "gender": ["K"] * n,
                },
                schema=TABLES["persons"],
            ),
        ]
    )
    employments = pa.table(
        {
            "employment_id": [f"E{i + 1}" for i in range(n)],
            "person_id": [f"P{i + 1}" for i in range(n)],
            "unit_id": ["W1"] * n,
            "occupation_code": ["SSK"] * n,
            "start_date": [datetime.date(y, 1 if y == 2015 else 5, 1) for y in start],
            "end_date": [datetime.date(y, 3, 31) if y else None for y in left],
            "rate": [100.0] * n,
            "pay_form": ["M"] * n,
            "form": ["tillsvidare"] * n,
            "manager": [0] * n,
            "weekly_hours": [40.0] * n,
            "end_reason": list(reason),
        },
        schema=TABLES["employments"],
    )
    tables["employments"] = pa.concat_tables([tables["employments"], employments])
    return tables, at_risk


def test_rates_of_a_synthetic_history_with_known_rates_are_recovered():
    # Each estimate lies within 3 binomial (for R: Poisson) standard errors of the truth.
    tables, at_risk = known_history(seed=20240)
    rates = estimate(tables, 2024)["SSK"].rates
    assert rates.history_years == 5 and rates.flags == ()

    def within_sampling_error(rate: np.ndarray, truth: float, first: int, last: int) -> bool:
        exposed = at_risk[first : last + 1]
        pooled = float((rate[first : last + 1] * exposed).sum() / exposed.sum())
        return abs(pooled - truth) < 3 * np.sqrt(truth * (1 - truth) / exposed.sum())

    # Bands under 55 have one rate for all their ages; from 55 single years, pooled here.
    assert rates.exit_rate[25:30] == pytest.approx([rates.exit_rate[25]] * 5)
    assert within_sampling_error(rates.exit_rate, 0.08, 25, 29)
    assert within_sampling_error(rates.exit_rate, 0.08, 40, 44)
    assert within_sampling_error(rates.exit_rate, 0.06, 55, 59)
    assert within_sampling_error(rates.exit_rate, 0.30, 60, 69)
    # Every exit from 60 is a retirement, none below.
    assert within_sampling_error(rates.retirement_rate, 0.30, 60, 69)
    assert rates.retirement_rate[60:] == pytest.approx(rates.exit_rate[60:])
    assert rates.retirement_rate[:60].sum() == 0
    assert abs(rates.recruits - 60) < 3 * np.sqrt(60 / 5)
    assert rates.recruit_ages[25:30] == pytest.approx([0.2] * 5)


# ---- the synthetic region ----------------------------------------------------------------


@pytest.fixture(scope="module")
def region() -> dict[str, pa.Table]:
    from attraktiv.synthetic.generator import build

    return build(employees=2000, years=(2018, 2024), seed=7)


def test_synthetic_region_estimates_are_plausible(region):
    result = estimate(region, 2024)
    assert SSK in result
    for group, estimated in result.items():
        rates = estimated.rates
        assert rates.history_years == 5, group
        assert ((rates.exit_rate >= 0) & (rates.exit_rate <= 1)).all(), group
        assert ((rates.retirement_rate >= 0) & (rates.retirement_rate <= rates.exit_rate)).all()
        assert rates.retirement_rate[:60].sum() == 0, group
        assert rates.recruit_ages.sum() == pytest.approx(1.0) or rates.recruits == 0
        assert 0 <= estimated.stock.mean_rate <= 100
    nurses = result[SSK]
    assert nurses.stock.headcount.sum() > 100 and nurses.rates.recruits > 0
    assert 0.02 < nurses.rates.exit_rate[30:55].mean() < 0.2
    assert nurses.rates.retirement_rate[64:67].max() > 0.2


def test_synthetic_region_stock_agrees_with_the_indicator_engine(region):
    # With no age limit, the groups' headcounts and FTEs add up to the engine's.
    result = estimate(region, 2024, max_age=120, history_years=0)
    rows = compute(region, year=2024, kpis=["headcount", "fte"], params={"min_persons": "0"})
    engine = {row["kpi"]: row["value"] for row in rows}
    assert sum(e.stock.headcount.sum() for e in result.values()) == engine["headcount"]
    assert sum(e.stock.fte for e in result.values()) == pytest.approx(engine["fte"])
    fte = actual_fte(region, [2023, 2024], max_age=120)
    assert sum(years[2024] for years in fte.values()) == pytest.approx(engine["fte"])
