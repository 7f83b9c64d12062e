"""Fixtures for the Data app's tests: small data sets written to a folder as CSV, the
instance folder and a zip bomb (``run_jobs`` is the root conftest's)."""

from __future__ import annotations

import pytest

from attraktiv.datasets.tests.sample import write_csv_folder
from attraktiv.hrdata.tests.bombs import write_zip_bomb


@pytest.fixture
def good_folder(tmp_path):
    return write_csv_folder(tmp_path / "good")


@pytest.fixture
def bad_folder(tmp_path):
    """The sample with a bad rate on employments.csv line 3 (the header is line 1)."""
    folder = write_csv_folder(tmp_path / "bad")
    path = folder / "employments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[6] = "abc"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """The instance folder of the test (uploads wait in its ``uploads/`` for their job)."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory):
    """``units.xlsx``: 0.4 MB that unpacks to 400 MB (tests must not change it)."""
    return write_zip_bomb(tmp_path_factory.mktemp("bomb") / "units.xlsx")
