"""Reading a valid data set (hr-data.md §1): schemas, defaults, derivation, pseudonyms."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib

import pytest

from attraktiv.hrdata import schema
from attraktiv.hrdata.issues import json_problem, toml_problem
from attraktiv.hrdata.reader import (
    DatasetError,
    Issue,
    SourceFile,
    format_issues,
    read_dataset,
)

from .helpers import KEY, PNR, PNR_DIGITS, TODAY, errors_of, read, write_dataset


def test_every_table_in_its_schema(tmp_path):
    """schema.py: every table of TABLES, in exactly that schema."""
    result = read(write_dataset(tmp_path / "data"))
    assert set(result.tables) == set(schema.TABLES)
    for name, table in result.tables.items():
        assert table.schema == schema.TABLES[name], name
    assert result.warnings == []
    assert [f.table for f in result.files] == list(schema.TABLES)
    units = result.files[0]
    assert units == SourceFile(
        "units",
        "units.csv",
        hashlib.sha256((tmp_path / "data" / "units.csv").read_bytes()).hexdigest(),
        4,
    )


def test_defaults_aliases_and_derivation(tmp_path):
    """§1: defaults (manager 0, weekly_hours 40, extent 100), aliases, derived birth/gender."""
    tables = read(write_dataset(tmp_path / "data")).tables
    persons = tables["persons"].to_pylist()
    assert persons[0]["birth_date"] == dt.date(1981, 12, 18)  # from the personnummer
    assert persons[0]["gender"] == "M"
    assert persons[1] == {"person_id": "P2", "birth_date": dt.date(1970, 5, 1), "gender": "K"}
    assert persons[2]["gender"] == "M"  # "man"
    employments = tables["employments"].to_pylist()
    assert employments[1]["weekly_hours"] == 38.25
    assert employments[1]["manager"] == 1
    assert employments[1]["end_reason"] == "visstid_slut"
    hourly = employments[2]
    assert hourly["rate"] is None and hourly["pay_form"] == "T"
    assert hourly["manager"] == 0 and hourly["weekly_hours"] == 40.0
    assert hourly["end_date"] is None and hourly["end_reason"] is None
    assert tables["absences"].column("extent").to_pylist() == [100.0, 50.0, 100.0]
    surveys = tables["surveys"].to_pylist()
    assert surveys[2]["question"] == "HME1" and surveys[2]["answer"] is None
    assert tables["staffing"].to_pylist()[1]["hired_hours"] is None
    assert tables["occupations"].to_pylist()[1]["group"] is None


def test_pseudonyms_stable_and_keyed(tmp_path):
    """§1, persons: the same person gets the same key in every import with the same key."""
    folder = write_dataset(tmp_path / "data")
    first = read(folder).tables
    second = read(folder).tables
    other = read_dataset(folder, pseudonym_key="another key", today=TODAY).tables
    pseudonym = first["persons"].column("person_id")[0].as_py()
    assert len(pseudonym) == 64
    assert pseudonym == second["persons"].column("person_id")[0].as_py()
    assert pseudonym != other["persons"].column("person_id")[0].as_py()
    # consistently in every table that has a person_id
    assert first["employments"].column("person_id")[0].as_py() == pseudonym
    assert first["absences"].column("person_id")[0].as_py() == pseudonym
    assert first["salaries"].column("person_id")[0].as_py() == pseudonym
    assert first["persons"].column("person_id")[1].as_py() == "P2"  # opaque ids are kept


def test_personnummer_appears_nowhere(tmp_path):
    """§1, persons: a personnummer is never stored, logged or printed."""
    folder = write_dataset(
        tmp_path / "data",
        replace={"employments.csv": {2: f"{PNR},{PNR},E1,SSK,2020-01-01,,100,M,tillsvidare,0,40,"}},
        append={"units.csv": [f"X1,Enhet,{PNR},enhet"]},
    )
    with pytest.raises(DatasetError) as caught:
        read(folder)
    texts = [str(i) for i in caught.value.errors + caught.value.warnings] + [str(caught.value)]
    assert any(t.startswith("units.csv:6: parent_id:") for t in texts)
    for text in texts:
        assert PNR_DIGITS[:6] not in text
    # a valid set: look through every value of every table
    result = read(
        write_dataset(
            tmp_path / "ok",
            replace={
                "employments.csv": {2: f"{PNR},{PNR},E1,SSK,2020-01-01,,100,M,tillsvidare,0,40,"}
            },
        )
    )
    for table in result.tables.values():
        for column in table.columns:
            for value in column.to_pylist():
                if isinstance(value, str):
                    assert PNR_DIGITS[:6] not in value.replace("-", "")


def test_pseudonymised_before_validation(tmp_path):
    """The same person written two ways is one person (normalised 12 digits)."""
    folder = write_dataset(
        tmp_path / "data",
        replace={"absences.csv": {2: "198112189876,2021-01-04,2021-01-08,sjuk,100"}},
    )
    tables = read(folder).tables
    assert tables["absences"].column("person_id")[0] == tables["persons"].column("person_id")[0]


def test_samordningsnummer_person(tmp_path):
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "persons.csv": {4: "701063-2391,,"},
            "employments.csv": {4: "A3,701063-2391,E2,USK,2021-01-01,,,T,visstid,,,"},
        },
    )
    person = read(folder).tables["persons"].to_pylist()[2]
    assert person["birth_date"] == dt.date(1970, 10, 3)
    assert person["gender"] == "M"


def test_warnings_do_not_stop(tmp_path):
    """§1, Bad input: an unknown column and an absence outside employments are warnings."""
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "persons.csv": {
                1: "person_id,birth_date,gender,Namn",
                2: f"{PNR},,,Anna",
                3: "P2,1970-05-01,K,",
                4: "P3,1985-01-31,man,",
            },
        },
        append={"absences.csv": ["P2,2018-01-01,2018-01-05,sjuk,100"]},
    )
    result = read(folder)
    assert [str(w) for w in result.warnings] == [
        "persons.csv:1: Namn: okänd kolumn, hoppas över; kolumnerna i persons är person_id, "
        "birth_date, gender",
        "absences.csv:5: frånvaron ligger utanför personens alla anställningar (den behålls, men "
        "dagarna har ingen ordinarie arbetstid)",
    ]
    assert result.tables["persons"].num_rows == 3
    assert result.tables["absences"].num_rows == 4


def test_warnings_travel_with_errors(tmp_path):
    folder = write_dataset(
        tmp_path / "data",
        replace={"units.csv": {1: "unit_id,name,parent_id,kind,extra", 4: "E1,,F1,enhet,"}},
    )
    with pytest.raises(DatasetError) as caught:
        read(folder)
    assert str(caught.value.warnings[0]).startswith("units.csv:1: extra: okänd kolumn")


def test_issue_text():
    assert str(Issue("units.csv", 4, "name", "ett värde krävs")) == (
        "units.csv:4: name: ett värde krävs"
    )
    assert str(Issue("units.csv", None, None, "oops")) == "units.csv: oops"
    assert str(Issue("units.csv", None, "parent_id", "no root")) == "units.csv: parent_id: no root"
    assert str(Issue("data.xlsx[units]", 3, None, "x")) == "data.xlsx[units]:3: x"


def test_format_issues_caps_at_50():
    """§1, Bad input: at most 50, then a count."""
    issues = [Issue("a.csv", n, "c", "bad") for n in range(2, 62)]
    lines = format_issues(issues)
    assert len(lines) == 51
    assert lines[0] == "a.csv:2: c: bad"
    assert lines[-1] == "… och 10 till"
    assert format_issues(issues[:50]) == [str(i) for i in issues[:50]]
    assert format_issues(issues, limit=3)[-1] == "… och 57 till"


def test_dataset_error_lists_errors(tmp_path):
    errors = errors_of(write_dataset(tmp_path / "data", replace={"units.csv": {4: "E1,,F1,enhet"}}))
    assert errors == ["units.csv:4: name: ett värde krävs"]


def test_empty_key_refused(tmp_path):
    with pytest.raises(ValueError):
        read_dataset(write_dataset(tmp_path / "data"), pseudonym_key="")


def test_key_bytes_equal_text(tmp_path):
    folder = write_dataset(tmp_path / "data")
    text = read_dataset(folder, pseudonym_key=KEY, today=TODAY).tables["persons"]
    raw = read_dataset(folder, pseudonym_key=KEY.encode(), today=TODAY).tables["persons"]
    assert text.equals(raw)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a = b\n", 1, "ogiltigt värde (text ska stå inom citattecken) (vid tecken 5)"),
        ("a = 1\na = 2\n", 2, "samma nyckel har redan ett värde (vid tecken 6)"),
        ('a = "x\n', 1, "texten avslutas inte med citattecken på samma rad (vid tecken 7)"),
        (
            "a = 1\nb = [1,\n",
            2,
            "ogiltigt värde (text ska stå inom citattecken) (i slutet av filen)",
        ),
        ("a = 1 2\n", 1, "otillåtet tecken eller uttryck (vid tecken 7)"),
    ],
)
def test_toml_syntax_errors_are_said_in_swedish(text, line, message):
    """Issue 12: Python's English TOML errors become Swedish, with their line."""
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    assert toml_problem(caught.value, text) == (line, f"filen är inte giltig TOML: {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": }', "här ska ett värde stå"),
        ('{"a": 1 "b": 2}', "kommatecken saknas"),
        ("{a: 1}", "fältets namn ska stå inom dubbla citattecken"),
        ('["x', "texten avslutas inte med citattecken"),
        ("[1] 2", "mer text efter datats slut"),
    ],
)
def test_json_syntax_errors_are_said_in_swedish(text, message):
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    assert json_problem(caught.value) == message
