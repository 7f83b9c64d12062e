"""State-changing operations on the organisation tree and the occupation register."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db import transaction
from django.db.models import CharField, ProtectedError, Value
from django.db.models.functions import Cast, Concat

from attraktiv.organisation.models import PATH_STEP, Occupation, OccupationGroup, Unit

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class UnitRow:
    """One row of ``units`` (hr-data.md §1)."""

    unit_id: str
    name: str
    parent_id: str | None
    kind: str = ""


@dataclass(frozen=True)
class OccupationRow:
    """One row of ``occupations`` (hr-data.md §1); ``group`` empty means the code's own group."""

    code: str
    name: str
    group: str = ""


class UnitTreeError(ValueError):
    """The rows do not form one tree; ``problems`` names each offending unit."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TreeChange:
    created: int
    updated: int
    deleted: int


def path_step(index: int) -> str:
    """The fixed-width base-36 path step of the ``index``-th sibling (0-based)."""
    digits = ""
    value = index
    for _ in range(PATH_STEP):
        value, remainder = divmod(value, 36)
        digits = BASE36[remainder] + digits
    if value:
        raise UnitTreeError([f"fler än {36**PATH_STEP} enheter under samma enhet"])
    return digits


def plan_tree(rows: list[UnitRow]) -> dict[str, tuple[str, int]]:
    """Check that ``rows`` form one tree (hr-data.md §1: one root, parents exist, no cycles).

    Returns each unit's (path, depth). Siblings are ordered by name, then id, so that
    ordering units by path lists the tree depth-first in reading order.
    """
    problems: list[str] = []
    counts = Counter(row.unit_id for row in rows)
    known = set(counts)
    duplicates = sorted(unit_id for unit_id, count in counts.items() if count > 1)
    if duplicates:
        problems.append(f"samma unit_id finns flera gånger: {', '.join(duplicates)}")
    children: dict[str | None, list[UnitRow]] = defaultdict(list)
    for row in rows:
        if row.parent_id is not None and row.parent_id not in known:
            problems.append(f"enheten {row.unit_id}: parent_id {row.parent_id} finns inte")
        children[row.parent_id].append(row)
    roots = children.get(None, [])
    if len(roots) != 1:
        names = ", ".join(row.unit_id for row in roots) or "ingen"
        problems.append(
            f"trädet ska ha precis en rot (en enhet utan parent_id), men har {len(roots)}: {names}"
        )
    if problems:
        raise UnitTreeError(problems)

    placed: dict[str, tuple[str, int]] = {}
    frontier: list[tuple[UnitRow, str, int]] = [(roots[0], path_step(0), 0)]
    while frontier:
        row, path, depth = frontier.pop()
        placed[row.unit_id] = (path, depth)
        siblings = sorted(
            children.get(row.unit_id, []), key=lambda r: (r.name.casefold(), r.unit_id)
        )
        frontier.extend(
            (child, path + path_step(index), depth + 1) for index, child in enumerate(siblings)
        )
    unreached = sorted(known - placed.keys())
    if unreached:
        raise UnitTreeError(
            [f"enheter som går runt i en ring, inte under roten: {', '.join(unreached)}"]
        )
    return placed


@transaction.atomic
def replace_unit_tree(rows: list[UnitRow]) -> TreeChange:
    """Make the stored tree exactly ``rows``: update by unit_id, create new, delete gone.

    Units keep their primary keys across replacements, so role assignments and plans that
    point at a unit survive a new HR-data import. A unit that disappears but is still
    referenced (for example by a role assignment) stops the replacement with an error, and
    nothing is changed. New units are inserted in bulk, a level at a time; only units whose
    name, kind or place changed are updated.
    """
    placement = plan_tree(rows)
    existing = {unit.unit_id: unit for unit in Unit.objects.all()}
    wanted = {row.unit_id: row for row in rows}

    def target(row: UnitRow) -> tuple[str, str, str | None, str, int]:
        path, depth = placement[row.unit_id]
        return row.name, row.kind, row.parent_id, path, depth

    parent_ids = {unit.pk: unit.unit_id for unit in existing.values()}
    changed = [
        unit
        for unit_id, unit in existing.items()
        if unit_id in wanted
        and target(wanted[unit_id])
        != (unit.name, unit.kind, parent_ids.get(unit.parent_id or 0), unit.path, unit.depth)
    ]
    gone = [unit for unit_id, unit in existing.items() if unit_id not in wanted]
    # Paths are unique: move the paths that will change or vanish out of the way first.
    Unit.objects.filter(pk__in=[unit.pk for unit in changed + gone]).update(
        path=Concat(Value("~"), Cast("pk", CharField()))
    )

    by_id = dict(existing)
    new_rows = sorted(
        (row for row in rows if row.unit_id not in existing),
        key=lambda row: placement[row.unit_id][1],
    )
    for _depth, level in groupby(new_rows, key=lambda row: placement[row.unit_id][1]):
        created = Unit.objects.bulk_create(
            [
                Unit(
                    unit_id=row.unit_id,
                    name=row.name,
                    kind=row.kind,
                    parent=by_id[row.parent_id] if row.parent_id is not None else None,
                    path=placement[row.unit_id][0],
                    depth=placement[row.unit_id][1],
                )
                for row in level
            ],
            batch_size=500,
        )
        by_id.update((unit.unit_id, unit) for unit in created)

    for unit in changed:
        name, kind, parent_id, path, depth = target(wanted[unit.unit_id])
        parent = by_id[parent_id] if parent_id is not None else None
        Unit.objects.filter(pk=unit.pk).update(
            name=name, kind=kind, parent=parent, path=path, depth=depth
        )

    if gone:
        gone_pks = [unit.pk for unit in gone]
        Unit.objects.filter(pk__in=gone_pks).update(parent=None)
        try:
            Unit.objects.filter(pk__in=gone_pks).delete()
        except ProtectedError as error:
            names = sorted({str(obj) for obj in error.protected_objects})
            raise UnitTreeError(
                [
                    "enheter som saknas i den nya filen används fortfarande och kan inte tas "
                    f"bort: {', '.join(names)}"
                ]
            ) from error
    return TreeChange(created=len(new_rows), updated=len(changed), deleted=len(gone))


@transaction.atomic
def replace_occupations(rows: list[OccupationRow]) -> None:
    """Store the occupation register: each code with its name and group (hr-data.md §1)."""
    groups = {row.group or row.code for row in rows}
    existing_groups = {group.name: group for group in OccupationGroup.objects.all()}
    OccupationGroup.objects.bulk_create(
        [OccupationGroup(name=name) for name in sorted(groups - existing_groups.keys())]
    )
    group_by_name = {group.name: group for group in OccupationGroup.objects.all()}
    Occupation.objects.exclude(code__in=[row.code for row in rows]).delete()
    Occupation.objects.bulk_create(
        [
            Occupation(code=row.code, name=row.name, group=group_by_name[row.group or row.code])
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "group"],
    )
    OccupationGroup.objects.filter(occupations__isnull=True).delete()
