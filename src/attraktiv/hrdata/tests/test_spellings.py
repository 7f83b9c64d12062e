"""Personnummer spellings (hr-data.md §1, persons, "v1.3, spellings").

A ``person_id`` made only of digits, spaces, ``+`` and dashes with 9 to 13 digits is a
personnummer attempt: respelled (spaces removed, any dash ``-``) it must be a valid
personnummer, or it is an error on its line that never repeats the value. Every spelling of
one number is one person in every table; an opaque key stays as it is.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attraktiv.hrdata.issues import Issue, quote, redact
from attraktiv.hrdata.mapping import MappingError, load_mapping
from attraktiv.hrdata.pseudonym import is_attempt, pseudonymise, pseudonymise_many
from attraktiv.hrdata.reader import MISWRITTEN, DatasetError

from .helpers import BASE, KEY, PNR, TODAY, errors_of, luhn_complete, read, write_dataset

EMPLOYMENT = "A1,{},E1,SSK,2020-01-01,,100,M,tillsvidare,0,40,"
ABSENCE = "{},2021-01-04,2021-01-08,sjuk,100"
SALARY = "{},2024-01-01,42000"
PSEUDONYM = pseudonymise(PNR, KEY, today=TODAY)

# 811218-9876 as exports write it
SPELLINGS = {
    "space": "19811218 9876",
    "en dash": "811218–9876",
    "em dash": "19811218—9876",
    "hyphen U+2010": "811218‐9876",
    "non-breaking hyphen U+2011": "19811218‑9876",
    "12 digits": "198112189876",
    "spaces around the dash": "811218 - 9876",
    "spaces in groups": "19 81 12 18 98 76",
    "no-break space": "19811218\u00a09876",
    "minus sign U+2212": "811218\u22129876",
}


def spelled_everywhere(folder: Path, persons: str, others: str) -> Path:
    """BASE with 811218-9876 written ``persons`` in persons.csv and ``others`` elsewhere."""
    return write_dataset(
        folder,
        replace={
            "persons.csv": {2: f'"{persons}",,'},
            "employments.csv": {2: EMPLOYMENT.format(f'"{others}"')},
            "absences.csv": {2: ABSENCE.format(f'"{others}"')},
            "salaries.csv": {2: SALARY.format(f'"{others}"')},
        },
    )


def person_ids(tables: dict[str, pa.Table]) -> dict[str, str]:
    return {
        name: tables[name].column("person_id")[0].as_py()
        for name in ("persons", "employments", "absences", "salaries")
    }


@pytest.mark.parametrize("spelling", list(SPELLINGS.values()), ids=list(SPELLINGS))
def test_every_spelling_is_the_same_person_in_every_table(tmp_path, spelling):
    """§1 v1.3: respelled, pseudonymised as the well-written number; the tables join."""
    result = read(spelled_everywhere(tmp_path / "data", spelling, "811218–9876"))
    assert set(person_ids(result.tables).values()) == {PSEUDONYM}
    person = result.tables["persons"].to_pylist()[0]
    assert (person["birth_date"], person["gender"]) == (dt.date(1981, 12, 18), "M")
    assert not [w for w in result.warnings if w.file == "absences.csv"]  # inside employment


def test_spellings_in_two_files_are_one_person(tmp_path):
    """A spelling in persons.csv and another in absences.csv (and the rest) join (§1 v1.3)."""
    result = read(
        write_dataset(
            tmp_path / "data",
            replace={
                "persons.csv": {2: "19811218 9876,,"},
                "employments.csv": {2: EMPLOYMENT.format("811218—9876")},
                "absences.csv": {2: ABSENCE.format("811218‑9876")},
                "salaries.csv": {2: SALARY.format("8112189876")},
            },
        )
    )
    assert set(person_ids(result.tables).values()) == {PSEUDONYM}
    absences = result.tables["absences"].to_pylist()
    assert absences[0]["person_id"] == result.tables["employments"].to_pylist()[0]["person_id"]


def test_leading_and_trailing_spaces(tmp_path):
    result = read(spelled_everywhere(tmp_path / "data", "  19811218 9876  ", " 811218-9876\t"))
    assert set(person_ids(result.tables).values()) == {PSEUDONYM}


def test_ten_digits_with_plus_is_100_or_older(tmp_path):
    """§1: ``+`` keeps its meaning when spelled with spaces: born 1912, not 2012."""
    result = read(spelled_everywhere(tmp_path / "data", "121212 + 1212", "191212121212"))
    assert set(person_ids(result.tables).values()) == {pseudonymise("191212121212", KEY)}
    assert result.tables["persons"].to_pylist()[0]["birth_date"] == dt.date(1912, 12, 12)


def test_samordningsnummer_spelled(tmp_path):
    """§1: a samordningsnummer (day + 60) in any spelling."""
    result = read(spelled_everywhere(tmp_path / "data", "701063–2391", "19701063 2391"))
    assert set(person_ids(result.tables).values()) == {pseudonymise("197010632391", KEY)}
    person = result.tables["persons"].to_pylist()[0]
    assert (person["birth_date"], person["gender"]) == (dt.date(1970, 10, 3), "M")


def assert_no_trace(texts: list[str], *numbers: str) -> None:
    """No text holds any of ``numbers``' digits: not the 10 or 12, not the date, not the last 4."""
    for text in texts:
        digits = re.sub(r"\D", "", text)
        for number in numbers:
            plain = re.sub(r"\D", "", number)
            assert plain[-10:] not in digits, text
            assert plain[-10:-4] not in text and plain[-4:] not in text, text


@pytest.mark.parametrize(
    ("spelling", "why"),
    [
        ("19811218 9875", "wrong check digit"),
        ("811218–9875", "wrong check digit"),
        ("19811318 9876", "month 13"),
        ("19730810416", "11 digits"),
        ("1981121898761", "13 digits"),
        ("81121—89876 12", "12 digits in the wrong places"),
        ("123456789", "9 digits"),
        ("++811218 9876", "two plus signs"),
    ],
)
def test_a_miswritten_personnummer_is_an_error_without_its_digits(tmp_path, spelling, why):
    """§1 v1.3: an attempt that is not a valid personnummer is an error on its line."""
    with pytest.raises(DatasetError) as caught:
        read(spelled_everywhere(tmp_path / "data", spelling, PNR))
    errors = [str(e) for e in caught.value.errors]
    assert f"persons.csv:2: person_id: {MISWRITTEN}" in errors, why
    texts = errors + [str(w) for w in caught.value.warnings] + [str(caught.value)]
    assert_no_trace(texts, spelling)
    assert not any(spelling in text or spelling.strip() in text for text in texts)


def test_a_miswritten_reference_is_an_error_on_its_own_line(tmp_path):
    """§1 v1.3: the same applies in employments, absences, salaries and surveys."""
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "employments.csv": {2: EMPLOYMENT.format("811218 9875")},
            "absences.csv": {2: ABSENCE.format("19811218–98761")},
            "salaries.csv": {2: SALARY.format("8112189")},  # 7 digits: an opaque key
            "surveys.csv": {4: "MU2024,2024,19811318 9876,E2,1,M,hme1,"},
        },
    )
    errors = errors_of(folder)
    assert f"employments.csv:2: person_id: {MISWRITTEN}" in errors
    assert f"absences.csv:2: person_id: {MISWRITTEN}" in errors
    assert f"surveys.csv:4: respondent: {MISWRITTEN}" in errors
    assert "salaries.csv:2: person_id: detta person_id finns inte i persons.csv" in errors
    # a miswritten number is not also reported as unknown
    assert len([e for e in errors if e.startswith(("employments.csv:2", "absences.csv:2"))]) == 2
    assert_no_trace(errors, "8112189875", "811218987", "8113189876")


def test_eight_digits_are_an_opaque_key_nine_an_attempt(tmp_path):
    """§1 v1.3: a number of at most 8 digits is an opaque key, kept as it is."""
    replace = {
        "persons.csv": {3: "12 345 678,1970-05-01,K"},
        "employments.csv": {3: "A2,12 345 678,E2,USK,2019-01-01,2023-12-31,75,M,visstid,1,,"},
        "absences.csv": {3: "12 345 678,2021-02-01,2021-02-28,foraldraledig,50"},
        "salaries.csv": {3: "12 345 678,2024-01-01,38500.5"},
    }
    replace["absences.csv"][4] = "12345678,2021-03-01,2021-03-05,sjuk,"
    errors = errors_of(write_dataset(tmp_path / "eight", replace=replace))
    # opaque: "12 345 678" and "12345678" are two different keys, as written
    assert errors == ["absences.csv:4: person_id: detta person_id finns inte i persons.csv"]
    replace["absences.csv"][4] = "12 345 678,2021-03-01,2021-03-05,sjuk,"
    tables = read(write_dataset(tmp_path / "ok", replace=replace)).tables
    assert tables["persons"].column("person_id")[1].as_py() == "12 345 678"
    assert tables["persons"].column("person_id")[2].as_py() == "P3"  # P0001-like keys too
    nine = {"persons.csv": {3: "123 456 789,1970-05-01,K"}}
    assert errors_of(write_dataset(tmp_path / "nine", replace=nine))[0] == (
        f"persons.csv:3: person_id: {MISWRITTEN}"
    )
    assert is_attempt("123456789") and not is_attempt("12345678") and not is_attempt("P0001")


def test_other_key_columns_never_keep_a_spelled_personnummer(tmp_path):
    """§1: an attempt in employment_id or manager_key is replaced by its pseudonym too."""
    folder = write_dataset(
        tmp_path / "data",
        replace={
            "employments.csv": {2: f"19811218 9876,{PNR},E1,SSK,2020-01-01,,100,M,tillsvidare,,,"},
            "sam.csv": {2: "2024,E1,811218–9876,1"},
            "surveys.csv": {2: "MU2024,2024,811218—9876,E1,0,K,HME1,4"},
        },
    )
    tables = read(folder).tables
    assert tables["employments"].column("employment_id")[0].as_py() == PSEUDONYM
    assert tables["sam"].column("manager_key")[0].as_py() == PSEUDONYM
    assert tables["surveys"].column("respondent")[0].as_py() == PSEUDONYM


def test_a_mapping_goes_through_the_same_rules(tmp_path):
    """Column mappings (hrdata/mapping.py) make the same raw columns: same spellings, same rules."""
    folder = write_dataset(tmp_path / "data", drop=("persons.csv",))
    (folder / "personal.csv").write_text(
        "Pnr;Fodd;Kon\n19811218 9876;;\nP2;1970-05-01;K\nP3;1985-01-31;M\n", encoding="utf-8"
    )
    mapping_file = tmp_path / "map.toml"
    mapping_file.write_text(
        '[tables.persons]\nsource = "personal.csv"\n'
        '[tables.persons.columns]\nperson_id = "Pnr"\nbirth_date = "Fodd"\ngender = "Kon"\n'
        "[[tables.persons.rows]]\n"
        'person_id = "19 81 12 18 - 98 75"\nbirth_date = "1981-12-18"\ngender = "M"\n',
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_file)
    errors = errors_of(folder, mapping=mapping)
    assert errors == [f"map.toml: person_id: extra rad 1 i [tables.persons]: {MISWRITTEN}"]
    mapping_file.write_text(mapping_file.read_text().replace("98 75", "98 76"), encoding="utf-8")
    errors = errors_of(folder, mapping=load_mapping(mapping_file))
    assert errors == [
        "map.toml: person_id: extra rad 1 i [tables.persons]: samma person_id finns redan på rad 2"
    ]
    mapping_file.write_text(mapping_file.read_text().split("[[")[0], encoding="utf-8")
    tables = read(folder, mapping=load_mapping(mapping_file)).tables
    assert set(person_ids(tables).values()) == {PSEUDONYM}


def test_a_mapping_error_does_not_repeat_a_personnummer(tmp_path):
    mapping_file = tmp_path / "map.toml"
    mapping_file.write_text(
        "[tables.persons.columns]\n"
        'gender = { source = "Kon", values = { "19811218 9876" = [1] } }\n',
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as caught:
        load_mapping(mapping_file)
    assert "värdet för" in str(caught.value)
    assert_no_trace([str(caught.value)], PNR)


def test_no_message_can_carry_a_spelled_personnummer():
    """The last guard: ``Issue``, ``quote`` and ``redact`` blank every spelling."""
    for spelling in [*SPELLINGS.values(), "19811218 9875", "19730810416"]:
        issue = Issue("persons.csv", 1, spelling, f"unknown column {spelling}, ignored")
        assert_no_trace([str(issue), quote(spelling), redact(f"x{spelling}y")], spelling)
    # dates, years and counts stay readable
    assert redact("1900–2200, 2024-01-01, 26 900 Tkr, … and 1,234 more") == (
        "1900–2200, 2024-01-01, 26 900 Tkr, … and 1,234 more"
    )


# ---- any valid personnummer, any spelling ----------------------------------------------------

DASH_CHARACTERS = ["-", "‐", "‑", "–", "—"]


@st.composite
def personnummer(draw: st.DrawFn) -> tuple[str, dt.date]:
    """A valid personnummer as 12 digits (samordningsnummer too), and its date of birth."""
    born = draw(st.dates(dt.date(1900, 1, 1), TODAY))
    serial = draw(st.integers(0, 999))
    day = born.day + (60 if draw(st.booleans()) else 0)
    ten = luhn_complete(f"{born:%y%m}{day:02d}{serial:03d}")
    return f"{born.year // 100}{ten}", born


def _age_at_least_100(born: dt.date) -> bool:
    return (TODAY.year - born.year, TODAY.month, TODAY.day) >= (100, born.month, born.day)


@st.composite
def spelled(draw: st.DrawFn, twelve: str, born: dt.date) -> str:
    """``twelve`` as an export might write it: 10 or 12 digits, any dash or none, ``+`` for
    100 years or older, spaces anywhere (also around it)."""
    old = _age_at_least_100(born)
    short = draw(st.booleans())
    digits = twelve[2:] if short else twelve
    if short and old:
        separator = "+"
    else:
        separator = draw(st.sampled_from(["", *DASH_CHARACTERS, *([] if short else ["+"])]))
    head, tail = digits[:-4], digits[-4:]
    chars = list(head) + ([separator] if separator else []) + list(tail)
    spaced = "".join(
        c + (" " if draw(st.booleans()) and draw(st.booleans()) else "") for c in chars
    )
    return (
        draw(st.sampled_from(["", " ", "  "])) + spaced.strip() + draw(st.sampled_from(["", " "]))
    )


@given(data=st.data(), number=personnummer())
@settings(max_examples=300, deadline=None)
def test_any_spelling_has_the_pseudonym_of_the_number(data, number):
    twelve, born = number
    spellings = [data.draw(spelled(twelve, born)) for _ in range(3)]
    batch = pseudonymise_many(pa.array([twelve, *spellings]), KEY, TODAY)
    expected = pseudonymise(twelve, KEY, today=TODAY)
    assert batch.pseudonyms.to_pylist() == [expected] * 4, spellings
    assert not batch.miswritten.any()
    assert [d.as_py() for d in batch.born] == [born] * 4
    for spelling in spellings:
        assert pseudonymise(spelling, KEY, today=TODAY) == expected
        assert_no_trace([redact(f"a{spelling}b"), quote(spelling)], twelve)


@given(data=st.data(), number=personnummer())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_spelling_joins_and_no_error_shows_it(data, number):
    """Through the reader: two spellings join; a miswritten third is an error without digits."""
    twelve, born = number
    first, second = data.draw(spelled(twelve, born)), data.draw(spelled(twelve, born))
    wrong_check = twelve[:-1] + str((int(twelve[-1]) + 1) % 10)
    miswritten = data.draw(spelled(wrong_check, born))
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(
            Path(tmp),
            replace={
                "persons.csv": {2: f'"{first}",,'},
                "employments.csv": {2: EMPLOYMENT.format(f'"{second}"')},
                "absences.csv": {2: ABSENCE.format(f'"{first}"')},
                "salaries.csv": {2: SALARY.format(f'"{miswritten}"')},
            },
        )
        with pytest.raises(DatasetError) as caught:
            read(folder)
    error = caught.value
    lines = [str(e) for e in error.errors]
    assert lines == [f"salaries.csv:2: person_id: {MISWRITTEN}"], lines
    texts = lines + [str(w) for w in error.warnings] + [str(error)]
    assert_no_trace(texts, twelve, wrong_check)


def test_base_has_the_well_written_number():
    """The helpers' data set these tests respell (a guard against changing it unnoticed)."""
    assert BASE["persons.csv"][1] == f"{PNR},,"
