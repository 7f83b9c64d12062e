"""JSON API of the programmes: the list, a programme in the file format, and its judgements.

Programmes are published plans (domain.md, "Läsare"): VIEW_PUBLISHED reads them. Values
come from the stored, disclosure-controlled measurements only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from attraktiv.accounts.access import Capability
from attraktiv.api_auth import require
from attraktiv.programmes import overview
from attraktiv.programmes.models import Programme
from attraktiv.programmes.planfile import export_programme, plain

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    code: str
    name: str
    first_year: int
    last_year: int
    diarienummer: str


class IndicatorStatusOut(Schema):
    ref: str
    name: str
    status: str
    latest_year: int | None
    latest_value: float | None
    expected: float | None
    reasons: list[str]


class GoalStatusOut(Schema):
    ref: str
    text: str
    status: str
    proposed_status: str
    override_reason: str
    reasons: list[str]
    indicators: list[IndicatorStatusOut]


@router.get("/", response=list[ProgrammeOut], summary="The programmes")
def list_programmes(request: HttpRequest) -> list[Programme]:
    require(request, Capability.VIEW_PUBLISHED)
    return list(Programme.objects.all())


@router.get(
    "/{code}",
    summary="A programme in the programme file format (docs/programme-format.md)",
    description="With `with_values`, each indicator carries its latest value and status.",
)
def get_programme(request: HttpRequest, code: str, with_values: bool = False) -> dict[str, Any]:
    require(request, Capability.VIEW_PUBLISHED)
    programme = get_object_or_404(Programme, code=code)
    return plain(export_programme(programme, with_values=with_values))


@router.get(
    "/{code}/status/{year}",
    response=list[GoalStatusOut],
    summary="Each goal's and indicator's judgement for a year (the status rules)",
)
def programme_status(request: HttpRequest, code: str, year: int) -> list[GoalStatusOut]:
    require(request, Capability.VIEW_PUBLISHED)
    programme = get_object_or_404(Programme, code=code)
    goals = []
    for area_block in overview.programme_blocks(programme, year):
        for block in area_block["goals"]:
            goals.append(
                GoalStatusOut(
                    ref=block.goal.ref,
                    text=block.goal.text,
                    status=block.status,
                    proposed_status=block.proposed.status,
                    override_reason=block.override_reason,
                    reasons=block.proposed.reasons,
                    indicators=[
                        IndicatorStatusOut(
                            ref=row.indicator.ref,
                            name=row.indicator.name,
                            status=row.judgement.status,
                            latest_year=row.latest_year,
                            latest_value=row.judgement.observation.value
                            if row.judgement.observation
                            else None,
                            expected=row.judgement.expected,
                            reasons=row.judgement.reasons,
                        )
                        for row in block.indicators
                    ],
                )
            )
    return goals
