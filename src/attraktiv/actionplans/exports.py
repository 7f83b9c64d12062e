"""Downloads of the plan table (pages.md, "Every table can be downloaded (CSV, XLSX)").

The same columns as the page: area, goal, action, responsible, planned year (and the
original year of a moved action), status, latest comment and ARUBA tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from attraktiv.actionplans.models import Action
from attraktiv.actionplans.services import aruba_label, status_label
from attraktiv.core import tables
from attraktiv.followups.models import ActionReport

HEADERS = [
    "Område",
    "Mål",
    "Nr",
    "Åtgärd",
    "Ansvar",
    "Planerat år",
    "Ursprungligt år",
    "Status",
    "Senaste kommentar",
    "ARUBA",
]


@dataclass(frozen=True)
class ExportRow:
    area: str
    goal: str
    ref: str
    text: str
    responsible: str
    planned_year: int
    original_year: int | None  # only when the action was moved
    status: str
    comment: str
    aruba: str

    def cells(self) -> list[str | int | None]:
        return [
            self.area,
            self.goal,
            self.ref,
            self.text,
            self.responsible,
            self.planned_year,
            self.original_year,
            self.status,
            self.comment,
            self.aruba,
        ]


def row_for(action: Action, original_year: int, comment: ActionReport | None) -> ExportRow:
    return ExportRow(
        area=action.goal.area.name,
        goal=f"{action.goal.ref} {action.goal.text}",
        ref=action.ref,
        text=action.text,
        responsible=", ".join(party.code for party in action.responsible.all()),
        planned_year=action.planned_year,
        original_year=original_year if original_year != action.planned_year else None,
        status=status_label(action.status),
        comment=comment.comment if comment is not None else "",
        aruba=aruba_label(action.aruba),
    )


def csv_text(rows: list[ExportRow]) -> str:
    """Semicolon-separated, as Swedish Excel reads it."""
    return tables.csv_text(HEADERS, [row.cells() for row in rows])


def xlsx_bytes(title: str, rows: list[ExportRow]) -> bytes:
    """A workbook with one sheet: the title, the source, then the table."""
    return tables.xlsx_bytes(
        "Handlingsplan",
        title,
        "Källa: Attraktiv",
        HEADERS,
        [row.cells() for row in rows],
        widths=(24, 24, 6, 50, 12, 12, 12, 12, 40, 12),
    )
