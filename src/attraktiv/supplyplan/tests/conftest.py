"""A small synthetic region, stored through the real import, for the supply plan's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from attraktiv.synthetic.generator import generate

SYNTHETIC_EMPLOYEES = 900
SYNTHETIC_YEARS = (2018, 2024)


@pytest.fixture(scope="session")
def synthetic_folder(tmp_path_factory) -> Path:
    """A synthetic region in the contract (hr-data.md §1), written once per test session."""
    folder = tmp_path_factory.mktemp("region")
    generate(folder, employees=SYNTHETIC_EMPLOYEES, years=SYNTHETIC_YEARS)
    return folder


@pytest.fixture(scope="session")
def synthetic_tables(synthetic_folder):
    from attraktiv.hrdata.reader import read_dataset

    return read_dataset(synthetic_folder, pseudonym_key=settings.PSEUDONYM_KEY).tables


@pytest.fixture
def stored_region(synthetic_tables, demo_users):
    """The synthetic region stored in the database (its units are the demo units)."""
    from attraktiv.datasets.services import store_dataset

    return store_dataset(synthetic_tables)
