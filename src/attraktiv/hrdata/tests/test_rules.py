"""Every bad-input rule of hr-data.md §1 names the right ``file:line: column``.

Each case breaks one line of an otherwise valid data set (``helpers.BASE``) and checks the
error's location and wording. An error involving several rows names the later line and
mentions the other (§1, Bad input).
"""

from __future__ import annotations

import pytest

from .helpers import PNR, PNR_DIGITS, errors_of, write_dataset

EMP = "employments.csv"
ABS = "absences.csv"

CASES = [
    # units (§1, units)
    ("units.csv", {4: "E1,,F1,enhet"}, [], "units.csv:4: name: a value is required"),
    ("units.csv", {5: ",Enhet 2,F1,enhet"}, [], "units.csv:5: unit_id: a value is required"),
    (
        "units.csv",
        {},
        ["E1,Dubblett,F1,enhet"],
        "units.csv:6: unit_id: this unit_id is repeated: it is also on line 4",
    ),
    ("units.csv", {5: "E2,Enhet 2,XX,enhet"}, [], "units.csv:5: parent_id: 'XX' is not a unit_id"),
    (
        "units.csv",
        {5: "E2,Enhet 2,,enhet"},
        [],
        "units.csv:5: parent_id: a second root: parent_id is empty here and on line 2",
    ),
    (
        "units.csv",
        {},
        ["C1,Cykel 1,C2,", "C2,Cykel 2,C1,"],
        "units.csv:7: parent_id: the parents form a cycle: 'C1' → 'C2' → 'C1' (with line 6)",
    ),
    (
        "units.csv",
        {3: "F1,Förvaltning,F1,forvaltning"},
        [],
        "units.csv:3: parent_id: the parents form a cycle",
    ),
    ("units.csv", {2: "R,Regionen,E1,region"}, [], "units.csv: parent_id: there is no root"),
    ("units.csv", {3: "F1,Förvaltning,R,kommun"}, [], "units.csv:3: kind: 'kommun' is not allowed"),
    (
        "units.csv",
        {1: "unit_id,namn,parent_id,kind"},
        [],
        "units.csv:1: name: the required column is missing",
    ),
    # persons (§1, persons)
    (
        "persons.csv",
        {},
        ["198112189876,,"],
        "persons.csv:5: person_id: this person_id is repeated: it is also on line 2",
    ),
    (
        "persons.csv",
        {2: "811218-9875,,"},
        [],
        "persons.csv:2: person_id: ser ut som ett felskrivet personnummer",  # Luhn
    ),
    (
        "persons.csv",
        {2: "811318-9876,,"},
        [],
        "persons.csv:2: person_id: ser ut som ett felskrivet personnummer",  # no date of birth
    ),
    (
        "persons.csv",
        {2: f"{PNR},1981-12-19,"},
        [],
        "persons.csv:2: birth_date: does not agree with the date of birth in the personnummer",
    ),
    (
        "persons.csv",
        {2: f"{PNR},,K"},
        [],
        "persons.csv:2: gender: does not agree with the gender in the personnummer",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,2"},
        [],
        "persons.csv:3: gender: '2' is not allowed (digits are not accepted)",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,X"},
        [],
        "persons.csv:3: gender: 'X' is not allowed; gender must be one of K, M",
    ),
    (
        "persons.csv",
        {3: "P2,,K"},
        [],
        "persons.csv:3: birth_date: a value is required when person_id is not a personnummer",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,"},
        [],
        "persons.csv:3: gender: a value is required when person_id is not a personnummer",
    ),
    (
        "persons.csv",
        {3: "P2,1970-02-30,K"},
        [],
        "persons.csv:3: birth_date: '1970-02-30' is not a valid date",
    ),
    (
        "persons.csv",
        {3: "P2,01/05/1970,K"},
        [],
        "persons.csv:3: birth_date: '01/05/1970' is not a date; write YYYY-MM-DD",
    ),
    ("persons.csv", {3: ",1970-05-01,K"}, [], "persons.csv:3: person_id: a value is required"),
    (
        "persons.csv",
        {1: "person_id,gender", 2: f"{PNR},", 3: "P2,K", 4: "P3,M"},
        [],
        "persons.csv:3: person_id: the file has no birth_date column, and this person_id is not "
        "a personnummer",
    ),
    # employments (§1, employments)
    (
        EMP,
        {},
        [f"A1,{PNR},E1,SSK,2024-01-01,,100,M,tillsvidare,0,40,"],
        "employments.csv:5: employment_id: this employment_id is repeated: it is also on line 2",
    ),
    (
        EMP,
        {4: "A3,P9,E2,USK,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: person_id: this person_id is not in persons.csv",
    ),
    (
        EMP,
        {4: "A3,P3,E9,USK,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: unit_id: 'E9' is not a unit_id in units.csv",
    ),
    (
        EMP,
        {4: "A3,P3,E2,,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: occupation_code: a value is required",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,,,,T,visstid,,,"},
        [],
        "employments.csv:4: start_date: a value is required",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2018-12-31,75,M,visstid,1,38.25,visstid_slut"},
        [],
        "employments.csv:3: end_date: 2018-12-31 is before the start_date",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2023-12-31,0,M,visstid,1,38.25,"},
        [],
        "employments.csv:3: rate: '0' is out of range; it must be greater than 0 and at most 100",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2023-12-31,100.5,M,visstid,1,38.25,"},
        [],
        "employments.csv:3: rate: '100.5' is out of range",
    ),
    (
        EMP,
        {2: f"A1,{PNR},E1,SSK,2020-01-01,,,M,tillsvidare,0,40,"},
        [],
        "employments.csv:2: rate: a value is required when pay_form is M",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,abc,T,visstid,,,"},
        [],
        "employments.csv:4: rate: 'abc' is not a number",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,X,visstid,,,"},
        [],
        "employments.csv:4: pay_form: 'X' is not allowed; pay_form must be one of M, T",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,fast,,,"},
        [],
        "employments.csv:4: form: 'fast' is not allowed; form must be one of tillsvidare, visstid",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,2,,"},
        [],
        "employments.csv:4: manager: '2' is not allowed; write 0 or 1",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,,-1,"},
        [],
        "employments.csv:4: weekly_hours: '-1' is out of range",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,2022-01-01,,T,visstid,,,slut"},
        [],
        "employments.csv:4: end_reason: 'slut' is not allowed",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-13-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: start_date: '2021-13-01' is not a valid date",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,,,,"},
        [],
        "employments.csv:4: 13 fields where the header has 12",
    ),
    # absences (§1, absences)
    (
        ABS,
        {3: "P9,2021-02-01,2021-02-28,foraldraledig,50"},
        [],
        "absences.csv:3: person_id: this person_id is not in persons.csv",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-01-28,foraldraledig,50"},
        [],
        "absences.csv:3: end_date: 2021-01-28 is before the start_date",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,,foraldraledig,50"},
        [],
        "absences.csv:3: end_date: a value is required",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,sjukdom,50"},
        [],
        "absences.csv:3: type: 'sjukdom' is not allowed; type must be one of sjuk,",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,foraldraledig,0"},
        [],
        "absences.csv:3: extent: '0' is out of range",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,foraldraledig,101"},
        [],
        "absences.csv:3: extent: '101' is out of range",
    ),
    (
        ABS,
        {},
        ["P2,2021-03-05,2021-03-10,sjuk,100"],
        "absences.csv:5: start_date: this sjuk period overlaps the sjuk period of the same "
        "person on line 4",
    ),
    (
        ABS,
        {},
        ["P2,2021-02-20,2021-03-01,sjuk,100"],
        "absences.csv:5: start_date: this sjuk period overlaps the sjuk period of the same "
        "person on line 4",
    ),
    # surveys (§1, surveys)
    (
        "surveys.csv",
        {2: "MU2024,2024,r1,E1,0,K,HME1,6"},
        [],
        "surveys.csv:2: answer: '6' is not allowed; write a whole number 1–5",
    ),
    (
        "surveys.csv",
        {2: "MU2024,MMXXIV,r1,E1,0,K,HME1,4"},
        [],
        "surveys.csv:2: year: 'MMXXIV' is not allowed",
    ),
    (
        "surveys.csv",
        {4: "MU2024,2024,r2,E9,1,M,hme1,"},
        [],
        "surveys.csv:4: unit_id: 'E9' is not a unit_id in units.csv",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E2,0,K,HME2,5"},
        [],
        "surveys.csv:3: unit_id: 'E2' here but 'E1' on line 2",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E1,1,K,HME2,5"},
        [],
        "surveys.csv:3: manager: '1' here but '0' on line 2",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E1,0,,HME2,5"},
        [],
        "surveys.csv:3: gender: empty here but 'K' on line 2",
    ),
    (
        "surveys.csv",
        {},
        ["MU2024,2024,r1,E1,0,K,hme1,3"],
        "surveys.csv:5: question: this respondent's answer to the question is repeated: it is "
        "also on line 2",
    ),
    (
        "surveys.csv",
        {2: ",2024,r1,E1,0,K,HME1,4"},
        [],
        "surveys.csv:2: survey: a value is required",
    ),
    # staffing (§1, staffing)
    (
        "staffing.csv",
        {3: "E2,2024-13,800,,,"},
        [],
        "staffing.csv:3: month: '2024-13' is not a month; write YYYY-MM",
    ),
    ("staffing.csv", {3: "E2,202401,800,,,"}, [], "staffing.csv:3: month: '202401' is not a month"),
    (
        "staffing.csv",
        {3: "E2,2024-01,-5,,,"},
        [],
        "staffing.csv:3: own_hours: '-5' is out of range; it must be at least 0",
    ),
    (
        "staffing.csv",
        {3: "E2,2024-01,800,,,x"},
        [],
        "staffing.csv:3: hired_cost: 'x' is not a number",
    ),
    (
        "staffing.csv",
        {3: "E9,2024-01,800,,,"},
        [],
        "staffing.csv:3: unit_id: 'E9' is not a unit_id in units.csv",
    ),
    # sam (§1, sam)
    (
        "sam.csv",
        {3: "2024,E2,m2,ja"},
        [],
        "sam.csv:3: compliant: 'ja' is not allowed; write 0 or 1",
    ),
    (
        "sam.csv",
        {3: "2024,E2,m1,0"},
        [],
        "sam.csv:3: manager_key: this manager_key and year is repeated: it is also on line 2",
    ),
    ("sam.csv", {3: "2024,E9,m2,0"}, [], "sam.csv:3: unit_id: 'E9' is not a unit_id"),
    ("sam.csv", {3: "2024,E2,m2,"}, [], "sam.csv:3: compliant: a value is required"),
    # salaries (§1, salaries)
    (
        "salaries.csv",
        {3: "P9,2024-01-01,38500.5"},
        [],
        "salaries.csv:3: person_id: this person_id is not in persons.csv",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-01-01,"},
        [],
        "salaries.csv:3: monthly_salary: a value is required",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-01-01,0"},
        [],
        "salaries.csv:3: monthly_salary: '0' is out of range",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-02-30,100"},
        [],
        "salaries.csv:3: date: '2024-02-30' is not a valid date",
    ),
    # occupations (§1, occupations)
    (
        "occupations.csv",
        {3: "SSK,Undersköterska,"},
        [],
        "occupations.csv:3: occupation_code: this occupation_code is repeated: it is also on "
        "line 2",
    ),
    ("occupations.csv", {3: "USK,,"}, [], "occupations.csv:3: name: a value is required"),
]


@pytest.mark.parametrize(("file", "replace", "append", "expected"), CASES)
def test_bad_input_names_file_line_column(tmp_path, file, replace, append, expected):
    """hr-data.md §1, Bad input: ``file:line: column: what is wrong``."""
    folder = write_dataset(tmp_path / "data", replace={file: replace}, append={file: append})
    errors = errors_of(folder)
    assert any(error.startswith(expected) for error in errors), errors
    for error in errors:  # never a personnummer, whichever way it is written
        assert PNR_DIGITS not in error.replace("-", "").replace("+", "")
        assert "19811218" not in error


def test_all_errors_are_collected(tmp_path):
    """§1, Bad input: every error is listed, not just the first."""
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "units.csv": {4: "E1,,F1,enhet"},
            "employments.csv": {4: "A3,P3,E2,USK,2021-01-01,,,X,fast,,,"},
            "absences.csv": {3: "P2,2021-02-01,2021-02-28,sjukdom,0"},
        },
    )
    errors = errors_of(folder)
    for expected in (
        "units.csv:4: name:",
        "employments.csv:4: pay_form:",
        "employments.csv:4: form:",
        "absences.csv:3: type:",
        "absences.csv:3: extent:",
    ):
        assert any(e.startswith(expected) for e in errors), (expected, errors)


def test_missing_required_table(tmp_path):
    """§1: units, persons, employments and absences are required."""
    errors = errors_of(write_dataset(tmp_path / "data", drop=("absences.csv",)))
    assert errors == [
        "absences: the required table absences is missing: no absences.csv, absences.xlsx "
        "or absences.parquet, and no sheet absences in a workbook"
    ]


def test_optional_tables_may_be_absent(tmp_path):
    from .helpers import read

    optional = ("surveys.csv", "staffing.csv", "sam.csv", "salaries.csv", "occupations.csv")
    result = read(write_dataset(tmp_path / "data", drop=optional))
    for name in ("surveys", "staffing", "sam", "salaries", "occupations"):
        assert result.tables[name].num_rows == 0


def test_table_given_twice(tmp_path):
    folder = write_dataset(tmp_path / "data")
    (folder / "sam.parquet").write_bytes(b"")
    errors = errors_of(folder)
    assert any("the table sam is given twice (sam.csv and sam.parquet)" in e for e in errors)


def test_rate_column_may_be_absent_only_when_all_hourly(tmp_path):
    """§1: ``rate`` may be absent when every row is hourly-paid."""
    header = "employment_id,person_id,unit_id,occupation_code,start_date,end_date,pay_form,form"
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "employments.csv": {
                1: header,
                2: f"A1,{PNR},E1,SSK,2020-01-01,,T,tillsvidare",
                3: "A2,P2,E2,USK,2019-01-01,2023-12-31,M,visstid",
                4: "A3,P3,E2,USK,2021-01-01,,T,visstid",
            }
        },
    )
    errors = errors_of(folder)
    assert errors == [
        "employments.csv:3: pay_form: the file has no rate column, but rate is required when "
        "pay_form is M"
    ]


def test_issue_cap_keeps_counting(tmp_path):
    """§1, Bad input: at most 50 issues per rule are kept, and the rest are counted."""
    rows = [f"P2,2022-01-{d:02d},2022-01-{d:02d},semester,0" for d in range(1, 29)] * 4
    folder = write_dataset(tmp_path / "data", append={"absences.csv": rows})
    errors = errors_of(folder)
    extent = [e for e in errors if ": extent: " in e and "out of range" in e]
    assert len(extent) == 50
    assert "absences.csv: extent: … and 62 more lines with the same problem" in errors
