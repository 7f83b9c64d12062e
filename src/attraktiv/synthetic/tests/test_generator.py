"""The synthetic region: deterministic, valid in the contract, and plausible by the engine."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from attraktiv.hrdata.reader import read_dataset
from attraktiv.hrdata.schema import TABLES
from attraktiv.indicators import Engine
from attraktiv.indicators.output import to_json
from attraktiv.synthetic.generator import generate

EMPLOYEES, YEARS = 1500, (2021, 2025)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("region")
    generate(folder, seed=7, employees=EMPLOYEES, years=YEARS)
    return folder


def test_the_same_seed_gives_the_same_bytes(region, tmp_path):
    generate(tmp_path / "again", seed=7, employees=EMPLOYEES, years=YEARS)
    assert digests(tmp_path / "again") == digests(region)
    generate(tmp_path / "other", seed=8, employees=EMPLOYEES, years=YEARS)
    assert digests(tmp_path / "other")["absences.csv"] != digests(region)["absences.csv"]


def test_every_table_of_the_contract_is_written_and_valid(region):
    """The reader validates every rule of hr-data.md §1; a generated region passes them all."""
    assert {p.stem for p in region.iterdir()} == set(TABLES)
    result = read_dataset(region, pseudonym_key=b"k" * 32)
    assert result.warnings == []
    assert result.tables["employments"].num_rows > EMPLOYEES


def test_the_region_reads_like_a_swedish_region(region):
    """Stock, sick leave, retirement and survey levels in the ranges regions report."""
    result = read_dataset(region, pseudonym_key=b"k" * 32)
    with Engine(result.tables) as engine:
        for year in range(2021, 2026):
            computed = engine.compute(year=year, by=["gender", "age_group"])
            # Every row of every indicator is plain JSON (no Decimal from DuckDB's sums).
            assert len(json.loads(to_json(computed))) == len(computed)
            rows = {row["kpi"]: row for row in computed if row["gender"] is None}
            rows = {kpi: row for kpi, row in rows.items() if row["age_group"] is None}
            # The monthly-paid stock is held at the size asked for (within hires' lag).
            assert rows["headcount"]["value"] == pytest.approx(EMPLOYEES, rel=0.06)
            assert 3.0 < rows["sick_leave_total"]["value"] < 9.0
            assert 60.0 < rows["full_time_working_share"]["value"] <= 100.0
            assert 2.0 < rows["turnover_kolada"]["value"] < 15.0
            if year % 2 == 1:  # surveys in odd years
                assert 60.0 < rows["hme_total"]["value"] < 90.0
        pooled = engine.compute(
            year=2025, kpis=["retirement_age_mean"], params={"min_persons": "0"}
        )
    assert 62.0 < pooled[0]["value"] < 67.0


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="first <= last"):
        generate(tmp_path, employees=100, years=(2025, 2020))
    with pytest.raises(ValueError, match="at least 50"):
        generate(tmp_path, employees=10)
