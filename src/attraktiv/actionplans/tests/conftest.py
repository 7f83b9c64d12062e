"""A small programme built with the ORM: two areas, three goals, two indicators with targets,
the parties CHR (Centrum för HR) and Förvaltningar (every förvaltning) and four actions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from attraktiv.actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Aruba,
    ResponsibleParty,
)
from attraktiv.programmes.models import (
    Area,
    Direction,
    Goal,
    Indicator,
    MeasureUnit,
    Programme,
    Source,
    Target,
)


@dataclass
class Plan:
    programme: Programme
    plan: ActionPlan
    areas: list[Area]
    goals: dict[str, Goal]
    indicators: dict[str, Indicator]
    chr: ResponsibleParty
    forvaltningar: ResponsibleParty
    actions: dict[str, Action]

    def action(self, ref: str) -> Action:
        return Action.objects.get(action_plan=self.plan, ref=ref)


def make_action(plan, goal, ref, text, parties, year, **fields) -> Action:
    action = Action.objects.create(
        action_plan=plan, goal=goal, ref=ref, text=text, planned_year=year, **fields
    )
    action.responsible.set(parties)
    return action


@pytest.fixture
def plan(region) -> Plan:
    programme = Programme.objects.create(
        code="pap",
        name="Personal- och arbetsgivarpolitiskt program",
        first_year=2023,
        last_year=2027,
        target_year=2027,
        diarienummer="RV220340",
    )
    action_plan = ActionPlan.objects.create(programme=programme, name="Handlingsplan PAP")
    competence = Area.objects.create(programme=programme, position=0, name="Kompetensförsörjning")
    health = Area.objects.create(programme=programme, position=1, name="Hälsofrämjande arbetsplats")
    goals = {
        "1.1": Goal.objects.create(
            area=competence, ref="1.1", position=0, text="Regionen behåller sina medarbetare"
        ),
        "1.2": Goal.objects.create(
            area=competence, ref="1.2", position=1, text="Fler arbetar heltid"
        ),
        "4.1": Goal.objects.create(
            area=health, ref="4.1", position=0, text="Sjukfrånvaron minskar"
        ),
    }
    indicators = {
        "1.1a": Indicator.objects.create(
            goal=goals["1.1"],
            ref="1.1a",
            name="HME totalt chefer",
            measure_unit=MeasureUnit.INDEX,
            direction=Direction.UP,
            source=Source.SURVEY,
            baseline_value=Decimal("85"),
        ),
        "4.1a": Indicator.objects.create(
            goal=goals["4.1"],
            ref="4.1a",
            name="Korttidssjukfrånvaro dag 1–14",
            measure_unit=MeasureUnit.PERCENT,
            direction=Direction.DOWN,
            source=Source.ENGINE,
            kpi="sick_leave_short",
            baseline_value=Decimal("3.6"),
        ),
    }
    Target.objects.create(indicator=indicators["1.1a"], year=2025, value=Decimal("87"))
    Target.objects.create(indicator=indicators["1.1a"], year=2027, value=Decimal("89"))
    Target.objects.create(indicator=indicators["4.1a"], year=2027, value=Decimal("2.7"))
    chr_party = ResponsibleParty.objects.create(code="CHR", name="Centrum för HR")
    chr_party.units.set([region["RK-CHR"]])
    forvaltningar = ResponsibleParty.objects.create(code="Förvaltningar", name="Förvaltningarna")
    forvaltningar.units.set([region[u] for u in ("HS", "PV", "PS", "FT", "RK")])
    actions = {
        "1": make_action(
            action_plan,
            goals["1.1"],
            "1",
            "Ta fram en modell för karriärvägar",
            [chr_party],
            2024,
        ),
        "2": make_action(
            action_plan,
            goals["1.1"],
            "2",
            "Genomför avgångssamtal",
            [forvaltningar],
            2025,
            position=1,
        ),
        "3": make_action(
            action_plan,
            goals["1.2"],
            "3",
            "Erbjud heltid vid nyanställning",
            [chr_party, forvaltningar],
            2026,
            aruba=Aruba.RECRUIT,
        ),
        "4": make_action(
            action_plan,
            goals["4.1"],
            "4",
            "Inför tidig rehabilitering",
            [forvaltningar],
            2024,
            status=ActionStatus.IN_PROGRESS,
        ),
    }
    return Plan(
        programme,
        action_plan,
        [competence, health],
        goals,
        indicators,
        chr_party,
        forvaltningar,
        actions,
    )
