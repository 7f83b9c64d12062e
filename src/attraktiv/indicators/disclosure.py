"""Disclosure control (hr-data.md §3.7): primary and secondary suppression of cells.

Works on the rows of one indicator, one period and one breakdown: per unit the total row
(every dimension null) and the breakdown cells, and, for a unit computed together with its
children, the cells of the persons placed directly on the unit (rows marked ``DIRECT``, the
cell "direkt under enheten" of §3.7, v1.3, units; counted, never output). The lines are
grouped once; a pass visits each line once, so a pass is linear in the number of rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Row = dict[str, Any]

# Marks a row of persons placed directly on its unit, not in a child (§3.7, v1.3, units).
DIRECT = "direct"
# The direct cell's label among the child units: first in code-point order.
DIRECT_LABEL = ""


def primary_suppressed(persons: int | None, threshold: int, inclusive: bool) -> bool:
    """§3.7 primary rule. A cell with no population (persons 0) is never suppressed.

    ``inclusive``: persons ≤ threshold (person-based, "högst tio"); otherwise persons <
    threshold (survey respondents).
    """
    if not persons:
        return False
    return persons <= threshold if inclusive else persons < threshold


def label(value: Any) -> str:
    return "" if value is None else str(value)


@dataclasses.dataclass
class Line:
    """Cells that differ in one dimension only, with the total they add up to.

    ``total`` None: an inner line of a cross-tabulation, whose total is not computed and
    counts as shown (§3.7). ``cells``: (label, cell) pairs. ``total_is_a_cell``: the total
    is itself a breakdown cell (a parent's row for one value of the breakdown), not a
    unit's total, so it may be suppressed to close the line.
    """

    total: Row | None
    cells: list[tuple[str, Row]]
    total_is_a_cell: bool = False
    populated: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.populated = sum(1 for _label, cell in self.cells if cell["persons"])

    def shows(self) -> bool:
        """Whether the line's total is shown (an uncomputed total counts as shown)."""
        return self.total is None or not self.total["suppressed"]


def secondary_suppression(total: Row, cells: list[Row], by: Sequence[str]) -> None:
    """§3.7 secondary rule for one unit, in place: ``total`` and its breakdown ``cells``
    (each with ``suppressed``, ``persons`` and ``_zero_denominator``) by ``by``."""
    grid = Grid([total, *cells], by)
    suppress_to_fixed_point(grid.lines_within_units())


def secondary_suppression_across_units(
    rows: list[Row], by: Sequence[str], parents: Mapping[str, str]
) -> None:
    """§3.7 secondary rule over a set of units, in place, including v1.3's lines across
    units.

    ``rows``: per unit its total row and cells by ``by``, plus the ``DIRECT`` rows of the
    units computed with their children; ``parents``: child unit id → parent unit id, for the
    children computed with their parent. The lines are those within each unit (and within
    each direct cell) along each dimension of ``by``, and, for each parent and each
    combination of the ``by`` values (the totals too), its children and its direct cell,
    whose total is the parent's row. Lines are visited by dimension in ``by`` order, then
    the lines across units; within a dimension in label order (the parent's unit id first);
    repeatedly until nothing changes.
    """
    grid = Grid(rows, by)
    suppress_to_fixed_point([*grid.lines_within_units(), *grid.lines_across_units(parents)])


def suppress_to_fixed_point(lines: Sequence[Line]) -> None:
    """§3.7: if exactly one cell of a line is suppressed and its total is shown, the
    unsuppressed cell with the fewest persons is suppressed too (ties: the first label in
    code-point order); with two or more suppressed cells nothing more is suppressed.

    Which cell hides something: a cell with no population (persons 0 or null) is never
    chosen (§3: it "is not suppressed", and hiding it would hide nothing). A cell with a
    population but a zero denominator is chosen only when no other cell can be (§3): its
    numerator and denominator are 0, so hiding it would leave the suppressed cell's
    recoverable. Across units a cell can also be shown elsewhere: the only cell with a
    population of another line whose total is shown (a unit whose staff are all women:
    its women are its total). Such a cell is chosen only when nothing else closes the
    line: first the line's total is suppressed instead, if it is itself a breakdown cell
    (the parent's women); a unit's total never is, so that the totals are the same with
    or without a breakdown.
    """
    lines_of: dict[int, list[Line]] = {}
    for line in lines:
        for _label, cell in line.cells:
            lines_of.setdefault(id(cell), []).append(line)

    def shown_elsewhere(cell: Row, line: Line) -> bool:
        return any(
            other is not line
            and other.populated == 1
            and other.total is not None
            and not other.total["suppressed"]
            for other in lines_of[id(cell)]
        )

    changed = True
    while changed:
        changed = False
        for line in lines:
            if not line.shows() or sum(cell["suppressed"] for _, cell in line.cells) != 1:
                continue
            candidates = [
                (cell["_zero_denominator"], cell["persons"], cell_label, position, cell)
                for position, (cell_label, cell) in enumerate(line.cells)
                if not cell["suppressed"] and cell["persons"]
            ]
            hiding = [
                candidate for candidate in candidates if not shown_elsewhere(candidate[-1], line)
            ]
            if hiding:
                min(hiding)[-1]["suppressed"] = True
            elif line.total is not None and line.total_is_a_cell:
                line.total["suppressed"] = True
            elif candidates:
                min(candidates)[-1]["suppressed"] = True
            else:
                continue
            changed = True


Place = tuple[str, bool]  # a row's unit: (unit id, whether it is the unit's direct cell)


class Grid:
    """The rows of one indicator, period and breakdown, each at its place: its unit and its
    values of the ``by`` dimensions (None: all), looked up once."""

    def __init__(self, rows: Iterable[Row], by: Sequence[str]):
        self.by = tuple(by)
        self.rows: list[tuple[Row, Place, tuple[Any, ...]]] = [
            (
                row,
                (label(row.get("unit_id")), bool(row.get(DIRECT))),
                tuple(row.get(dimension) for dimension in self.by),
            )
            for row in rows
        ]
        self.at: dict[tuple[Place, tuple[Any, ...]], Row] = {
            (place, values): row for row, place, values in self.rows
        }

    def lines_within_units(self) -> list[Line]:
        """The lines along each dimension of ``by`` inside each unit: the cells of one
        unit that differ only in that dimension. Their total is the unit's total for a
        one-dimensional breakdown; in a cross-tabulation it is not computed and counts as
        shown."""
        grouped: dict[tuple[int, Place, tuple[Any, ...]], list[tuple[str, Row]]] = {}
        for row, place, values in self.rows:
            if not values or None in values:
                continue
            for position, value in enumerate(values):
                others = (*values[:position], None, *values[position + 1 :])
                grouped.setdefault((position, place, others), []).append((label(value), row))
        order = sorted(grouped, key=lambda key: (key[0], key[1], tuple(map(label, key[2]))))
        return [Line(self.at.get((key[1], key[2])), grouped[key]) for key in order]

    def lines_across_units(self, parents: Mapping[str, str]) -> list[Line]:
        """§3.7, v1.3, units: for each parent and each combination of the ``by`` values,
        the parent's children and its direct cell, whose total is the parent's row."""
        grouped: dict[tuple[str, tuple[Any, ...]], list[tuple[str, Row]]] = {}
        for row, (unit_id, direct), values in self.rows:
            if direct:
                parent, cell_label = unit_id, DIRECT_LABEL
            elif unit_id in parents:
                parent, cell_label = parents[unit_id], unit_id
            else:
                continue
            if ((parent, False), values) in self.at:
                grouped.setdefault((parent, values), []).append((cell_label, row))
        order = sorted(grouped, key=lambda key: (key[0], tuple(map(label, key[1]))))
        return [
            Line(
                self.at[((parent, False), values)],
                grouped[(parent, values)],
                total_is_a_cell=any(value is not None for value in values),
            )
            for parent, values in order
        ]


def blank_suppressed(row: Row) -> None:
    """§3.7: a suppressed row has value, numerator, denominator and persons null."""
    if row["suppressed"]:
        row.update(value=None, numerator=None, denominator=None, persons=None)
