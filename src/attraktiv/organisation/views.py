"""Pages of the organisation tree, scoped to the user's units."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.organisation.models import PATH_STEP, Unit


def children_with_sizes(unit: Unit, children: list[Unit]) -> list[tuple[Unit, int]]:
    """Each child with the number of workplaces (units without children) below it or itself.

    One query over the unit's subtree; the counting is done on paths in memory.
    """
    paths = list(unit.subtree().values_list("path", flat=True))
    parent_paths = {path[:-PATH_STEP] for path in paths}
    child_path_length = len(unit.path) + PATH_STEP
    workplaces = Counter(
        path[:child_path_length]
        for path in paths
        if path not in parent_paths and len(path) >= child_path_length
    )
    return [(child, workplaces[child.path]) for child in children]


@requires(Capability.VIEW_ORGANISATION)
def unit_index(request: HttpRequest) -> HttpResponse:
    """The topmost units the user may see, with their children."""
    access = request_access(request)
    tops = access.top_units(Capability.VIEW_ORGANISATION)
    if len(tops) == 1:
        return unit_detail(request, tops[0].unit_id)
    return render(request, "organisation/unit_index.html", {"units": tops})


@requires(Capability.VIEW_ORGANISATION)
def unit_detail(request: HttpRequest, unit_id: str) -> HttpResponse:
    """One unit: where it sits, and the units directly below it."""
    access = request_access(request)
    unit = get_object_or_404(Unit, unit_id=unit_id)
    if not access.allows(Capability.VIEW_ORGANISATION, unit):
        raise Http404
    breadcrumbs = [
        ancestor
        for ancestor in unit.ancestors()
        if access.allows(Capability.VIEW_ORGANISATION, ancestor)
    ]
    children = list(unit.children.order_by("path"))
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "breadcrumbs": breadcrumbs,
            "children": children_with_sizes(unit, children),
        },
    )
