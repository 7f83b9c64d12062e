"""Downloads of an allocation's drawdown table (pages.md, "Every table can be downloaded").

The CSV is for machines and Excel alike: semicolon-separated, UTF-8 with a byte-order mark,
whole Tkr without grouping. The workbook stores amounts as numbers with a thousands format.
"""

from __future__ import annotations

import io

from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.budget.services import Summary
from attraktiv.core import tables

HEADERS = [
    "Område",
    "Initierat",
    "Insats",
    "År",
    "Belopp (Tkr)",
    "Utfall (Tkr)",
    "Beslut",
    "Mål",
]


def goals_text(drawdown: Drawdown) -> str:
    return "; ".join(f"{goal.ref} {goal.text}".strip() for goal in drawdown.goals.all())


def rows(summary: Summary) -> list[list[tables.Cell]]:
    """The table's rows in the decision's order: area, initiated, initiative, year, …"""
    return [
        [
            group.name,
            d.initiated,
            d.initiative,
            d.year,
            int(d.amount_tkr),
            None if d.outcome_tkr is None else int(d.outcome_tkr),
            d.decision,
            goals_text(d),
        ]
        for group in summary.groups
        for d in group.drawdowns
    ]


def csv_text(summary: Summary) -> str:
    """The table's rows, then the total."""
    outcome = None if summary.outcome_total is None else int(summary.outcome_total)
    total = ["Totalt", None, None, None, int(summary.total), outcome, None, None]
    return tables.csv_text(HEADERS, [*rows(summary), total])


def xlsx_bytes(allocation: Allocation, summary: Summary) -> bytes:
    """One sheet: title, the table in the decision's order, the total and what is left."""
    buffer = io.BytesIO()
    workbook = tables.workbook(buffer)
    sheet = workbook.add_worksheet("Ianspråktaganden")
    bold = workbook.add_format({"bold": True})
    tkr = workbook.add_format({"num_format": "# ##0"})
    tkr_bold = workbook.add_format({"num_format": "# ##0", "bold": True})
    sheet.write_string(0, 0, f"{allocation.name}: {allocation.programme.name}", bold)
    sheet.write_string(1, 0, "Källa: Attraktiv. Belopp i tusental kronor (Tkr).")
    for column, header in enumerate(HEADERS):
        sheet.write_string(3, column, header, bold)
    row_number = 4
    for row in rows(summary):
        for column, cell in enumerate(row):
            if cell is None:
                sheet.write_blank(row_number, column, None)
            elif column in (4, 5):
                sheet.write_number(row_number, column, cell, tkr)
            elif column == 3:
                sheet.write_number(row_number, column, cell)
            else:
                sheet.write_string(row_number, column, str(cell))
        row_number += 1
    sheet.write_string(row_number, 0, "Totalt", bold)
    sheet.write_number(row_number, 4, int(summary.total), tkr_bold)
    if summary.outcome_total is not None:
        sheet.write_number(row_number, 5, int(summary.outcome_total), tkr_bold)
    row_number += 1
    sheet.write_string(row_number, 0, "Avsatt", bold)
    if summary.set_aside is None:
        sheet.write_string(row_number, 4, "ej angivet")
    else:
        sheet.write_number(row_number, 4, int(summary.set_aside), tkr)
    row_number += 1
    sheet.write_string(row_number, 0, "Kvar", bold)
    if summary.left is None:
        sheet.write_string(row_number, 4, "ej angivet")
    else:
        sheet.write_number(row_number, 4, int(summary.left), tkr)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, 3, 8)
    sheet.set_column(4, 5, 14)
    sheet.set_column(6, 7, 40)
    workbook.close()
    return buffer.getvalue()
