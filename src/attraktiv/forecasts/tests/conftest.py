"""The real Yrkesbarometer sample (tests/fixtures/external/af_yrkesbarometer/, pinned by its
sha256) and the synthetic region's competences."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from attraktiv.forecasts.tests.helpers import (
    SAMPLE,
    SAMPLE_SHA256_PREFIX,
)
from attraktiv.organisation.models import OccupationGroup
from attraktiv.synthetic.catalogue import OCCUPATIONS


@pytest.fixture(scope="session")
def sample() -> Path:
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert digest.startswith(SAMPLE_SHA256_PREFIX), f"the sample has changed: {digest}"
    return SAMPLE


@pytest.fixture
def competences(db) -> dict[str, OccupationGroup]:
    """The synthetic region's ~60 competences (OccupationGroup), keyed by name."""
    names = sorted({occupation.group for occupation in OCCUPATIONS})
    OccupationGroup.objects.bulk_create([OccupationGroup(name=name) for name in names])
    return {group.name: group for group in OccupationGroup.objects.all()}
