"""A table as a download (pages.md: "Every table can be downloaded (CSV, XLSX)").

CSV is semicolon-separated UTF-8 with a byte order mark, as Swedish Excel opens it; XLSX has
the title and the source above the table, numbers stored as numbers, and text wrapped.
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

Cell = str | int | float | None

# A download's media type, by the file name's suffix.
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "toml": "application/toml; charset=utf-8",
    "zip": "application/zip",
}


def download(content: str | bytes, filename: str) -> HttpResponse:
    """``content`` as a file to save under ``filename`` (its suffix gives the media type; a
    name outside ASCII is sent as RFC 6266's ``filename*``). The event log records the
    download: the file's name, and the user and page of the request in progress."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    record(Action.DOWNLOAD, filename)
    return response


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


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
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    number = workbook.add_format({"valign": "top"})
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, source)
    for column, header in enumerate(headers):
        sheet.write(3, column, header, bold)
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
    workbook.close()
    return buffer.getvalue()
