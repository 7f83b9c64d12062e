"""The budget of seed ``000_…``: Regionplan 2018–2020, ten drawdowns for 2018, 26 900 Tkr."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.budget.tests.helpers import DECISION, SEED_DRAWDOWNS
from attraktiv.programmes.models import Area, Goal, Programme


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        code="aa-2018", name="Attraktiv arbetsgivare", first_year=2018, last_year=2020
    )
    area = Area.objects.create(programme=programme, position=1, name="Kompetensförsörjning")
    Goal.objects.create(
        area=area, ref="1.1", position=1, text="Regionen är en attraktiv arbetsgivare"
    )
    Goal.objects.create(area=area, ref="1.2", position=2, text="Rätt kompetens på rätt plats")
    return programme


@pytest.fixture
def allocation(programme):
    """Regionplan 2018–2020 with the ten drawdowns of the decision of 2017-10-17."""
    allocation = Allocation.objects.create(
        programme=programme, name="Regionplan 2018–2020", first_year=2018, last_year=2020
    )
    for position, (area, initiated, initiative, amount) in enumerate(SEED_DRAWDOWNS):
        Drawdown.objects.create(
            allocation=allocation,
            area=area,
            initiated=initiated,
            initiative=initiative,
            year=2018,
            amount_tkr=Decimal(amount),
            decision=DECISION,
            decided_on=datetime.date(2017, 10, 17),
            position=position,
        )
    return allocation
