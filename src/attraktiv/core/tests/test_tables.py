"""Downloads (core.tables.download): the media type from the suffix, the file name in
Content-Disposition, with Swedish letters sent as RFC 6266's ``filename*``, each one logged;
CSV and XLSX that never turn a text into a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.core import tables
from attraktiv.indicators.engine import OUTPUT_COLUMNS
from attraktiv.indicators.output import spreadsheet_text, to_csv

pytestmark = pytest.mark.django_db


def test_an_ascii_name_is_sent_as_it_is():
    response = tables.download("a;b\r\n", "plan_2024.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="plan_2024.csv"'
    assert response.content == b"a;b\r\n"
    assert AuditEvent.objects.get().subject == "plan_2024.csv"


def test_a_swedish_name_survives_the_header():
    response = tables.download(b"PK", "kompetensförsörjning-2025.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''kompetensf%C3%B6rs%C3%B6rjning-2025.xlsx"
    )


def test_an_unknown_suffix_is_refused():
    with pytest.raises(KeyError):
        tables.download("x", "plan.exe")
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


# ---- no formulas in what we write (issue 11, part 7; OWASP, "CSV Injection") ----------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_that_begins_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Rekrytera", "-29", "-3,5", "+46", "50-", "", "'=a", "–"])
def test_other_text_and_plain_numbers_are_left_as_they_are(text):
    assert spreadsheet_text(text) == text


def test_csv_neutralises_text_and_keeps_numbers():
    text = tables.csv_text(["=Rubrik", "Värde"], [["=1+1", -3.5], ["-29", -2], [None, 0]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["'=Rubrik", "Värde"], ["'=1+1", "-3.5"], ["-29", "-2"], ["", "0"]]


def test_xlsx_keeps_every_text_a_string_and_numbers_numbers():
    content = tables.xlsx_bytes(
        "=Blad", "=Titel", "@Källa", ["=Rubrik", "Värde"], [["=1+1", -3.5], ["http://x.se", 2]]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [sheet["A1"], sheet["A2"], sheet["A4"], sheet["A5"], sheet["A6"]]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", "=Titel"),
        ("s", "@Källa"),
        ("s", "=Rubrik"),
        ("s", "=1+1"),
        ("s", "http://x.se"),
    ]
    assert (sheet["B5"].data_type, sheet["B5"].value) == ("n", -3.5)
    assert not sheet._hyperlinks


def test_a_workbook_written_cell_by_cell_never_makes_a_formula():
    buffer = io.BytesIO()
    book = tables.workbook(buffer)
    book.add_worksheet("Blad").write(0, 0, '=HYPERLINK("https://evil.example")')
    book.close()
    cell = openpyxl.load_workbook(buffer).active["A1"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_engine_csv_neutralises_text_cells():
    """``attraktiv kpi --format csv`` and the Nyckeltal CSV: a unit id from the HR data."""
    row = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(kpi="headcount", unit_id="=cmd|' /C calc'!A0", age_group="-29", value=-1.5)
    rows = list(csv.DictReader(io.StringIO(to_csv([row]))))
    assert rows[0]["unit_id"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["age_group"] == "-29" and rows[0]["value"] == "-1.5"
