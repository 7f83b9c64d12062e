"""Every bad-input rule of hr-data.md §1 names the right ``file:line: column``.

Each case breaks one line of an otherwise valid data set (``helpers.BASE``) and checks the
error's location and wording. An error involving several rows names the later line and
mentions the other (§1, Bad input).
"""

from __future__ import annotations

import pytest

from .helpers import PNR, PNR_DIGITS, english_words, errors_of, write_dataset

EMP = "employments.csv"
ABS = "absences.csv"

CASES = [
    # units (§1, units)
    ("units.csv", {4: "E1,,F1,enhet"}, [], "units.csv:4: name: ett värde krävs"),
    ("units.csv", {5: ",Enhet 2,F1,enhet"}, [], "units.csv:5: unit_id: ett värde krävs"),
    (
        "units.csv",
        {},
        ["E1,Dubblett,F1,enhet"],
        "units.csv:6: unit_id: samma unit_id finns redan på rad 4",
    ),
    (
        "units.csv",
        {5: "E2,Enhet 2,XX,enhet"},
        [],
        "units.csv:5: parent_id: ”XX” finns inte som unit_id",
    ),
    (
        "units.csv",
        {5: "E2,Enhet 2,,enhet"},
        [],
        "units.csv:5: parent_id: en andra rot: parent_id är tomt både här och på rad 2",
    ),
    (
        "units.csv",
        {},
        ["C1,Cykel 1,C2,", "C2,Cykel 2,C1,"],
        "units.csv:7: parent_id: enheternas parent_id går runt i en ring: ”C1” → ”C2” → ”C1” "
        "(tillsammans med rad 6)",
    ),
    (
        "units.csv",
        {3: "F1,Förvaltning,F1,forvaltning"},
        [],
        "units.csv:3: parent_id: enheternas parent_id går runt i en ring",
    ),
    ("units.csv", {2: "R,Regionen,E1,region"}, [], "units.csv: parent_id: det finns ingen rot"),
    (
        "units.csv",
        {3: "F1,Förvaltning,R,kommun"},
        [],
        "units.csv:3: kind: ”kommun” är inte tillåtet",
    ),
    (
        "units.csv",
        {1: "unit_id,namn,parent_id,kind"},
        [],
        "units.csv:1: name: kolumnen krävs men finns inte i rubrikraden",
    ),
    # persons (§1, persons)
    (
        "persons.csv",
        {},
        ["198112189876,,"],
        "persons.csv:5: person_id: samma person_id finns redan på rad 2",
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
        "persons.csv:2: birth_date: stämmer inte med födelsedatumet i personnumret",
    ),
    (
        "persons.csv",
        {2: f"{PNR},,K"},
        [],
        "persons.csv:2: gender: stämmer inte med könet i personnumret",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,2"},
        [],
        "persons.csv:3: gender: ”2” är inte tillåtet (siffror godtas inte)",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,X"},
        [],
        "persons.csv:3: gender: ”X” är inte tillåtet; gender ska vara något av K, M",
    ),
    (
        "persons.csv",
        {3: "P2,,K"},
        [],
        "persons.csv:3: birth_date: ett värde krävs när person_id inte är ett personnummer",
    ),
    (
        "persons.csv",
        {3: "P2,1970-05-01,"},
        [],
        "persons.csv:3: gender: ett värde krävs när person_id inte är ett personnummer",
    ),
    (
        "persons.csv",
        {3: "P2,1970-02-30,K"},
        [],
        "persons.csv:3: birth_date: datumet ”1970-02-30” finns inte (skriv ÅÅÅÅ-MM-DD)",
    ),
    (
        "persons.csv",
        {3: "P2,01/05/1970,K"},
        [],
        "persons.csv:3: birth_date: ”01/05/1970” är inget datum (skriv ÅÅÅÅ-MM-DD",
    ),
    ("persons.csv", {3: ",1970-05-01,K"}, [], "persons.csv:3: person_id: ett värde krävs"),
    (
        "persons.csv",
        {1: "person_id,gender", 2: f"{PNR},", 3: "P2,K", 4: "P3,M"},
        [],
        "persons.csv:3: person_id: filen har ingen kolumn birth_date, och detta person_id är inget "
        "personnummer",
    ),
    # employments (§1, employments)
    (
        EMP,
        {},
        [f"A1,{PNR},E1,SSK,2024-01-01,,100,M,tillsvidare,0,40,"],
        "employments.csv:5: employment_id: samma employment_id finns redan på rad 2",
    ),
    (
        EMP,
        {4: "A3,P9,E2,USK,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: person_id: detta person_id finns inte i persons.csv",
    ),
    (
        EMP,
        {4: "A3,P3,E9,USK,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: unit_id: ”E9” finns inte som unit_id i units.csv",
    ),
    (
        EMP,
        {4: "A3,P3,E2,,2021-01-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: occupation_code: ett värde krävs",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,,,,T,visstid,,,"},
        [],
        "employments.csv:4: start_date: ett värde krävs",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2018-12-31,75,M,visstid,1,38.25,visstid_slut"},
        [],
        "employments.csv:3: end_date: ”2018-12-31” ligger före start_date",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2023-12-31,0,M,visstid,1,38.25,"},
        [],
        "employments.csv:3: rate: ”0” är utanför det tillåtna; värdet ska vara större än 0 "
        "och högst 100",
    ),
    (
        EMP,
        {3: "A2,P2,E2,USK,2019-01-01,2023-12-31,100.5,M,visstid,1,38.25,"},
        [],
        "employments.csv:3: rate: ”100.5” är utanför det tillåtna",
    ),
    (
        EMP,
        {2: f"A1,{PNR},E1,SSK,2020-01-01,,,M,tillsvidare,0,40,"},
        [],
        "employments.csv:2: rate: ett värde krävs när pay_form är M",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,abc,T,visstid,,,"},
        [],
        "employments.csv:4: rate: ”abc” är inget tal",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,X,visstid,,,"},
        [],
        "employments.csv:4: pay_form: ”X” är inte tillåtet; pay_form ska vara något av M, T",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,fast,,,"},
        [],
        "employments.csv:4: form: ”fast” är inte tillåtet; form ska vara något av tillsvidare, "
        "visstid",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,2,,"},
        [],
        "employments.csv:4: manager: ”2” är inte tillåtet; skriv 0 eller 1",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,,-1,"},
        [],
        "employments.csv:4: weekly_hours: ”-1” är utanför det tillåtna",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,2022-01-01,,T,visstid,,,slut"},
        [],
        "employments.csv:4: end_reason: ”slut” är inte tillåtet",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-13-01,,,T,visstid,,,"},
        [],
        "employments.csv:4: start_date: datumet ”2021-13-01” finns inte (skriv ÅÅÅÅ-MM-DD)",
    ),
    (
        EMP,
        {4: "A3,P3,E2,USK,2021-01-01,,,T,visstid,,,,"},
        [],
        "employments.csv:4: raden har 13 fält men rubrikraden har 12",
    ),
    # absences (§1, absences)
    (
        ABS,
        {3: "P9,2021-02-01,2021-02-28,foraldraledig,50"},
        [],
        "absences.csv:3: person_id: detta person_id finns inte i persons.csv",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-01-28,foraldraledig,50"},
        [],
        "absences.csv:3: end_date: ”2021-01-28” ligger före start_date",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,,foraldraledig,50"},
        [],
        "absences.csv:3: end_date: ett värde krävs",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,sjukdom,50"},
        [],
        "absences.csv:3: type: ”sjukdom” är inte tillåtet; type ska vara något av sjuk,",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,foraldraledig,0"},
        [],
        "absences.csv:3: extent: ”0” är utanför det tillåtna",
    ),
    (
        ABS,
        {3: "P2,2021-02-01,2021-02-28,foraldraledig,101"},
        [],
        "absences.csv:3: extent: ”101” är utanför det tillåtna",
    ),
    (
        ABS,
        {},
        ["P2,2021-03-05,2021-03-10,sjuk,100"],
        "absences.csv:5: start_date: sjukperioden överlappar samma persons sjukperiod på rad 4",
    ),
    (
        ABS,
        {},
        ["P2,2021-02-20,2021-03-01,sjuk,100"],
        "absences.csv:5: start_date: sjukperioden överlappar samma persons sjukperiod på rad 4",
    ),
    # surveys (§1, surveys)
    (
        "surveys.csv",
        {2: "MU2024,2024,r1,E1,0,K,HME1,6"},
        [],
        "surveys.csv:2: answer: ”6” är inte tillåtet; skriv ett heltal 1–5",
    ),
    (
        "surveys.csv",
        {2: "MU2024,MMXXIV,r1,E1,0,K,HME1,4"},
        [],
        "surveys.csv:2: year: ”MMXXIV” är inte tillåtet",
    ),
    (
        "surveys.csv",
        {4: "MU2024,2024,r2,E9,1,M,hme1,"},
        [],
        "surveys.csv:4: unit_id: ”E9” finns inte som unit_id i units.csv",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E2,0,K,HME2,5"},
        [],
        "surveys.csv:3: unit_id: ”E2” här men ”E1” på rad 2",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E1,1,K,HME2,5"},
        [],
        "surveys.csv:3: manager: ”1” här men ”0” på rad 2",
    ),
    (
        "surveys.csv",
        {3: "MU2024,2024,r1,E1,0,,HME2,5"},
        [],
        "surveys.csv:3: gender: tomt här men ”K” på rad 2",
    ),
    (
        "surveys.csv",
        {},
        ["MU2024,2024,r1,E1,0,K,hme1,3"],
        "surveys.csv:5: question: samma svarandes svar på frågan finns redan på rad 2",
    ),
    (
        "surveys.csv",
        {2: ",2024,r1,E1,0,K,HME1,4"},
        [],
        "surveys.csv:2: survey: ett värde krävs",
    ),
    # staffing (§1, staffing)
    (
        "staffing.csv",
        {3: "E2,2024-13,800,,,"},
        [],
        "staffing.csv:3: month: ”2024-13” är ingen månad (skriv ÅÅÅÅ-MM",
    ),
    (
        "staffing.csv",
        {3: "E2,202401,800,,,"},
        [],
        "staffing.csv:3: month: ”202401” är ingen månad",
    ),
    (
        "staffing.csv",
        {3: "E2,2024-01,-5,,,"},
        [],
        "staffing.csv:3: own_hours: ”-5” är utanför det tillåtna; värdet ska vara minst 0",
    ),
    (
        "staffing.csv",
        {3: "E2,2024-01,800,,,x"},
        [],
        "staffing.csv:3: hired_cost: ”x” är inget tal",
    ),
    (
        "staffing.csv",
        {3: "E9,2024-01,800,,,"},
        [],
        "staffing.csv:3: unit_id: ”E9” finns inte som unit_id i units.csv",
    ),
    # sam (§1, sam)
    (
        "sam.csv",
        {3: "2024,E2,m2,ja"},
        [],
        "sam.csv:3: compliant: ”ja” är inte tillåtet; skriv 0 eller 1",
    ),
    (
        "sam.csv",
        {3: "2024,E2,m1,0"},
        [],
        "sam.csv:3: manager_key: samma manager_key och year finns redan på rad 2",
    ),
    ("sam.csv", {3: "2024,E9,m2,0"}, [], "sam.csv:3: unit_id: ”E9” finns inte som unit_id"),
    ("sam.csv", {3: "2024,E2,m2,"}, [], "sam.csv:3: compliant: ett värde krävs"),
    # salaries (§1, salaries)
    (
        "salaries.csv",
        {3: "P9,2024-01-01,38500.5"},
        [],
        "salaries.csv:3: person_id: detta person_id finns inte i persons.csv",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-01-01,"},
        [],
        "salaries.csv:3: monthly_salary: ett värde krävs",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-01-01,0"},
        [],
        "salaries.csv:3: monthly_salary: ”0” är utanför det tillåtna",
    ),
    (
        "salaries.csv",
        {3: "P2,2024-02-30,100"},
        [],
        "salaries.csv:3: date: datumet ”2024-02-30” finns inte (skriv ÅÅÅÅ-MM-DD)",
    ),
    # occupations (§1, occupations)
    (
        "occupations.csv",
        {3: "SSK,Undersköterska,"},
        [],
        "occupations.csv:3: occupation_code: samma occupation_code finns redan på rad 2",
    ),
    ("occupations.csv", {3: "USK,,"}, [], "occupations.csv:3: name: ett värde krävs"),
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
        assert not english_words(error), error  # Swedish, for the administrator (issue 12)


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
        "absences: tabellen absences krävs men finns inte: ingen absences.csv, absences.xlsx "
        "eller absences.parquet och inget blad absences i en arbetsbok"
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
    assert any("tabellen sam finns två gånger (sam.csv och sam.parquet)" in e for e in errors)


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
        "employments.csv:3: pay_form: filen har ingen kolumn rate, men rate krävs när pay_form är M"
    ]


def test_issue_cap_keeps_counting(tmp_path):
    """§1, Bad input: at most 50 issues per rule are kept, and the rest are counted."""
    rows = [f"P2,2022-01-{d:02d},2022-01-{d:02d},semester,0" for d in range(1, 29)] * 4
    folder = write_dataset(tmp_path / "data", append={"absences.csv": rows})
    errors = errors_of(folder)
    extent = [e for e in errors if ": extent: " in e and "utanför det tillåtna" in e]
    assert len(extent) == 50
    assert "absences.csv: extent: … och 62 rader till med samma fel" in errors
