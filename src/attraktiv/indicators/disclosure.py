"""Disclosure control (hr-data.md §3.7): primary and secondary suppression of cells.

Works on the rows of one indicator and one unit: the total row (every dimension null) and
the breakdown cells. Plain Python over a handful of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]


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


def secondary_suppression(total: Row | None, cells: list[Row], by: Sequence[str]) -> None:
    """§3.7 secondary rule, applied in place to ``cells`` (each has a ``suppressed`` flag).

    If exactly one cell of a one-dimensional breakdown is suppressed and its total is
    shown, the unsuppressed cell with the fewest persons is suppressed too (ties: the first
    in label order, by Unicode code points). In a cross-tabulation every line
    (the cells that differ only in one dimension) is such a breakdown, with its total
    shown. Lines are visited by dimension in ``by`` order, then in label order, repeatedly
    until nothing changes.

    A cell with no population (persons 0) is never chosen (§3: it "is not suppressed", and
    hiding it would hide nothing); a zero denominator with a population only when no other
    cell can be (§3: its numerator and denominator are 0, so hiding it would leave the
    suppressed cell's recoverable).
    """
    if not by or not cells:
        return
    if len(by) == 1 and (total is None or total["suppressed"]):
        return
    changed = True
    while changed:
        changed = False
        for dimension in by:
            others = [d for d in by if d != dimension]
            lines: dict[tuple[str, ...], list[Row]] = {}
            for cell in cells:
                lines.setdefault(tuple(label(cell[d]) for d in others), []).append(cell)
            for key in sorted(lines):
                line = lines[key]
                if sum(1 for cell in line if cell["suppressed"]) != 1:
                    continue
                candidates = [cell for cell in line if not cell["suppressed"] and cell["persons"]]
                if not candidates:
                    continue
                chosen = min(
                    candidates,
                    key=lambda cell: (
                        cell["_zero_denominator"],
                        cell["persons"],
                        label(cell[dimension]),
                    ),
                )
                chosen["suppressed"] = True
                changed = True


def blank_suppressed(row: Row) -> None:
    """§3.7: a suppressed row has value, numerator, denominator and persons null."""
    if row["suppressed"]:
        row.update(value=None, numerator=None, denominator=None, persons=None)
