"""A small programme built with the ORM: two areas, two goals, one indicator, four actions.

Responsible parties and their reporting units (in the demo tree of conftest.py):
- CHR: Centrum för HR (RK-CHR);
- FORV ("Förvaltningar"): HS, PV and FT, each reporting its own part;
- CK: Psykiatriförvaltningen (PS), only on a cancelled action, so PS is not expected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from attraktiv.actionplans.models import Action, ActionPlan, ActionStatus, ResponsibleParty
from attraktiv.followups import services
from attraktiv.followups.models import FollowUpRound, RoundKind
from attraktiv.programmes.models import (
    Area,
    Direction,
    Goal,
    Indicator,
    ManualValue,
    MeasureUnit,
    Programme,
    Source,
    Target,
)


@dataclass
class Plan:
    programme: Programme
    goal1: Goal
    goal2: Goal
    indicator: Indicator
    forv: Action  # Förvaltningar
    chr: Action  # CHR only
    both: Action  # CHR, Förvaltningar
    cancelled: Action  # CK, cancelled
    round: FollowUpRound


@pytest.fixture
def plan(region, demo_users) -> Plan:
    programme = Programme.objects.create(
        code="pap-2023",
        name="Personal- och arbetsgivarpolitiskt program",
        first_year=2023,
        last_year=2027,
    )
    competence = Area.objects.create(programme=programme, position=1, name="Kompetensförsörjning")
    health = Area.objects.create(programme=programme, position=2, name="Hälsofrämjande arbetsplats")
    goal1 = Goal.objects.create(
        area=competence, ref="1.1", position=1, text="Regionen säkrar framtida kompetens"
    )
    goal2 = Goal.objects.create(
        area=health, ref="4.1", position=1, text="Hälsofrämjande arbetsmiljö"
    )
    indicator = Indicator.objects.create(
        goal=goal1,
        ref="1.1.1",
        name="Andel heltidsarbetande",
        measure_unit=MeasureUnit.PERCENT,
        direction=Direction.UP,
        baseline_value=Decimal("70"),
        baseline_date=datetime.date(2021, 12, 31),
        source=Source.MANUAL,
    )
    Target.objects.create(indicator=indicator, year=2027, value=Decimal("80"))
    ManualValue.objects.create(indicator=indicator, year=2024, value=Decimal("76"))
    parties = {}
    for code, name, unit_ids in [
        ("CHR", "Centrum för HR", ["RK-CHR"]),
        ("FORV", "Förvaltningar", ["HS", "PV", "FT"]),
        ("CK", "Psykiatrin", ["PS"]),
    ]:
        party = ResponsibleParty.objects.create(code=code, name=name)
        party.units.set([region[unit_id] for unit_id in unit_ids])
        parties[code] = party
    action_plan = ActionPlan.objects.create(programme=programme, name="Handlingsplan 2024")

    def action(ref, goal, text, codes, status=ActionStatus.NOT_STARTED):
        created = Action.objects.create(
            action_plan=action_plan,
            goal=goal,
            ref=ref,
            position=int(ref[-1]),
            text=text,
            planned_year=2024,
            status=status,
        )
        created.responsible.set([parties[code] for code in codes])
        return created

    forv = action("A1", goal1, "Ta fram kompetensförsörjningsplaner", ["FORV"])
    chr_only = action("A2", goal1, "Utveckla regionens karriärvägar", ["CHR"])
    both = action("A3", goal2, "Införa friskvårdsbidrag för alla", ["CHR", "FORV"])
    cancelled = action("A4", goal2, "Pröva sextimmarsdag", ["CK"], status=ActionStatus.CANCELLED)
    round = services.open_round(
        demo_users["hrstrateg"],
        programme,
        RoundKind.FOLLOW_UP,
        "Uppföljning 2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        datetime.date(2025, 1, 31),
    )
    return Plan(programme, goal1, goal2, indicator, forv, chr_only, both, cancelled, round)
