"""JSON API of the organisation tree, scoped like the pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from attraktiv.accounts.access import Capability
from attraktiv.api_auth import require
from attraktiv.organisation.models import Unit

router = Router(tags=["organisation"])


class UnitOut(Schema):
    unit_id: str
    name: str
    kind: str
    parent_id: str | None
    depth: int


def unit_out(unit: Unit, parent_ids: dict[int, str]) -> UnitOut:
    return UnitOut(
        unit_id=unit.unit_id,
        name=unit.name,
        kind=unit.kind,
        parent_id=parent_ids.get(unit.parent_id) if unit.parent_id else None,
        depth=unit.depth,
    )


@router.get("/units", response=list[UnitOut], summary="Units the user may see, in tree order")
def list_units(request: HttpRequest) -> list[UnitOut]:
    access = require(request, Capability.VIEW_ORGANISATION)
    units = list(access.units(Capability.VIEW_ORGANISATION))
    parent_ids = dict(
        Unit.objects.filter(
            pk__in={unit.parent_id for unit in units if unit.parent_id}
        ).values_list("pk", "unit_id")
    )
    return [unit_out(unit, parent_ids) for unit in units]


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit, if the user may see it")
def get_unit(request: HttpRequest, unit_id: str) -> UnitOut:
    access = require(request, Capability.VIEW_ORGANISATION)
    unit = get_object_or_404(Unit.objects.select_related("parent"), unit_id=unit_id)
    if not access.allows(Capability.VIEW_ORGANISATION, unit):
        raise Http404
    parent_ids = {unit.parent.pk: unit.parent.unit_id} if unit.parent else {}
    return unit_out(unit, parent_ids)
