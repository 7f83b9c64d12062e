"""Fixtures of the reports app's tests: the instance folder, the seed programmes."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """The instance folder of the test (reports are kept in its ``reports/``)."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def programmes(region):
    """The seed programmes (the 2018 one with seed 000's drawdowns, the 2027 one with audit
    7/2022), loaded as ``attraktiv demo`` loads them."""
    from attraktiv.core.management.commands.demo import load_demo_programmes

    return load_demo_programmes()
