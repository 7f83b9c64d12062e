"""Column mappings (``attraktiv.hrdata.mapping``), proved on the real HRDataset v14."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from attraktiv.hrdata.mapping import MappingError, load_mapping

from .helpers import errors_of, read, write_dataset

HRDATASET_MAPPING = Path(__file__).parents[1] / "mappings" / "hrdataset_v14.toml"


@pytest.fixture(scope="module")
def hrdataset(hrdataset_v14_dir):
    digest = hashlib.sha256((hrdataset_v14_dir / "HRDataset_v14.csv").read_bytes()).hexdigest()
    assert digest.startswith("bd37ea79019e22d3"), "HRDataset_v14.csv is not the pinned file"
    mapping = load_mapping(HRDATASET_MAPPING)
    return read(hrdataset_v14_dir, mapping=mapping)


@pytest.mark.hrdataset_v14
def test_hrdataset_units(hrdataset):
    """The root from the mapping's extra row plus one unit per distinct Department."""
    units = hrdataset.tables["units"].to_pylist()
    assert len(units) == 7
    assert units[-1] == {
        "unit_id": "ROOT",
        "name": "The company",
        "parent_id": None,
        "kind": "region",
    }
    assert sorted(u["unit_id"] for u in units[:-1]) == [
        "Admin Offices",
        "Executive Office",
        "IT/IS",
        "Production",  # "Production       " trimmed
        "Sales",
        "Software Engineering",
    ]
    assert {u["parent_id"] for u in units[:-1]} == {"ROOT"}


@pytest.mark.hrdataset_v14
def test_hrdataset_persons(hrdataset):
    persons = {p["person_id"]: p for p in hrdataset.tables["persons"].to_pylist()}
    assert len(persons) == 311
    # "Adinolfi, Wilson K",10026,…,DOB 07/10/1983, Sex "M "
    assert persons["10026"] == {
        "person_id": "10026",
        "birth_date": dt.date(1983, 7, 10),
        "gender": "M",
    }
    # "Akinkuolie, Sarah",10196,…,DOB 09/19/88 (two-digit year), Sex F
    assert persons["10196"]["birth_date"] == dt.date(1988, 9, 19)
    assert persons["10196"]["gender"] == "K"
    # a two-digit year that strptime puts in the future is moved back a century
    births = [p["birth_date"] for p in persons.values()]
    assert min(births) == dt.date(1951, 1, 2) and max(births) < dt.date(2000, 1, 1)
    assert Counter(p["gender"] for p in persons.values()) == {"K": 176, "M": 135}


@pytest.mark.hrdataset_v14
def test_hrdataset_employments(hrdataset):
    rows = {e["employment_id"]: e for e in hrdataset.tables["employments"].to_pylist()}
    assert len(rows) == 311
    # "Ait Sidi, Karthikeyan",10084: Sr. DBA in IT/IS, 3/30/2015–6/16/2016, career change,
    # Voluntarily Terminated
    assert rows["10084"] == {
        "employment_id": "10084",
        "person_id": "10084",
        "unit_id": "IT/IS",
        "occupation_code": "Sr. DBA",
        "start_date": dt.date(2015, 3, 30),
        "end_date": dt.date(2016, 6, 16),
        "rate": 100.0,
        "pay_form": "M",
        "form": "tillsvidare",
        "manager": 0,
        "weekly_hours": 40.0,
        "end_reason": "egen_begaran",
    }
    assert rows["10026"]["end_date"] is None and rows["10026"]["end_reason"] is None
    reasons = Counter(e["end_reason"] for e in rows.values())
    assert reasons == {None: 207, "egen_begaran": 84, "arbetsgivare": 16, "pension": 4}
    assert hrdataset.tables["absences"].num_rows == 0
    assert [f.table for f in hrdataset.files] == ["units", "persons", "employments"]
    assert hrdataset.warnings == []


MAPPING = """
name = "Testexport"

[tables.units]
source = "export.csv"
distinct = true
ignore_other_columns = true

[tables.units.columns]
unit_id = "Avd"
name = "Avd"
parent_id = { value = "TOP" }

[[tables.units.rows]]
unit_id = "TOP"
name = "Regionen"

[tables.persons]
source = "export.csv"
ignore_other_columns = true

[tables.persons.columns]
person_id = "Anst"
birth_date = { source = "Fodd", date_format = "%d.%m.%Y" }
gender = { source = "Kon", values = { 1 = "M", 2 = "K" } }

[tables.employments]
source = "export.csv"

[tables.employments.columns]
employment_id = "Anst"
person_id = "Anst"
unit_id = "Avd"
occupation_code = { value = "SSK" }
start_date = { source = "Fran", date_format = ["%d.%m.%Y", "%Y%m%d"] }
end_date = { source = "Till", date_format = "%d.%m.%Y" }
rate = "Omf"
pay_form = { value = "M" }
form = { value = "tillsvidare" }

[tables.employments.columns.end_reason]
source = ["Orsak", "Status"]
values = { "PENS" = "pension", "Slutat" = "egen_begaran", "Aktiv" = "" }
other = "ovrigt"

[tables.absences]
absent = true
"""

EXPORT = """Anst;Avd;Fodd;Kon;Fran;Till;Omf;Orsak;Status;Anteckning;manager
1001;Kir;01.02.1970;2;01.01.2020;;100;;Aktiv;x;1
1002;Med;15.06.1985;1;20190301;31.12.2023;80,5;PENS;Slutat;;0
1003;Kir;30.11.1990;1;01.01.2021;30.06.2022;50;;Slutat;;
1004;Med;01.01.1960;2;01.01.2015;31.12.2022;100;XYZ;Borta;;
"""


def _export(folder: Path, export: str = EXPORT, mapping: str = MAPPING) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.csv").write_text(export, encoding="utf-8")
    (folder / "test.toml").write_text(mapping, encoding="utf-8")
    return folder


def test_mapping_features(tmp_path):
    """Rename, values, other, constants, date formats, distinct, extra rows, several sources."""
    folder = _export(tmp_path / "x")
    result = read(folder, mapping=load_mapping(folder / "test.toml"))
    assert result.tables["units"].to_pylist() == [
        {"unit_id": "Kir", "name": "Kir", "parent_id": "TOP", "kind": None},
        {"unit_id": "Med", "name": "Med", "parent_id": "TOP", "kind": None},
        {"unit_id": "TOP", "name": "Regionen", "parent_id": None, "kind": None},
    ]
    persons = result.tables["persons"].to_pylist()
    assert persons[0] == {"person_id": "1001", "birth_date": dt.date(1970, 2, 1), "gender": "K"}
    employments = result.tables["employments"].to_pylist()
    assert [e["end_reason"] for e in employments] == [None, "pension", "egen_begaran", "ovrigt"]
    assert employments[1]["start_date"] == dt.date(2019, 3, 1)
    assert employments[1]["rate"] == 80.5
    assert [e["manager"] for e in employments] == [1, 0, 0, 0]  # contract-named column kept
    assert employments[0]["occupation_code"] == "SSK"
    # columns the mapping does not use are warned about (employments does not ignore them)
    assert [str(w) for w in result.warnings] == [
        f"export.csv:1: {column}: okänd kolumn, hoppas över: mappningen test.toml använder "
        "den inte för employments"
        for column in ("Fodd", "Kon", "Anteckning")
    ]


def test_mapped_errors_name_the_export(tmp_path):
    """After mapping, errors name the export's file, line and column."""
    export = EXPORT.replace("30.11.1990", "1990-11-30").replace("80,5", "180")
    folder = _export(tmp_path / "x", export)
    errors = errors_of(folder, mapping=load_mapping(folder / "test.toml"))
    assert errors == [
        "export.csv:3: Omf: ”180” är utanför det tillåtna; värdet ska vara större än 0 "
        "och högst 100",
        "export.csv:4: Fodd: ”1990-11-30” stämmer inte med mappningens datumformat %d.%m.%Y",
    ]


def test_mapped_extra_row_errors_name_the_mapping(tmp_path):
    mapping = MAPPING.replace('unit_id = "TOP"\nname = "Regionen"', 'unit_id = "TOP"')
    folder = _export(tmp_path / "x", mapping=mapping)
    errors = errors_of(folder, mapping=load_mapping(folder / "test.toml"))
    assert errors == ["test.toml: name: extra rad 1 i [tables.units]: ett värde krävs"]


def test_mapping_source_column_missing(tmp_path):
    folder = _export(tmp_path / "x", mapping=MAPPING.replace('rate = "Omf"', 'rate = "Omfattning"'))
    errors = errors_of(folder, mapping=load_mapping(folder / "test.toml"))
    assert errors[0] == (
        "export.csv:1: Omfattning: mappningen test.toml gör employments.rate av den här "
        "kolumnen, men filen har ingen sådan kolumn"
    )


def test_mapping_source_file_missing(tmp_path):
    folder = _export(tmp_path / "x")
    (folder / "export.csv").unlink()
    errors = errors_of(folder, mapping=load_mapping(folder / "test.toml"))
    assert errors[0].startswith("export.csv: mappningen test.toml läser units från den här filen")


def test_mapping_only_renames_the_rest_by_contract(tmp_path):
    """A table the mapping does not mention is read as the contract says."""
    folder = write_dataset(tmp_path / "data")
    text = (folder / "units.csv").read_text().replace("unit_id,name", "Enhet,name")
    (folder / "units.csv").write_text(text)
    (folder / "m.toml").write_text('[tables.units.columns]\nunit_id = "Enhet"\n')
    result = read(folder, mapping=load_mapping(folder / "m.toml"))
    assert result.tables["units"].column("unit_id").to_pylist() == ["R", "F1", "E1", "E2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tables.unit]\nsource = 'x.csv'\n", "m.toml:1: okänd tabell ”unit”"),
        ("[tables.units]\nsorce = 'x.csv'\n", "m.toml:2: okänd nyckel ”sorce” i [tables.units]"),
        (
            "name = 'x'\n\n[tables.units.columns]\nunit = 'Avd'\n",
            "m.toml:4: units har ingen kolumn ”unit”",
        ),
        (
            "[tables.units.columns]\nname = 'A'\nunit_id = { source = 'Avd', value = 'x' }\n",
            "m.toml:3: units.unit_id: ange antingen source eller value, inte båda",
        ),
        (
            "[tables.units.columns]\nunit_id = { source = 'Avd', date_format = 'Y-m-d' }\n",
            "m.toml:2: units.unit_id: date_format ska vara strptime-format",
        ),
        ("[tables.units\n", "m.toml:1: filen är inte giltig TOML: ] saknas"),
        ("oops = 1\n", "m.toml:1: okänd nyckel ”oops”"),
    ],
)
def test_mapping_errors_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "m.toml"
    path.write_text(text)
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert str(caught.value).startswith(message), str(caught.value)


def test_an_unreadable_mapping_file_is_said_in_swedish(tmp_path):
    """Issue 12: a mapping saved as Windows-1252, or not there, is a ``MappingError`` in
    Swedish (the first used to escape as a ``UnicodeDecodeError``)."""
    path = tmp_path / "m.toml"
    path.write_bytes('name = "Lönesystem"\n'.encode("cp1252"))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert str(caught.value) == "m.toml: filen är inte UTF-8-text; spara den som UTF-8"
    with pytest.raises(MappingError) as caught:
        load_mapping(tmp_path / "borta.toml")
    assert str(caught.value) == "borta.toml: filen finns inte"


def test_shipped_mapping_loads():
    mapping = load_mapping(HRDATASET_MAPPING)
    assert mapping.name == "HRDataset v14"
    assert set(mapping.tables) == {"units", "persons", "employments", "absences"}
