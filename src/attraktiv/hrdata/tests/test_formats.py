"""File formats of hr-data.md §1: CSV dialects, XLSX (file per table or one workbook), Parquet."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from .helpers import BASE, PNR, errors_of, read, write_dataset


def _rows(name: str) -> list[list[str]]:
    return [line.split(",") for line in BASE[name]]


def test_semicolon_decimal_comma_windows_1252(tmp_path):
    """§1: Windows-1252, ``;`` delimiter, decimal comma, YYYYMMDD dates, CRLF lines."""
    folder = write_dataset(tmp_path / "data")
    employments = [
        ";".join(BASE["employments.csv"][0].split(",")),
        f"A1;{PNR};E1;SSK;20200101;;100;M;Tillsvidare;0;40;",
        "A2;P2;E2;USK;2019-01-01;20231231;75,5;m;VISSTID;1;38,25;visstid_slut",
        "A3;P3;E2;USK;2021-01-01;;;T;visstid;;;",
    ]
    (folder / "employments.csv").write_bytes("\r\n".join(employments).encode("cp1252"))
    units = "unit_id;name;parent_id;kind\r\nR;Region Örebro län;;region\r\nF1;Förvaltning;R;\r\n"
    units += "E1;Vårdcentral Ängen;F1;enhet\r\nE2;Enhet 2;F1;ENHET\r\n"
    (folder / "units.csv").write_bytes(units.encode("cp1252"))
    tables = read(folder).tables
    assert tables["units"].column("name").to_pylist()[0] == "Region Örebro län"
    assert tables["units"].column("kind").to_pylist() == ["region", None, "enhet", "enhet"]
    rows = tables["employments"].to_pylist()
    assert rows[0]["start_date"] == dt.date(2020, 1, 1)
    assert rows[0]["form"] == "tillsvidare"
    assert rows[1]["rate"] == 75.5 and rows[1]["weekly_hours"] == 38.25
    assert rows[1]["end_date"] == dt.date(2023, 12, 31)
    assert rows[1]["pay_form"] == "M" and rows[1]["form"] == "visstid"


def test_windows_1252_error_lines(tmp_path):
    folder = write_dataset(tmp_path / "data")
    units = "unit_id;name;parent_id;kind\nR;Region;;region\nF1;Förvaltning;R;\nE1;;F1;enhet\n"
    units += "E2;Enhet 2;F1;enhet\n"
    (folder / "units.csv").write_bytes(units.encode("cp1252"))
    assert errors_of(folder) == ["units.csv:4: name: ett värde krävs"]


def test_bom_and_tab(tmp_path):
    """§1: UTF-8 with BOM; tab as delimiter; column names case-insensitive."""
    folder = write_dataset(tmp_path / "data")
    persons = [
        "Person_ID\tBirth_Date\tGENDER",
        f"{PNR}\t\t",
        "P2\t19700501\tKvinna",
        "P3\t1985-01-31\tM",
    ]
    (folder / "persons.csv").write_bytes(b"\xef\xbb\xbf" + "\n".join(persons).encode())
    persons_table = read(folder).tables["persons"].to_pylist()
    assert persons_table[1] == {"person_id": "P2", "birth_date": dt.date(1970, 5, 1), "gender": "K"}


def test_quoted_line_break_keeps_line_numbers(tmp_path):
    """§1, Bad input: the line a text editor shows, even after a quoted line break."""
    folder = write_dataset(tmp_path / "data")
    units = 'unit_id,name,parent_id,kind\nR,"Region\nmed två rader",,region\nF1,Förvaltning,R,\n'
    units += "E1,,F1,enhet\n\nE2,Enhet 2,F1,enhet\n"
    (folder / "units.csv").write_text(units, encoding="utf-8")
    assert errors_of(folder) == ["units.csv:5: name: ett värde krävs"]


def test_blank_line_keeps_line_numbers(tmp_path):
    folder = write_dataset(tmp_path / "data")
    units = "unit_id,name,parent_id,kind\nR,Region,,region\n\nF1,Förvaltning,R,\nE1,,F1,enhet\n"
    units += "E2,Enhet 2,F1,enhet\n"
    (folder / "units.csv").write_text(units, encoding="utf-8")
    assert errors_of(folder) == ["units.csv:5: name: ett värde krävs"]


def test_not_text(tmp_path):
    """A file that is neither encoding of §1 names the line of its first byte that is not text
    (issue 12: file and line), whether the header or a later line gives it away."""
    folder = write_dataset(tmp_path / "data")
    (folder / "units.csv").write_bytes(b"unit_id,name\nR,Region\n\x81\x8d,\x90\n")
    assert errors_of(folder) == [
        "units.csv:3: filen är varken UTF-8- eller Windows-1252-text; spara den som UTF-8"
    ]
    (folder / "units.csv").write_bytes(b"unit_id,n\x81me\nR,Region\n")
    assert errors_of(folder) == [
        "units.csv:1: filen är varken UTF-8- eller Windows-1252-text; spara den som UTF-8"
    ]


def _sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]], first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    for row in rows:
        sheet.append(row)


def test_xlsx_one_file_per_table(tmp_path):
    """§1: ``.xlsx``, one file per table, the first sheet; typed cells are read as text."""
    folder = write_dataset(tmp_path / "data", drop=("employments.csv",))
    rows: list[list[object]] = _rows("employments.csv")  # type: ignore[assignment]
    rows[1][4] = dt.datetime(2020, 1, 1)  # a date cell
    rows[2][6] = 75.5  # a number cell
    rows[2][9] = 1
    rows[3][4] = "2021-13-01"
    book = openpyxl.Workbook()
    _sheet(book, "Anställningar", rows, first=True)
    _sheet(book, "Other", [["ignored"]])
    book.save(folder / "employments.xlsx")
    assert errors_of(folder) == [
        "employments.xlsx:4: start_date: datumet ”2021-13-01” finns inte (skriv ÅÅÅÅ-MM-DD)"
    ]
    rows[3][4] = "2021-01-01"
    book = openpyxl.Workbook()
    _sheet(book, "Anställningar", [rows[0], [], *rows[1:]], first=True)  # an empty row 2
    book.save(folder / "employments.xlsx")
    result = read(folder)
    employments = result.tables["employments"].to_pylist()
    assert employments[0]["start_date"] == dt.date(2020, 1, 1)
    assert employments[1]["rate"] == 75.5 and employments[1]["manager"] == 1
    assert result.files[2].name == "employments.xlsx"


def test_xlsx_workbook_with_sheet_per_table(tmp_path):
    """§1: one workbook with one sheet per table name; issues name ``file.xlsx[sheet]``."""
    folder = tmp_path / "data"
    folder.mkdir()
    book = openpyxl.Workbook()
    for index, name in enumerate(("units", "persons", "employments", "absences")):
        rows: list[list[object]] = _rows(f"{name}.csv")  # type: ignore[assignment]
        if name == "absences":
            rows[2][4] = 150
        _sheet(book, name.capitalize() if name == "units" else name, rows, first=index == 0)
    book.save(folder / "hr.xlsx")
    assert errors_of(folder) == [
        "hr.xlsx[absences]:3: extent: ”150” är utanför det tillåtna; värdet ska vara större än 0 "
        "och högst 100"
    ]
    book["absences"]["E3"] = 50
    book.save(folder / "hr.xlsx")
    result = read(folder)
    assert result.tables["units"].num_rows == 4
    assert result.tables["absences"].column("extent").to_pylist() == [100.0, 50.0, 100.0]
    assert [f.name for f in result.files] == [
        "hr.xlsx[Units]",
        "hr.xlsx[persons]",
        "hr.xlsx[employments]",
        "hr.xlsx[absences]",
    ]


def test_parquet(tmp_path):
    """§1: ``.parquet`` with typed columns; the line of row i is i + 2."""
    folder = write_dataset(tmp_path / "data", drop=("absences.csv",))
    table = pa.table(
        {
            "person_id": [PNR, "P2", "P2"],
            "start_date": pa.array(
                [dt.date(2021, 1, 4), dt.date(2021, 2, 1), dt.date(2021, 3, 1)], pa.date32()
            ),
            "end_date": pa.array(
                [dt.date(2021, 1, 8), dt.date(2021, 2, 28), dt.date(2021, 3, 5)], pa.date32()
            ),
            "type": ["sjuk", "foraldraledig", "sjuk"],
            "extent": pa.array([100.0, 50.0, None]),
        }
    )
    pq.write_table(table, folder / "absences.parquet")
    result = read(folder)
    assert result.tables["absences"].column("extent").to_pylist() == [100.0, 50.0, 100.0]
    assert result.tables["absences"].column("start_date")[1].as_py() == dt.date(2021, 2, 1)
    bad = table.set_column(3, "type", pa.array(["sjuk", "foraldraledig", "kaffe"]))
    pq.write_table(bad, folder / "absences.parquet")
    assert errors_of(folder)[0].startswith("absences.parquet:4: type: ”kaffe” är inte tillåtet")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path, delimiter):
    folder = write_dataset(tmp_path / "data")
    lines = [line.replace(",", delimiter) for line in BASE["sam.csv"]]
    (folder / "sam.csv").write_text("\n".join(lines), encoding="utf-8")
    assert read(folder).tables["sam"].num_rows == 2
