"""The Data page's sample data and mapping example (issue 6, "the first hour"): downloaded
as a user would, opened, and read by the real import reader without an error or warning."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from attraktiv.hrdata.mapping import load_mapping
from attraktiv.hrdata.reader import read_dataset
from attraktiv.hrdata.schema import TABLES

pytestmark = pytest.mark.django_db
PERSONNUMMER = re.compile(r"^(\d{2})?\d{6}[-+]?\d{4}$")


def unzip(content: bytes, folder):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(folder)
    (inner,) = folder.iterdir()
    return inner


def test_the_data_page_offers_the_files(client_as):
    page = client_as("hrstrateg").get("/data/").content.decode()
    assert "Filer att prova en import med" in page
    for url in ["/data/exempeldata.xlsx", "/data/exempeldata.zip", "/data/mappningsexempel.zip"]:
        assert f'href="{url}"' in page


def test_the_sample_workbook_is_every_table_and_imports_cleanly(client_as, tmp_path):
    response = client_as("hrstrateg").get("/data/exempeldata.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="attraktiv-exempeldata.xlsx"'
    content = response.content
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert set(book.sheetnames) == set(TABLES)
    persons = list(book["persons"].iter_rows(values_only=True))
    assert persons[0] == ("person_id", "birth_date", "gender")
    assert persons[1][0] == "P000001"
    assert not any(PERSONNUMMER.match(str(row[0])) for row in persons[1:])
    employments = list(book["employments"].iter_rows(values_only=True))
    rate = employments[0].index("rate")
    assert all(isinstance(row[rate], int | float) for row in employments[1:] if row[rate])

    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "attraktiv-exempeldata.xlsx").write_bytes(content)
    result = read_dataset(folder, pseudonym_key="sample")
    assert result.warnings == []
    assert result.tables["persons"].num_rows == len(persons) - 1
    assert result.tables["employments"].num_rows == len(employments) - 1
    assert all(result.tables[name].num_rows for name in TABLES)


def test_the_sample_csv_files_are_the_same_region(client_as, tmp_path):
    client = client_as("hrstrateg")
    content = client.get("/data/exempeldata.zip").content
    from_csv = read_dataset(unzip(content, tmp_path / "csv"), pseudonym_key="sample")
    workbook = tmp_path / "xlsx"
    workbook.mkdir()
    (workbook / "data.xlsx").write_bytes(client.get("/data/exempeldata.xlsx").content)
    from_xlsx = read_dataset(workbook, pseudonym_key="sample")
    for name in TABLES:
        assert from_csv.tables[name].equals(from_xlsx.tables[name]), name


def test_the_mapping_example_reads_the_swedish_export(client_as, tmp_path):
    response = client_as("hrstrateg").get("/data/mappningsexempel.zip")
    folder = unzip(response.content, tmp_path)
    assert sorted(path.name for path in folder.iterdir()) == [
        "anstallningar.csv",
        "franvaro.csv",
        "mappning.toml",
        "organisation.csv",
        "personal.csv",
    ]
    result = read_dataset(
        folder, pseudonym_key="sample", mapping=load_mapping(folder / "mappning.toml")
    )
    assert result.warnings == []
    tables = {name: result.tables[name].to_pylist() for name in TABLES}
    assert [unit["kind"] for unit in tables["units"]] == [
        "region",
        "forvaltning",
        "verksamhet",
        "enhet",
        "enhet",
    ]
    assert [person["gender"] for person in tables["persons"]] == ["K", "K", "M", "K", "K"]
    by_id = {row["employment_id"]: row for row in tables["employments"]}
    assert (by_id["A2"]["form"], by_id["A2"]["end_reason"]) == ("visstid", "visstid_slut")
    assert (by_id["A4"]["manager"], by_id["A5"]["end_reason"]) == (1, "pension")
    assert (by_id["A6"]["pay_form"], by_id["A6"]["rate"]) == ("T", None)
    assert [row["type"] for row in tables["absences"]] == [
        "sjuk",
        "sjuk",
        "sjuk",
        "semester",
        "foraldraledig",
    ]


def test_a_reader_gets_no_sample_files(client_as):
    assert client_as("lasare").get("/data/exempeldata.xlsx").status_code == 403
