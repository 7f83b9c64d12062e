"""Hand-computed cases for §3.5 (staff survey) and §3.6 (staffing, SAM, pay)."""

from __future__ import annotations

import pytest

from attraktiv.indicators.tests.builder import employee
from attraktiv.indicators.tests.test_sick_leave import merge, results

HME = ["hme_motivation", "hme_leadership", "hme_governance", "hme_total"]


def answers(respondent, values, unit="W1", manager=0, gender="K", year=2024, survey="MU2024"):
    """One respondent's answers to HME1…HME9 (None = skipped) plus extra codes."""
    return {
        "surveys": [
            {
                "survey": survey,
                "year": year,
                "respondent": respondent,
                "unit_id": unit,
                "manager": manager,
                "gender": gender,
                "question": question,
                "answer": answer,
            }
            for question, answer in values.items()
        ]
    }


def hme(*values):
    return {f"HME{n}": value for n, value in enumerate(values, start=1)}


def test_hme_with_skipped_answers():
    # R1 answers 5,4,3 | 5,5,5 | 4,4,4; R2 answers 3,–,1 | 4,4,4 | –,–,– (skips).
    # Question indices (a − 1) × 25: HME1 (100 + 50)/2 = 75; HME2 75 (R1 only);
    # HME3 (50 + 0)/2 = 25 → motivation (75 + 75 + 25) / 3 = 58.33…
    # HME4–6: R1 100, R2 75 → each 87.5 → leadership 87.5.
    # HME7–9: R1 only, 75 each → governance 75.
    # Total: mean of the nine question indices = (75+75+25+87.5×3+75×3)/9 = 73.61…
    tables = merge(
        answers("R1", hme(5, 4, 3, 5, 5, 5, 4, 4, 4)),
        answers("R2", hme(3, None, 1, 4, 4, 4, None, None, None), gender="M"),
    )
    rows = results(tables, kpis=HME)
    assert rows[("hme_motivation", "R")]["value"] == pytest.approx(175 / 3)
    assert rows[("hme_leadership", "R")]["value"] == pytest.approx(87.5)
    assert rows[("hme_governance", "R")]["value"] == pytest.approx(75)
    assert rows[("hme_total", "R")]["value"] == pytest.approx((175 + 262.5 + 225) / 9)
    # Denominator: the number of answers; persons: respondents with at least one answer.
    assert rows[("hme_motivation", "R")]["denominator"] == 5
    assert type(rows[("hme_motivation", "R")]["denominator"]) is int  # not DuckDB's Decimal
    assert type(rows[("hme_motivation", "R")]["persons"]) is int
    assert rows[("hme_governance", "R")]["persons"] == 1
    assert rows[("hme_total", "R")]["numerator"] is None


def test_a_composite_is_null_unless_each_question_has_an_answer():
    # By gender: the men (R2) answered none of HME7–9 → governance null for M.
    tables = merge(
        answers("R1", hme(5, 4, 3, 5, 5, 5, 4, 4, 4)),
        answers("R2", hme(3, None, 1, 4, 4, 4, None, None, None), gender="M"),
    )
    rows = results(tables, kpis=["hme_governance", "hme_motivation"], by=("gender",))
    assert ("hme_governance", "R", "M") not in rows  # no respondent answered: no cell
    # Motivation for M: HME2 skipped → null, but the cell exists with its answers.
    men = rows[("hme_motivation", "R", "M")]
    assert men["value"] is None
    assert (men["denominator"], men["persons"]) == (2, 1)


def test_other_questions_and_roles():
    # Q "ARB1": chef answers 5, two medarbetare answer 4 and 2.
    # Index: (100 + 75 + 25) / 3 = 66.67; agree share (4 or 5): 2/3.
    tables = merge(
        answers("R1", {"ARB1": 5}, manager=1),
        answers("R2", {"ARB1": 4}),
        answers("R3", {"ARB1": 2}),
    )
    rows = results(tables, kpis=["survey_index:ARB1", "survey_agree_share:ARB1"], by=("role",))
    assert rows[("survey_index:ARB1", "R")]["value"] == pytest.approx(200 / 3)
    assert rows[("survey_agree_share:ARB1", "R")]["value"] == pytest.approx(200 / 3)
    assert rows[("survey_index:ARB1", "R", "chef")]["value"] == 100
    assert rows[("survey_index:ARB1", "R", "medarbetare")]["value"] == 50


def test_all_kpis_include_each_other_question_of_the_year():
    from attraktiv.indicators import compute
    from attraktiv.indicators.tests.builder import dataset

    tables = merge(answers("R1", {"ARB1": 5, "HME1": 4}), answers("R2", {"X9": 3}, year=2023))
    kpis = {row["kpi"] for row in compute(dataset(**tables), year=2024)}
    assert {"survey_index:ARB1", "survey_agree_share:ARB1"} <= kpis
    assert "survey_index:HME1" not in kpis
    assert "survey_index:X9" not in kpis  # answered in 2023 only


def test_staffing_shares_leave_out_months_with_an_empty_cell():
    # Jan: own 900, hired 100; Feb: own 800, hired empty (left out of the hours share);
    # Mar: own 700, hired 300. Hours share: (900 + 700) / (1000 + 1000) = 80 %.
    # Costs: Jan own 500 hired 50; Mar own 400 hired empty → cost share 50/500 = 10 %.
    staffing = [
        {
            "unit_id": "W1",
            "month": "2024-01",
            "own_hours": 900.0,
            "hired_hours": 100.0,
            "own_cost": 500.0,
            "hired_cost": 50.0,
        },
        {
            "unit_id": "W1",
            "month": "2024-02",
            "own_hours": 800.0,
            "hired_hours": None,
            "own_cost": None,
            "hired_cost": None,
        },
        {
            "unit_id": "W2",
            "month": "2024-03",
            "own_hours": 700.0,
            "hired_hours": 300.0,
            "own_cost": 400.0,
            "hired_cost": None,
        },
        {
            "unit_id": "W2",
            "month": "2023-12",
            "own_hours": 1.0,
            "hired_hours": 1.0,
            "own_cost": 1.0,
            "hired_cost": 1.0,
        },
    ]
    rows = results({"staffing": staffing}, kpis=["own_staff_hours_share", "hired_cost_share"])
    assert rows[("own_staff_hours_share", "R")]["value"] == pytest.approx(80)
    assert rows[("hired_cost_share", "R")]["value"] == pytest.approx(10)
    assert rows[("own_staff_hours_share", "R")]["persons"] is None


def test_sam_compliance():
    sam = [
        {"year": 2024, "unit_id": "W1", "manager_key": "M1", "compliant": 1},
        {"year": 2024, "unit_id": "W1", "manager_key": "M2", "compliant": 0},
        {"year": 2024, "unit_id": "W2", "manager_key": "M3", "compliant": 1},
        {"year": 2023, "unit_id": "W2", "manager_key": "M3", "compliant": 0},
    ]
    rows = results({"sam": sam}, kpis=["sam_compliance_share"], units=["R", "W1"])
    assert rows[("sam_compliance_share", "R")]["value"] == pytest.approx(200 / 3)
    assert rows[("sam_compliance_share", "W1")]["value"] == 50
    assert rows[("sam_compliance_share", "R")]["persons"] == 3


def test_median_salary_and_pay_ratio():
    # Women: latest salaries on or before 30 Nov 2024: 30 000, 34 000, 40 000 → median
    # 34 000 (P1's December raise does not count). Men: 36 000, 38 000 → median 37 000.
    # Ratio 34 000 / 37 000 × 100 = 91.89…
    people = [employee(n) for n in range(1, 4)] + [employee(n) for n in (4, 5)]
    tables = merge(
        *people,
        {"persons": []},
        {
            "salaries": [
                {"person_id": "P1", "date": "2024-01-01", "monthly_salary": 30000.0},
                {"person_id": "P1", "date": "2024-12-01", "monthly_salary": 99000.0},
                {"person_id": "P2", "date": "2023-06-01", "monthly_salary": 34000.0},
                {"person_id": "P3", "date": "2024-04-01", "monthly_salary": 40000.0},
                {"person_id": "P4", "date": "2024-04-01", "monthly_salary": 36000.0},
                {"person_id": "P5", "date": "2024-04-01", "monthly_salary": 38000.0},
            ]
        },
    )
    for person in tables["persons"]:
        if person["person_id"] in ("P4", "P5"):
            person["gender"] = "M"
    rows = results(tables, kpis=["median_salary", "pay_ratio_women_men"], by=("gender",))
    assert rows[("median_salary", "R", "K")]["value"] == 34000
    assert rows[("median_salary", "R", "M")]["value"] == 37000
    assert rows[("median_salary", "R")]["value"] == 36000  # all five
    ratio = rows[("pay_ratio_women_men", "R")]
    assert ratio["value"] == pytest.approx(34000 / 37000 * 100)
    assert (ratio["numerator"], ratio["denominator"], ratio["persons"]) == (34000, 37000, 5)
    assert ("pay_ratio_women_men", "R", "K") not in rows  # no gender breakdown
    # With the default min_persons 10, either gender at most 10 suppresses the ratio.
    suppressed = results(tables, kpis=["pay_ratio_women_men"], min_persons="10")
    assert suppressed[("pay_ratio_women_men", "R")]["suppressed"] is True
