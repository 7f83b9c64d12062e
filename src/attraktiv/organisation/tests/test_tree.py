"""The unit tree: validation (hr-data.md §1, units) and subtree queries that stay cheap."""

from __future__ import annotations

import pytest

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.organisation.models import Unit
from attraktiv.organisation.services import (
    UnitRow,
    UnitTreeError,
    plan_tree,
    replace_unit_tree,
)
from attraktiv.organisation.synthetic import synthetic_tree

TREE = [
    UnitRow("R", "Region", None, "region"),
    UnitRow("A", "Alfa", "R", "forvaltning"),
    UnitRow("B", "Beta", "R", "forvaltning"),
    UnitRow("A1", "Alfa ett", "A", "enhet"),
    UnitRow("A2", "Alfa två", "A", "enhet"),
]


def test_paths_follow_the_tree_with_siblings_in_name_order():
    placed = plan_tree(TREE)
    assert placed["R"] == ("0000", 0)
    assert placed["A"] == ("00000000", 1)
    assert placed["B"] == ("00000001", 1)
    assert placed["A1"] == ("000000000000", 2)
    assert placed["A2"] == ("000000000001", 2)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [*TREE, UnitRow("X", "Extra", None)],
            "precis en rot (en enhet utan parent_id), men har 2: R, X",
        ),
        ([*TREE, UnitRow("X", "Extra", "NOPE")], "enheten X: parent_id NOPE finns inte"),
        ([*TREE, UnitRow("A", "Again", "R")], "samma unit_id finns flera gånger: A"),
        (
            [*TREE, UnitRow("C1", "Cykel ett", "C2"), UnitRow("C2", "Cykel två", "C1")],
            "enheter som går runt i en ring, inte under roten: C1, C2",
        ),
        (
            [UnitRow("C1", "c", "C2"), UnitRow("C2", "c", "C1")],
            "precis en rot (en enhet utan parent_id), men har 0: ingen",
        ),
    ],
)
def test_bad_trees_are_refused_with_the_unit_named(rows, message):
    with pytest.raises(UnitTreeError) as error:
        plan_tree(rows)
    assert message in str(error.value)


@pytest.mark.django_db
def test_replacing_the_tree_keeps_units_and_their_keys():
    replace_unit_tree(TREE)
    alfa_pk = Unit.objects.get(unit_id="A").pk
    renamed = [row if row.unit_id != "A" else UnitRow("A", "Aa först", "R") for row in TREE]
    moved = [row if row.unit_id != "A2" else UnitRow("A2", "Alfa två", "B") for row in renamed]
    change = replace_unit_tree([row for row in moved if row.unit_id != "A1"])
    # A renamed, A2 moved; R and B unchanged; A1 gone.
    assert (change.created, change.updated, change.deleted) == (0, 2, 1)
    alfa = Unit.objects.get(unit_id="A")
    assert (alfa.pk, alfa.name) == (alfa_pk, "Aa först")
    assert Unit.objects.get(unit_id="A2", parent__unit_id="B")
    assert [unit.unit_id for unit in Unit.objects.get(unit_id="B").subtree()] == ["B", "A2"]
    assert not Unit.objects.filter(unit_id="A1").exists()


@pytest.mark.django_db
def test_a_unit_in_use_cannot_disappear_and_nothing_changes():
    replace_unit_tree(TREE)
    ensure_user("chef", "x", Role.MANAGER, [Unit.objects.get(unit_id="A1")])
    with pytest.raises(UnitTreeError, match="används fortfarande"):
        replace_unit_tree([row for row in TREE if row.unit_id != "A1"])
    assert Unit.objects.filter(unit_id="A1", parent__unit_id="A").exists()


@pytest.mark.django_db
def test_subtree_and_ancestor_queries_are_one_query_each_on_5000_units(
    django_assert_num_queries,
):
    rows = synthetic_tree(5000)
    replace_unit_tree(rows)
    assert Unit.objects.count() == 5000
    forvaltning = Unit.objects.get(unit_id="F3")
    workplace = Unit.objects.get(unit_id="E4003")
    with django_assert_num_queries(1):
        subtree_ids = {unit.unit_id for unit in forvaltning.subtree()}
    with django_assert_num_queries(1):
        ancestor_ids = [unit.unit_id for unit in workplace.ancestors()]
    # The same answers by walking parent links in Python.
    parents = {row.unit_id: row.parent_id for row in rows}

    def chain(unit_id):
        while unit_id is not None:
            yield unit_id
            unit_id = parents[unit_id]

    assert subtree_ids == {row.unit_id for row in rows if "F3" in chain(row.unit_id)}
    assert ancestor_ids == list(reversed(list(chain("E4003"))))[:-1]
