"""A report as an Excel workbook (issue 13 §1): a sheet "Om rapporten" with the front page
and the provenance, then one sheet per table in reading order. Numbers stay numbers with a
number format that reads as the paper does in a Swedish Excel (``#,##0" Tkr"`` shows
``26 900 Tkr``: Excel puts the locale's digit grouping and decimal comma in), a percent is
stored as a fraction under Excel's percent format (``7.3`` in the model is ``0.073``, shown
``7,3 %``), a date is a date. A cell withheld by the disclosure rules holds its reason as
text. The header row is frozen, the totals rows are bold.

The workbook comes from ``attraktiv.core.tables.workbook``, the product's one, so no text
becomes a formula.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from attraktiv.core.tables import workbook
from attraktiv.reports.content import Column, Hidden, Report, Table, Value, printable, shown

INFO_SHEET = "Om rapporten"
HEADER_ROW = 3  # caption, source line, blank, then the header
# Excel's rules for a sheet's name: at most 31 characters, none of these, not blank.
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_NAME = 31


def number_format(column: Column) -> str:
    """The Excel number format of a column's figures."""
    decimals = "." + "0" * column.decimals if column.decimals else ""
    return {
        "number": f"#,##0{decimals}",
        "percent": f"0{decimals} %",
        "tkr": '#,##0" Tkr"',
        "years": f'0{decimals}" år"',
        "year": "0",
        "date": "yyyy-mm-dd",
    }.get(column.kind, "@")


def sheet_names(captions: Iterable[str]) -> list[str]:
    """A sheet name for each caption: forbidden characters replaced, cut to 31 characters
    with room for a number that keeps it unique (Excel compares names case-insensitively),
    never the info sheet's."""
    taken = {INFO_SHEET.casefold()}
    names = []
    for caption in captions:
        base = FORBIDDEN.sub("-", caption).strip().strip("'") or "Tabell"
        name, number = base[:MAX_NAME].rstrip(), 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_NAME - len(suffix)].rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


class _Formats:
    """The workbook's formats, one per (column kind and decimals, bold)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.cache: dict[tuple[str, bool, bool], Format] = {}
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": "#00528f"})
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.muted = book.add_format({"font_color": "#4d5660", "text_wrap": False})

    def get(self, code: str, *, bold: bool = False, header: bool = False) -> Format:
        key = (code, bold, header)
        if key not in self.cache:
            properties: dict[str, object] = {"num_format": code, "valign": "top"}
            if code == "@":
                properties["text_wrap"] = True
            if bold:
                properties["bold"] = True
            if header:
                properties.update(
                    {"bold": True, "bottom": 2, "bottom_color": "#00528f", "bg_color": "#eef3f8"}
                )
            if bold and not header:
                properties["top"] = 1
            self.cache[key] = self.book.add_format(properties)
        return self.cache[key]


def render(report: Report) -> bytes:
    report = printable(report)
    buffer = io.BytesIO()
    book = workbook(buffer)
    book.set_properties(
        {
            "title": report.front.title,
            "subject": report.front.subtitle,
            "author": report.author or report.front.organisation,
            "company": report.front.organisation,
            "keywords": ", ".join(report.keywords),
            "comments": report.provenance.footer(),
            "created": report.provenance.generated_at.replace(tzinfo=None),
        }
    )
    formats = _Formats(book)
    tables = list(report.tables())
    names = sheet_names(table.caption for table in tables)
    _info_sheet(book.add_worksheet(INFO_SHEET), report, formats, zip(names, tables, strict=True))
    for name, table in zip(names, tables, strict=True):
        _table_sheet(book.add_worksheet(name), table, report, formats)
    book.close()
    return buffer.getvalue()


def _info_sheet(
    sheet: Worksheet, report: Report, formats: _Formats, contents: Iterable[tuple[str, Table]]
) -> None:
    front = report.front
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 70)
    sheet.write_string(0, 0, front.title, formats.title)
    sheet.write_string(1, 0, front.subtitle)
    lines = [("Organisation", front.organisation), *front.facts(), *report.provenance.lines()]
    row = 3
    for label, value in lines:
        sheet.write_string(row, 0, label, formats.label)
        sheet.write_string(row, 1, value)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Innehåll", formats.label)
    for name, table in contents:
        sheet.write_url(row, 1, f"internal:'{name.replace(chr(39), chr(39) * 2)}'!A1", string=name)
        if table.caption != name:
            sheet.write_string(row, 2, table.caption)
        row += 1


def _table_sheet(sheet: Worksheet, table: Table, report: Report, formats: _Formats) -> None:
    sheet.write_string(0, 0, table.caption, formats.title)
    sheet.write_string(1, 0, report.provenance.footer(), formats.muted)
    first_total = len(table.rows) - table.total_rows
    for column, spec in enumerate(table.columns):
        code = number_format(spec)
        sheet.write_string(HEADER_ROW, column, spec.title, formats.get(code, header=True))
        widths = [len(spec.title) + 2]
        for index, row in enumerate(table.rows):
            value = row[column]
            cell = formats.get(code, bold=index >= first_total)
            _write(sheet, HEADER_ROW + 1 + index, column, value, spec, cell)
            widths.append(len(shown(value, spec)) + 3)
        sheet.set_column(column, column, min(max(widths), 60 if code == "@" else 24))
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    below = HEADER_ROW + 2 + len(table.rows)
    for offset, note in enumerate(table.notes):
        sheet.write_string(below + offset, 0, note, formats.muted)


def _write(
    sheet: Worksheet, row: int, column: int, value: Value, spec: Column, cell: Format
) -> None:
    if isinstance(value, Hidden):
        sheet.write_string(row, column, value.reason, cell)
    elif value is None:
        sheet.write_blank(row, column, None, cell)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, cell)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, cell)
    elif spec.kind == "percent":
        sheet.write_number(row, column, float(Decimal(str(value)) / 100), cell)
    elif spec.kind == "text":
        sheet.write_string(row, column, str(value), cell)
    else:
        sheet.write_number(row, column, float(value), cell)
