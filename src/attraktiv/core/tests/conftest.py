"""The synthetic region of the browser tests that walk the whole product (test_journey.py,
test_layout.py): stored and computed through the real parts."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from attraktiv.core.tests.helpers import PROGRAMME, YEARS

EMPLOYEES = 1500


@pytest.fixture
def journey_region(tmp_path, demo_users):
    """A synthetic region stored and computed through the real parts, with the seed
    programmes, a base run of the supply plan and an open follow-up round on the 2023–2027
    programme."""
    from attraktiv.core.management.commands.demo import load_demo_programmes
    from attraktiv.datasets.services import store_dataset
    from attraktiv.followups.models import RoundKind
    from attraktiv.followups.services import open_round
    from attraktiv.hrdata.reader import read_dataset
    from attraktiv.measurements.services import recompute
    from attraktiv.programmes.models import Programme
    from attraktiv.supplyplan.services import execute_run, request_run
    from attraktiv.synthetic.generator import generate

    generate(tmp_path, employees=EMPLOYEES, years=YEARS)
    tables = read_dataset(tmp_path, pseudonym_key=settings.PSEUDONYM_KEY).tables
    record = store_dataset(tables)
    load_demo_programmes()
    recompute(source_import=record)
    strategist = demo_users["hrstrateg"]
    run = request_run(strategist, YEARS[1], runs=20)
    execute_run(run.pk)
    programme = Programme.objects.get(code=PROGRAMME)
    round = open_round(
        strategist,
        programme,
        RoundKind.FOLLOW_UP,
        "Uppföljning 2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        timezone.localdate() + datetime.timedelta(days=21),
    )
    return round
