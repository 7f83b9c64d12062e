"""Audit 7/2022 of seed ``004_…``: four recommendations, each with the board's response and a
measure, and the eight strategic action areas of the competence supply strategy."""

from __future__ import annotations

import datetime

import pytest

from attraktiv.audits.models import Audit, Measure, Recommendation, StrategicArea
from attraktiv.audits.tests.helpers import SEED_AREAS, SEED_RECOMMENDATIONS


@pytest.fixture
def audit(db):
    """Fördjupad granskning nr 7/2022, as Regionstyrelsen answered it."""
    audit = Audit.objects.create(
        identifier="7/2022",
        title="Strategisk kompetensförsörjning",
        year=2022,
        auditor="Regionens revisorer",
        responded_by="Regionstyrelsen",
        responded_on=datetime.date(2023, 2, 14),
    )
    for position, name in enumerate(SEED_AREAS):
        StrategicArea.objects.create(audit=audit, position=position, name=name)
    for number, (text, response, measure) in enumerate(SEED_RECOMMENDATIONS, start=1):
        recommendation = Recommendation.objects.create(
            audit=audit, number=number, text=text, response=response
        )
        Measure.objects.create(recommendation=recommendation, text=measure)
    return audit
