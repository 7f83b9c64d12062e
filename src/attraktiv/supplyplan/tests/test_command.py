"""``attraktiv supply DATA_DIR``: the plan straight from files (issue 5, item 2)."""

from __future__ import annotations

import io
import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

YEAR_KEYS = {"year", "headcount", "fte", "demand", "gap", "rel_gap"}


def supply(*args: str) -> str:
    out = StringIO()
    call_command("supply", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_has_exactly_the_issues_shape(synthetic_folder):
    data = json.loads(supply(str(synthetic_folder), "--base-year", "2024", "--format", "json"))
    assert set(data) == {"groups"}
    group = next(g for g in data["groups"] if g["group"] == "Sjuksköterska")
    assert set(group) == {"group", "years", "shortage_short", "shortage_long", "flags"}
    # The base year, then years 1…10 of the deterministic path.
    assert [year["year"] for year in group["years"]] == list(range(2024, 2035))
    assert all(set(year) == YEAR_KEYS for year in group["years"])
    first = group["years"][0]
    assert first["demand"] == pytest.approx(first["fte"]) and first["gap"] == pytest.approx(0)


def test_stochastic_runs_add_the_percentiles_under_their_own_keys(synthetic_folder):
    data = json.loads(
        supply(
            str(synthetic_folder),
            "--base-year",
            "2024",
            "--group",
            "Sjuksköterska",
            "--runs",
            "200",
            "--format",
            "json",
        )
    )
    [group] = data["groups"]
    year = group["years"][5]
    assert year["fte_p10"] <= year["fte_p50"] <= year["fte_p90"]
    assert {"gap_p10", "gap_p50", "gap_p90"} <= set(year)


def test_a_scenario_file_changes_the_plan_and_a_bad_one_exits_2(synthetic_folder, tmp_path):
    base = json.loads(
        supply(
            str(synthetic_folder),
            "--base-year",
            "2024",
            "--group",
            "Sjuksköterska",
            "--format",
            "json",
        )
    )
    scenario = tmp_path / "senare.toml"
    scenario.write_text(
        'name = "Senare pension"\nbase_year = 2024\n\n[defaults]\nretirement_age_shift = 2.4\n',
        encoding="utf-8",
    )
    later = json.loads(
        supply(
            str(synthetic_folder),
            "--scenario",
            str(scenario),
            "--group",
            "Sjuksköterska",
            "--format",
            "json",
        )
    )
    # Later retirement never increases the gap, and here it closes part of it.
    assert later["groups"][0]["years"][10]["gap"] > base["groups"][0]["years"][10]["gap"]
    scenario.write_text('name = "X"\nbase_year = 2024\nhorisont = 5\n', encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("supply", str(synthetic_folder), "--scenario", str(scenario), stderr=err)
    assert caught.value.returncode == 2
    assert err.getvalue().startswith("senare.toml:3: horisont")


def test_the_table_and_the_workbook(synthetic_folder, tmp_path):
    text = supply(str(synthetic_folder), "--base-year", "2024")
    assert text.startswith("Kompetensförsörjning, basår 2024\nBristkompetenser på lång sikt: ")
    target = tmp_path / "plan.xlsx"
    supply(
        str(synthetic_folder), "--base-year", "2024", "--format", "xlsx", "--output", str(target)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet["A1"].value == "Kompetensförsörjning, basår 2024"
    assert [cell.value for cell in sheet[4]][:4] == ["Kompetens", "År", "Personer", "Årsarbetare"]
    rows = [
        row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == "Sjuksköterska"
    ]
    assert [row[1] for row in rows] == list(range(2024, 2035))
    assert isinstance(rows[0][3], float)


def test_the_instances_disclosure_threshold_applies(synthetic_folder, settings):
    """hr-data.md §3.7 with ``ATTRAKTIV_MIN_PERSONS``: a threshold above every group's size
    hides every group, and the table says why with the instance's number."""
    default = supply(str(synthetic_folder), "--base-year", "2024")
    assert (
        "Sjuksköterska" in default
        and "(färre än 11 personer)" not in default.split("Sjuksköterska")[1].split("\n")[0]
    )
    settings.MIN_PERSONS = 100_000
    text = supply(str(synthetic_folder), "--base-year", "2024")
    rows = [line for line in text.splitlines()[4:] if line.strip()]
    assert rows and all(line.endswith("(färre än 100001 personer)") for line in rows)
    data = json.loads(supply(str(synthetic_folder), "--base-year", "2024", "--format", "json"))
    assert all(group["years"] == [] for group in data["groups"])


def test_bad_requests_exit_2_with_a_swedish_message(synthetic_folder, tmp_path):
    """Issue 12: bad input to the command is a Swedish message and status 2, never a
    traceback (an unknown unit used to escape as a ValueError)."""
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Förändring"\nbase_year = 2024\n'.encode("cp1252"))
    for arguments, message in [
        (["--unit", "NOPE", "--runs", "0"], "--unit: enheten ”NOPE” finns inte i units"),
        (["--scenario", str(tmp_path / "nowhere.toml")], "nowhere.toml: filen finns inte"),
        (["--scenario", str(latin)], "latin.toml: filen är inte UTF-8-text; spara den som UTF-8"),
        (["--format", "xlsx"], "--format xlsx kräver --output FIL"),
        (["--runs", "-1"], "--runs ska ligga mellan 0 och 100 000"),
    ]:
        with pytest.raises(CommandError) as caught:
            supply(str(synthetic_folder), "--base-year", "2024", *arguments)
        assert caught.value.returncode == 2
        assert str(caught.value).endswith(message), (arguments, str(caught.value))
