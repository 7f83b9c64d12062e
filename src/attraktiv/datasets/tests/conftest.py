"""Fixtures for the Data app's tests: small data sets written to a folder as CSV."""

from __future__ import annotations

import pytest

from attraktiv.datasets.tests.sample import write_csv_folder


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
