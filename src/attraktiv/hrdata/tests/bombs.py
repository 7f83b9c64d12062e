"""A real zip bomb for the tests (issue 11, part 8): an XLSX workbook of about 0.4 MB whose
sheet XML unpacks to about 400 MB of rows with long cells, the kind of file that took the
server process from 239 MB to 656 MB. Built in about 2 s; the ``zip_bomb`` fixtures build
it once per test session."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet'
    b' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row><c t="inlineStr"><is><t>unit_id</t></is></c>'
    b'<c t="inlineStr"><is><t>name</t></is></c></row>'
)
ROW_BYTES = 1_000_000


def write_zip_bomb(path: Path, unpacked_mb: int = 400) -> Path:
    """A workbook whose first sheet is ``unpacked_mb`` rows of one 1 MB cell each."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "units"
    valid = io.BytesIO()
    book.save(valid)
    filler = b"A" * (ROW_BYTES - 100)
    row = b'<row><c t="inlineStr"><is><t>R</t></is></c><c t="inlineStr"><is><t>'
    row += filler + b"</t></is></c></row>"
    with (
        zipfile.ZipFile(valid) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bomb,
    ):
        for entry in source.infolist():
            if entry.filename != SHEET:
                bomb.writestr(entry, source.read(entry))
                continue
            with bomb.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(HEAD)
                for _ in range(unpacked_mb):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return path


BOMB_PROBLEM = re.compile(
    r"units\.xlsx: arbetsbokens del ”xl/worksheets/sheet1\.xml” packas upp 9\d\d gånger"
    r" \(0,4\u00a0MB till 400\u00a0MB\), mer än gränsen 100 gånger: filen läses inte"
)
"""The reader's problem with the bomb (its ratio, about 1 000, depends on zlib)."""
