"""Fixtures of the reader's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from attraktiv.hrdata.tests.bombs import write_zip_bomb


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``units.xlsx``: 0.4 MB that unpacks to 400 MB (tests must not change it)."""
    return write_zip_bomb(tmp_path_factory.mktemp("bomb") / "units.xlsx")
