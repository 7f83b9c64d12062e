"""Hand-computed cases for §3.2 (full-time) and §3.3 (exits, turnover and the stock)."""

from __future__ import annotations

import pytest

from attraktiv.indicators.tests.builder import employee
from attraktiv.indicators.tests.test_sick_leave import merge, results, sick


def leave(person, start, end, extent=100.0, kind="foraldraledig"):
    return sick(person, start, end, extent=extent, kind=kind)


FULL_TIME = [
    "full_time_employed_share",
    "full_time_working_share",
    "mean_actual_rate",
    "headcount",
    "fte",
]


def test_full_time_with_partial_leave_hourly_paid_and_full_leave():
    # On 30 Nov 2024:
    # P1 100 %, no leave: contracted 100, actual 100.
    # P2 100 %, 25 % tjänstledig covering the date: actual 100 × 0.75 = 75.
    # P3 60 % + 40 % in two units: contracted 100, actual 100.
    # P4 100 %, 100 % föräldraledig: actual 0 → not among the working.
    # P5 80 %: contracted 80, actual 80.
    # P6 hourly-paid: not in any full-time measure.
    tables = merge(
        employee(1),
        employee(2),
        employee(3, rate=60.0),
        employee(4),
        employee(5, rate=80.0),
        employee(6, pay_form="T", rate=None),
        {
            "employments": [
                {
                    "employment_id": "E3b",
                    "person_id": "P3",
                    "unit_id": "W2",
                    "start_date": "2010-01-01",
                    "rate": 40.0,
                }
            ]
        },
        leave("P2", "2024-11-01", "2024-12-31", 25.0, "tjanstledig"),
        leave("P4", "2024-06-01", "2025-05-31"),
    )
    rows = results(tables, kpis=FULL_TIME)
    employed = rows[("full_time_employed_share", "R")]
    # Contracted ≥ 100: P1, P2, P3, P4 of P1–P5 → 4/5.
    assert (employed["numerator"], employed["denominator"]) == (4, 5)
    working = rows[("full_time_working_share", "R")]
    # Actual > 0: P1, P2, P3, P5; actual ≥ 100: P1, P3 → 2/4.
    assert (working["numerator"], working["denominator"], working["value"]) == (2, 4, 50.0)
    # Mean actual rate over P1, P2, P3, P5: (100 + 75 + 100 + 80) / 4 = 88.75.
    assert rows[("mean_actual_rate", "R")]["value"] == pytest.approx(88.75)
    # Headcount: P1–P5 (P4 on leave counts; P6 hourly-paid does not).
    assert rows[("headcount", "R")]["value"] == 5
    # FTE: (100 + 75 + 100 + 0 + 80) / 100 = 3.55.
    assert rows[("fte", "R")]["value"] == pytest.approx(3.55)


def test_fte_is_additive_over_units_and_a_person_counts_once_in_headcount():
    # P1: 60 % in W1 and 40 % in W2, 50 % föräldraledig → actual min(100, 100) × 0.5 = 50.
    # W1 gets 50 × 60/100 / 100 = 0.3 FTE, W2 50 × 40/100 / 100 = 0.2; the region 0.5.
    tables = merge(
        employee(1, rate=60.0),
        {
            "employments": [
                {
                    "employment_id": "E1b",
                    "person_id": "P1",
                    "unit_id": "W2",
                    "start_date": "2010-01-01",
                    "rate": 40.0,
                }
            ]
        },
        leave("P1", "2024-11-01", "2024-12-31", 50.0),
    )
    rows = results(tables, kpis=["fte", "headcount"], units=["R", "W1", "W2"])
    assert rows[("fte", "W1")]["value"] == pytest.approx(0.3)
    assert rows[("fte", "W2")]["value"] == pytest.approx(0.2)
    assert rows[("fte", "R")]["value"] == pytest.approx(0.5)
    assert [rows[("headcount", u)]["value"] for u in ("R", "W1", "W2")] == [1, 1, 1]


def test_the_occupation_group_of_the_highest_rate_and_chef_if_any():
    # P1: 30 % as USK (manager) and 70 % as SSK → group SSK, role chef.
    tables = merge(
        employee(1, rate=70.0, occupation_code="SSK"),
        {
            "employments": [
                {
                    "employment_id": "E1b",
                    "person_id": "P1",
                    "unit_id": "W2",
                    "start_date": "2010-01-01",
                    "rate": 30.0,
                    "occupation_code": "USK",
                    "manager": 1,
                }
            ]
        },
        {
            "occupations": [
                {"occupation_code": "SSK", "name": "Sjuksköterska", "group": "Sjuksköterskor"},
                {"occupation_code": "USK", "name": "Undersköterska", "group": None},
            ]
        },
    )
    rows = results(tables, kpis=["headcount"], by=("occupation_group", "role"))
    assert rows[("headcount", "R", "Sjuksköterskor", "chef")]["value"] == 1
    assert ("headcount", "R", "USK", "chef") not in rows
    # FTE follows each employment's own group and role instead.
    fte = results(tables, kpis=["fte"], by=("occupation_group",))
    assert fte[("fte", "R", "Sjuksköterskor")]["value"] == pytest.approx(0.7)
    assert fte[("fte", "R", "USK")]["value"] == pytest.approx(0.3)


def test_fractional_retirement_ages():
    # P1 born 1959-03-15, retires 2024-06-30: 23,849 days / 365.25 = 65.2950…
    # P2 born 1960-11-02, retires 2024-12-31: 23,435 days / 365.25 = 64.1615…
    # P3 born 1958-01-01 retires 2024-05-31 but is re-employed from 2024-06-01 (visstid):
    # still employed the day after → not a retiree.
    # P4 leaves with egen_begaran: not a retiree.
    tables = merge(
        {"persons": [{"person_id": "P1", "birth_date": "1959-03-15"}]},
        {
            "employments": [
                {
                    "employment_id": "E1",
                    "person_id": "P1",
                    "unit_id": "W1",
                    "start_date": "1990-01-01",
                    "end_date": "2024-06-30",
                    "end_reason": "pension",
                }
            ]
        },
        {"persons": [{"person_id": "P2", "birth_date": "1960-11-02", "gender": "M"}]},
        {
            "employments": [
                {
                    "employment_id": "E2",
                    "person_id": "P2",
                    "unit_id": "W2",
                    "start_date": "1990-01-01",
                    "end_date": "2024-12-31",
                    "end_reason": "pension",
                }
            ]
        },
        {"persons": [{"person_id": "P3", "birth_date": "1958-01-01"}]},
        {
            "employments": [
                {
                    "employment_id": "E3",
                    "person_id": "P3",
                    "unit_id": "W1",
                    "start_date": "1990-01-01",
                    "end_date": "2024-05-31",
                    "end_reason": "pension",
                },
                {
                    "employment_id": "E3b",
                    "person_id": "P3",
                    "unit_id": "W1",
                    "start_date": "2024-06-01",
                    "form": "visstid",
                },
            ]
        },
        employee(4, end_date="2024-03-31", end_reason="egen_begaran"),
    )
    rows = results(tables, kpis=["retirement_age_mean"], by=("gender",))
    age_1 = (23849) / 365.25
    age_2 = (23435) / 365.25
    total = rows[("retirement_age_mean", "R")]
    assert total["denominator"] == 2
    assert total["value"] == pytest.approx((age_1 + age_2) / 2)
    assert f"{total['value']:.2f}" == "64.73"
    assert rows[("retirement_age_mean", "R", "M")]["value"] == pytest.approx(age_2)


def test_turnover_across_the_two_reference_dates():
    # Reference dates 30 Nov 2023 and 30 Nov 2024.
    # P1 tillsvidare in both: stays. P2 tillsvidare 2023, left 2024-05-31 (egen_begaran):
    # turnover. P3 tillsvidare in W1 2023, moved to W2 in 2024: an internal move, not
    # turnover. P4 visstid in 2023 (not in the base), gone in 2024. P5 new tillsvidare hire
    # from 2024-02-01.
    tables = merge(
        employee(1),
        employee(2, end_date="2024-05-31", end_reason="egen_begaran"),
        employee(3, end_date="2024-01-31", end_reason="ovrigt"),
        {
            "employments": [
                {
                    "employment_id": "E3b",
                    "person_id": "P3",
                    "unit_id": "W2",
                    "start_date": "2024-02-01",
                }
            ]
        },
        employee(4, form="visstid", end_date="2023-12-31", end_reason="visstid_slut"),
        employee(5, start_date="2024-02-01", unit="W2"),
    )
    rows = results(
        tables,
        units=["R", "W1", "W2"],
        kpis=["turnover_kolada", "new_hires_kolada", "turnover_voluntary"],
    )
    kolada = rows[("turnover_kolada", "R")]
    # Base: P1, P2, P3 (tillsvidare on 30 Nov 2023); gone on 30 Nov 2024: P2 → 1/3.
    assert (kolada["numerator"], kolada["denominator"], kolada["persons"]) == (1, 3, 3)
    # Placed by the 2023 employments: W1 had P1, P2, P3 → 1/3; W2 had nobody.
    assert rows[("turnover_kolada", "W1")]["value"] == pytest.approx(100 / 3)
    assert rows[("turnover_kolada", "W2")]["denominator"] == 0
    hires = rows[("new_hires_kolada", "R")]
    # P5 is tillsvidare on 30 Nov 2024 and had nothing in 2023 → 1 / 3.
    assert (hires["numerator"], hires["denominator"]) == (1, 3)
    assert rows[("new_hires_kolada", "W2")]["numerator"] == 1
    voluntary = rows[("turnover_voluntary", "R")]
    # P2 left voluntarily. Tillsvidare headcounts: 3 (2023: P1–P3) and 3 (2024: P1, P3,
    # P5) → mean 3 → 1/3 × 100. persons: the 2023 tillsvidare headcount, 3.
    assert voluntary["numerator"] == 1
    assert voluntary["denominator"] == 3
    assert voluntary["persons"] == 3


def test_mean_age_is_exact():
    # Born 1984-12-01: on 30 Nov 2024, 14,609 days → 39.997…; born 1960-01-01: 23,710
    # days → 64.914…; mean 52.456…
    tables = merge(
        {
            "persons": [
                {"person_id": "P1", "birth_date": "1984-12-01"},
                {"person_id": "P2", "birth_date": "1960-01-01"},
            ]
        },
        {
            "employments": [
                {
                    "employment_id": "E1",
                    "person_id": "P1",
                    "unit_id": "W1",
                    "start_date": "2010-01-01",
                },
                {
                    "employment_id": "E2",
                    "person_id": "P2",
                    "unit_id": "W1",
                    "start_date": "2010-01-01",
                },
            ]
        },
    )
    rows = results(tables, kpis=["mean_age"], by=("age_group",))
    assert rows[("mean_age", "R")]["value"] == pytest.approx((14609 + 23710) / 2 / 365.25)
    # Age groups use the age in the year (2024 − birth year): 40 → 30-49, 64 → 50-.
    assert rows[("mean_age", "R", "30-49")]["persons"] == 1
    assert rows[("mean_age", "R", "50-")]["persons"] == 1
