"""A table as a download (pages.md: "Every table can be downloaded (CSV, XLSX)").

CSV is semicolon-separated UTF-8 with a byte order mark, as Swedish Excel opens it; XLSX has
the title and the source above the table, numbers stored as numbers, and text wrapped.

Every CSV and XLSX file the product writes goes through ``csv_row`` and ``workbook`` here, so
that no text becomes a formula (OWASP, "CSV Injection"): in CSV a text that begins like a
formula gets a leading apostrophe (``spreadsheet_text``), and an XLSX workbook stores every
text as a string, however it begins. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from attraktiv.auditlog.models import Action
from attraktiv.auditlog.services import record
from attraktiv.indicators.output import spreadsheet_text

Cell = str | int | float | None

# A download's media type, by the file name's suffix.
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "toml": "application/toml; charset=utf-8",
    "zip": "application/zip",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def download(content: str | bytes, filename: str) -> HttpResponse:
    """``content`` as a file to save under ``filename`` (its suffix gives the media type; a
    name outside ASCII is sent as RFC 6266's ``filename*``). The event log records the
    download: the file's name, and the user and page of the request in progress."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    record(Action.DOWNLOAD, filename)
    return response


def csv_row(cells: Sequence[Cell]) -> list[str | int | float]:
    """One CSV row: a missing cell empty, text never a formula (``spreadsheet_text``)."""
    return [
        "" if cell is None else spreadsheet_text(cell) if isinstance(cell, str) else cell
        for cell in cells
    ]


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row(headers))
    writer.writerows(csv_row(row) for row in rows)
    return buffer.getvalue()


def workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """An XLSX workbook written into ``buffer`` in which ``write`` keeps every text a string:
    never a formula (a title or a comment that begins with ``=``), never a link."""
    return xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )


def xlsx_bytes(
    sheet_name: str,
    title: str,
    source: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int] = (),
) -> bytes:
    """One sheet: the title (row 1), the source (row 2), the headers (row 4), the rows."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number = book.add_format({"valign": "top"})
    sheet.write_string(0, 0, title, bold)
    sheet.write_string(1, 0, source)
    for column, header in enumerate(headers):
        sheet.write_string(3, column, header, bold)
    for offset, row in enumerate(rows):
        for column, cell in enumerate(row):
            if cell is None or cell == "":
                sheet.write_blank(4 + offset, column, None, wrap)
            elif isinstance(cell, int | float):
                sheet.write_number(4 + offset, column, cell, number)
            else:
                sheet.write_string(4 + offset, column, cell, wrap)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()
