"""Hand-computed cases for §3.1 (sick leave) and §3.4 (low and stable workplaces).

Ordinary hours are weekly_hours / 5 × rate / 100 per working day (§2). Unless a case says
otherwise an employee works 40 h at 100 %, i.e. 8 hours a working day. Disclosure is off
(min_persons 0) so the arithmetic shows.
"""

from __future__ import annotations

import pytest

from attraktiv.indicators import compute
from attraktiv.indicators.tests.builder import dataset, employee

OPEN = {"min_persons": "0", "min_respondents": "0"}
SICK_KPIS = [
    "sick_leave_total",
    "sick_leave_day1_14",
    "sick_leave_day15_59",
    "sick_leave_day60_plus",
    "sick_leave_long_share",
]


def merge(*parts):
    tables: dict[str, list] = {}
    for part in parts:
        for name, rows in part.items():
            tables.setdefault(name, []).extend(rows)
    return tables


def sick(person: str, start: str, end: str, extent: float = 100.0, kind: str = "sjuk"):
    return {
        "absences": [
            {
                "person_id": person,
                "start_date": start,
                "end_date": end,
                "extent": extent,
                "type": kind,
            }
        ]
    }


def results(tables, year=2024, by=(), units=None, kpis=SICK_KPIS, **params):
    rows = compute(
        dataset(**tables), year=year, kpis=kpis, by=by, units=units, params={**OPEN, **params}
    )
    keyed = {}
    for row in rows:
        dims = tuple(row[d] for d in by)
        total = all(value is None for value in dims)
        keyed[(row["kpi"], row["unit_id"], *(() if total else dims))] = row
    return keyed


def sick_hours(rows, kpi="sick_leave_total", unit="R", *dims):
    return rows[(kpi, unit, *dims)]["numerator"]


def test_ordinary_hours_of_a_year_and_a_short_spell():
    # 2024 has 251 working days (262 weekdays − 11 holidays and eves on weekdays).
    # Ordinary hours 251 × 8 = 2008. Sick Mon 8 – Fri 12 January: 5 working days = 40 h.
    rows = results(merge(employee(1), sick("P1", "2024-01-08", "2024-01-12")))
    total = rows[("sick_leave_total", "R")]
    assert total["denominator"] == 2008
    assert total["numerator"] == 40
    assert total["value"] == pytest.approx(40 / 2008 * 100)
    assert total["persons"] == 1
    assert rows[("sick_leave_day1_14", "R")]["numerator"] == 40
    assert rows[("sick_leave_day15_59", "R")]["numerator"] == 0
    assert rows[("sick_leave_long_share", "R")]["value"] == 0


def test_a_spell_crossing_the_new_year_counts_its_days_from_its_own_start():
    # Sick 2023-12-18 – 2024-01-31, one period of 45 calendar days.
    # Spell days 1–14 = 18–31 Dec 2023; 2024-01-01 is spell day 15, so all of January 2024
    # lies in band 15–59. January 2024 working days: 23 weekdays − nyårsdagen (Mon 1) and
    # trettondedag jul falls on a Saturday → 22 working days = 176 h.
    rows = results(merge(employee(1), sick("P1", "2023-12-18", "2024-01-31")))
    assert sick_hours(rows) == 176
    assert sick_hours(rows, "sick_leave_day1_14") == 0
    assert sick_hours(rows, "sick_leave_day15_59") == 176
    # In 2023 the same spell gives spell days 1–14 only: 18–22 Dec (5), 27–29 Dec (3,
    # 25 and 26 Dec are holidays; 24 Dec is a Sunday) → 8 working days = 64 h; 30–31 Dec is
    # a weekend.
    rows_2023 = results(merge(employee(1), sick("P1", "2023-12-18", "2024-01-31")), year=2023)
    assert sick_hours(rows_2023, "sick_leave_day1_14") == 64
    assert sick_hours(rows_2023, "sick_leave_day15_59") == 0


def test_relapse_within_5_days_chains_and_6_days_does_not():
    # First period: Tue 10 Sep – Mon 23 Sep 2024 = 14 calendar days (spell days 1–14).
    # Relapse starting Sat 28 Sep: 28 − 23 = 5 ≤ 5 → same spell; its days are spell days
    # 15… so Mon 30 Sep – Fri 4 Oct (5 working days, 40 h) fall in band 15–59.
    chained = results(
        merge(
            employee(1),
            sick("P1", "2024-09-10", "2024-09-23"),
            sick("P1", "2024-09-28", "2024-10-04"),
        )
    )
    # First period working days: 10–13 Sep (4) + 16–20 (5) + 23 (1) = 10 → 80 h.
    assert sick_hours(chained, "sick_leave_day1_14") == 80
    assert sick_hours(chained, "sick_leave_day15_59") == 40
    # Starting Sun 29 Sep: 29 − 23 = 6 > 5 → a new spell; 30 Sep – 4 Oct are days 2–6.
    separate = results(
        merge(
            employee(1),
            sick("P1", "2024-09-10", "2024-09-23"),
            sick("P1", "2024-09-29", "2024-10-04"),
        )
    )
    assert sick_hours(separate, "sick_leave_day1_14") == 120
    assert sick_hours(separate, "sick_leave_day15_59") == 0
    # The relapse parameter changes the rule: with relapse_days 6 the Sunday start chains.
    relapse_6 = results(
        merge(
            employee(1),
            sick("P1", "2024-09-10", "2024-09-23"),
            sick("P1", "2024-09-29", "2024-10-04"),
        ),
        relapse_days="6",
    )
    assert sick_hours(relapse_6, "sick_leave_day15_59") == 40


def test_partial_sick_leave_counts_its_extent():
    # 50 % sick Mon 4 – Fri 15 March 2024: 10 working days × 8 h × 50 % = 40 h.
    rows = results(merge(employee(1), sick("P1", "2024-03-04", "2024-03-15", extent=50)))
    assert sick_hours(rows) == 40


@pytest.mark.parametrize(("days", "long"), [(59, False), (60, True)])
def test_spells_of_exactly_59_and_60_days(days, long):
    # A spell from Mon 2 Sep 2024 of 59 or 60 calendar days (to 30 or 31 Oct).
    # Spell days 1–14: 2–15 Sep = 10 working days (80 h); 15–59: 16 Sep – 30 Oct = 33
    # working days (264 h); day 60 (31 Oct, a Thursday) only in the 60-day spell (8 h).
    end = "2024-10-30" if days == 59 else "2024-10-31"
    rows = results(merge(employee(1), sick("P1", "2024-09-02", end)))
    assert sick_hours(rows, "sick_leave_day1_14") == 80
    assert sick_hours(rows, "sick_leave_day15_59") == 264
    assert sick_hours(rows, "sick_leave_day60_plus") == (8 if long else 0)
    long_share = rows[("sick_leave_long_share", "R")]
    # The whole spell counts as long once it reaches 60 days, its first 59 days included.
    assert long_share["numerator"] == (352 if long else 0)
    assert long_share["denominator"] == (352 if long else 344)


def test_holidays_inside_a_spell_carry_no_hours_but_count_as_spell_days():
    # Easter 2024: sick Thu 28 Mar – Wed 3 Apr. Långfredagen 29 Mar and annandag påsk 1 Apr
    # are holidays: working days 28 Mar, 2 Apr, 3 Apr = 3 → 24 h.
    easter = results(merge(employee(1), sick("P1", "2024-03-28", "2024-04-03")))
    assert sick_hours(easter) == 24
    # Midsommar 2024: sick Mon 17 – Sun 23 June; midsommarafton Fri 21 June is not a working
    # day → 17–20 June = 4 working days = 32 h.
    midsommar = results(merge(employee(1), sick("P1", "2024-06-17", "2024-06-23")))
    assert sick_hours(midsommar) == 32
    # Christmas 2024: sick Fri 20 Dec – Fri 3 Jan 2025 (15 calendar days). In 2024: 20 Dec,
    # 23 Dec, 27 Dec, 30 Dec are working days (24–26 and 31 Dec are not) → 32 h, all on
    # spell days 1–14 (20 Dec – 2 Jan). In 2025: 2 Jan (day 14) and 3 Jan (day 15).
    christmas = results(merge(employee(1), sick("P1", "2024-12-20", "2025-01-03")))
    assert sick_hours(christmas) == 32
    next_year = results(merge(employee(1), sick("P1", "2024-12-20", "2025-01-03")), year=2025)
    assert sick_hours(next_year, "sick_leave_day1_14") == 8
    assert sick_hours(next_year, "sick_leave_day15_59") == 8


def test_concurrent_employments_in_two_units_and_a_non_40_hour_week():
    # P1 works 60 % in W1 (40 h week) and 40 % in W2 on a 37-hour week.
    # Sick 100 % Mon 5 – Fri 9 Feb 2024 (5 working days):
    #   W1: 5 × 40/5 × 0.6 = 24 h; W2: 5 × 37/5 × 0.4 = 14.8 h.
    # Ordinary hours: W1 251 × 4.8 = 1204.8; W2 251 × 2.96 = 742.96.
    tables = merge(
        employee(1, "W1", rate=60.0),
        {
            "employments": [
                {
                    "employment_id": "E1b",
                    "person_id": "P1",
                    "unit_id": "W2",
                    "start_date": "2010-01-01",
                    "rate": 40.0,
                    "weekly_hours": 37.0,
                }
            ]
        },
        sick("P1", "2024-02-05", "2024-02-09"),
    )
    rows = results(tables, units=["R", "W1", "W2"])
    assert sick_hours(rows, unit="W1") == pytest.approx(24)
    assert sick_hours(rows, unit="W2") == pytest.approx(14.8)
    assert rows[("sick_leave_total", "W1")]["denominator"] == pytest.approx(1204.8)
    assert rows[("sick_leave_total", "W2")]["denominator"] == pytest.approx(742.96)
    region = rows[("sick_leave_total", "R")]
    assert region["numerator"] == pytest.approx(38.8)
    assert region["denominator"] == pytest.approx(1947.76)
    assert region["persons"] == 1  # one person, though in two units


def test_a_unit_change_mid_year_splits_hours_between_units():
    # P1 in W1 until Fri 31 May 2024, then in W2 from Mon 3 June.
    # Working days Jan–May 2024, weekdays minus holidays: Jan 23 − 1 (1 Jan) = 22,
    # Feb 21, Mar 21 − 1 (29 Mar) = 20, Apr 22 − 1 (1 Apr) = 21, May 23 − 2 (1 and 9 May)
    # = 21 → 105 days, 840 h in W1. June–Dec: 251 − 105 = 146 days → 1168 h in W2
    # (3 June onwards: Mon 3 June is the first working day of June).
    # Sick Mon 27 May – Fri 7 June: W1 gets 27–31 May (5 days, 40 h), W2 gets 3–7 June
    # minus nationaldagen Thu 6 June = 4 days, 32 h.
    tables = merge(
        employee(1, "W1", end_date="2024-05-31", end_reason="ovrigt"),
        {
            "employments": [
                {
                    "employment_id": "E1b",
                    "person_id": "P1",
                    "unit_id": "W2",
                    "start_date": "2024-06-03",
                }
            ]
        },
        sick("P1", "2024-05-27", "2024-06-07"),
    )
    rows = results(tables, units=["W1", "W2", "R"])
    assert rows[("sick_leave_total", "W1")]["denominator"] == 840
    assert rows[("sick_leave_total", "W2")]["denominator"] == 1168
    assert sick_hours(rows, unit="W1") == 40
    assert sick_hours(rows, unit="W2") == 32


def test_hourly_paid_staff_have_no_ordinary_hours_and_sick_days_outside_employment_no_hours():
    # P2 is hourly-paid: no ordinary hours, not in persons. P1's sickness before the
    # employment starts (Mon 1 – Fri 5 July) counts as spell days 1–5 but carries no hours;
    # employed from Mon 8 July, sick to Fri 19 July: spell days 8–19, 10 working days, 80 h.
    tables = merge(
        employee(1, start_date="2024-07-08"),
        employee(2, pay_form="T", rate=None),
        sick("P1", "2024-07-01", "2024-07-19"),
        sick("P2", "2024-03-04", "2024-03-08"),
    )
    rows = results(tables)
    total = rows[("sick_leave_total", "R")]
    assert total["numerator"] == 80
    assert total["persons"] == 1
    # Spell days 8–14 are 8–14 July: working days 8–12 July = 40 h; days 15–19 are
    # 15–19 July = 40 h.
    assert sick_hours(rows, "sick_leave_day1_14") == 40
    assert sick_hours(rows, "sick_leave_day15_59") == 40


def test_other_leave_does_not_reduce_ordinary_hours():
    tables = merge(employee(1), sick("P1", "2024-03-04", "2024-03-08", kind="semester"))
    assert results(tables)[("sick_leave_total", "R")]["denominator"] == 2008


def test_three_level_roll_up():
    # R → F (förvaltning) → V (verksamhet) → W1, W2; X directly under R.
    units = [
        {"unit_id": "R", "name": "Region", "parent_id": None},
        {"unit_id": "F", "name": "Förvaltning", "parent_id": "R"},
        {"unit_id": "V", "name": "Verksamhet", "parent_id": "F"},
        {"unit_id": "W1", "name": "W1", "parent_id": "V"},
        {"unit_id": "W2", "name": "W2", "parent_id": "V"},
        {"unit_id": "X", "name": "X", "parent_id": "R"},
    ]
    tables = merge(
        {"units": units},
        employee(1, "W1"),
        employee(2, "W2"),
        employee(3, "X"),
        sick("P1", "2024-01-08", "2024-01-12"),  # 40 h
        sick("P2", "2024-01-08", "2024-01-09"),  # 16 h
        sick("P3", "2024-01-08", "2024-01-08"),  # 8 h
    )
    rows = results(tables, units="all", kpis=["sick_leave_total"])
    assert sick_hours(rows, unit="V") == 56
    assert sick_hours(rows, unit="F") == 56
    assert sick_hours(rows, unit="R") == 64
    assert rows[("sick_leave_total", "F")]["denominator"] == 2 * 2008
    assert rows[("sick_leave_total", "R")]["persons"] == 3


def low_stable_region(sick_w2_2024: str):
    """W1 and W2 with 5 persons each 2022–2024; W3 with 4 persons (never qualifies)."""
    parts = []
    for number in range(1, 15):
        unit = "W1" if number <= 5 else "W2" if number <= 10 else "W3"
        parts.append(employee(number, unit, start_date="2021-01-01"))
    units = [{"unit_id": "R", "name": "R", "parent_id": None}] + [
        {"unit_id": w, "name": w, "parent_id": "R"} for w in ("W1", "W2", "W3")
    ]
    # One person in W2 is sick in 2024: ordinary hours in W2 = 5 × 2008 = 10040; 4 % is
    # 401.6 h. Sick Mon 8 Jan – Fri 19 Apr 2024 = 73 working days (584 h, 5.8 %) or
    # Mon 8 – Fri 12 Jan (40 h, 0.4 %).
    parts.append(sick("P6", "2024-01-08", sick_w2_2024))
    return merge({"units": units}, *parts)


@pytest.mark.parametrize(("sick_until", "share"), [("2024-01-12", 100.0), ("2024-04-19", 50.0)])
def test_low_and_stable_workplaces_over_three_years(sick_until, share):
    # W1, W2 qualify (≥ 5 persons with ordinary hours in 2022, 2023, 2024); W3 has 4.
    # W1 has no sick leave: low all three years. W2 is low unless 2024 reaches 5.8 %.
    rows = results(low_stable_region(sick_until), kpis=["low_stable_workplaces_share"])
    row = rows[("low_stable_workplaces_share", "R")]
    assert row["denominator"] == 2
    assert row["value"] == share
    assert row["persons"] is None


def test_low_and_stable_needs_all_three_years():
    # In 2023 the workplaces existed only since 2021 → qualify for 2023 (2021–2023), but
    # for 2022 they lack 2020 → nothing qualifies: value null, denominator 0.
    rows = results(low_stable_region("2024-01-12"), year=2022, kpis=["low_stable_workplaces_share"])
    row = rows[("low_stable_workplaces_share", "R")]
    assert (row["value"], row["numerator"], row["denominator"]) == (None, 0, 0)
