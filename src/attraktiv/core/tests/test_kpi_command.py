"""``attraktiv kpi``: straight from files, exact §4 JSON keys, exit 2 on bad input."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from attraktiv.core.tests.test_commands import attraktiv
from attraktiv.hrdata.tests.bombs import BOMB_PROBLEM, write_zip_bomb

# 19800101-1231: a valid personnummer (Luhn), a man (the second-to-last digit 3 is odd).
UNITS = "unit_id;name;parent_id\nR;Region;\nV;Verksamhet;R\nW1;Avdelning 1;V\nW2;Avdelning 2;V\n"
PERSONS = "person_id;birth_date;gender\n19800101-1231;;M\nP2;1990-05-05;K\n"
EMPLOYMENTS = (
    "employment_id;person_id;unit_id;occupation_code;start_date;end_date;rate;pay_form;form\n"
    "E1;19800101-1231;W1;SSK;2020-01-01;;100;M;tillsvidare\n"
    "E2;P2;W2;USK;2020-01-01;;75;M;tillsvidare\n"
)
ABSENCES = (
    "person_id;start_date;end_date;type;extent\n19800101-1231;2024-01-08;2024-01-12;sjuk;50,0\n"
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, text in [
        ("units", UNITS),
        ("persons", PERSONS),
        ("employments", EMPLOYMENTS),
        ("absences", ABSENCES),
    ]:
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_json_rows_have_exactly_the_keys_of_section_4(data_dir):
    result = attraktiv(
        "kpi",
        str(data_dir),
        "--year",
        "2024",
        "--kpi",
        "sick_leave_total",
        "--by",
        "gender",
        "--param",
        "min_persons=0",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [list(row) for row in rows] == [
        [
            "kpi",
            "period",
            "unit_id",
            "gender",
            "age_group",
            "occupation_group",
            "role",
            "value",
            "numerator",
            "denominator",
            "persons",
            "suppressed",
        ]
    ] * 3
    total, women, men = rows
    assert (total["unit_id"], total["gender"], total["period"]) == ("R", None, "2024")
    # 50 % sick 8–12 Jan 2024: 5 days × 8 h × 0.5 = 20 h; ordinary 251 × 8 + 251 × 6 h.
    assert total["numerator"] == 20
    assert total["denominator"] == 251 * 8 + 251 * 6
    assert (women["gender"], women["numerator"]) == ("K", 0)
    assert (men["gender"], men["numerator"]) == ("M", 20)


def test_a_unit_and_suppression_by_default(data_dir):
    result = attraktiv(
        "kpi",
        str(data_dir),
        "--year",
        "2024",
        "--kpi",
        "headcount",
        "--unit",
        "W1",
        "--format",
        "json",
    )
    (row,) = json.loads(result.stdout)
    assert row["unit_id"] == "W1"
    assert row["suppressed"] is True and row["value"] is None  # 1 person ≤ 10


def test_the_table_is_swedish(data_dir):
    result = attraktiv(
        "kpi",
        str(data_dir),
        "--year",
        "2024",
        "--kpi",
        "sick_leave_total",
        "--kpi",
        "headcount",
        "--param",
        "min_persons=0",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "Nyckeltal",
        "Period",
        "Enhet",
        "Värde",
        "Täljare",
        "Nämnare",
        "Personer",
    ]
    assert "Sjukfrånvaro totalt" in lines[1] and "0,6\u00a0%" in lines[1]  # 20 / 3514 h
    hidden = attraktiv("kpi", str(data_dir), "--year", "2024", "--kpi", "headcount")
    assert "färre än 11 personer" in hidden.stdout


def test_the_personnummer_never_appears_in_any_output(data_dir):
    for output_format in ("json", "csv", "table"):
        result = attraktiv(
            "kpi",
            str(data_dir),
            "--year",
            "2024",
            "--format",
            output_format,
            "--param",
            "min_persons=0",
            "--by",
            "gender",
        )
        assert result.returncode == 0, result.stderr
        assert "19800101" not in result.stdout + result.stderr
        assert "8001011231" not in result.stdout + result.stderr


def test_bad_input_exits_2_with_file_line_column(data_dir):
    (data_dir / "employments.csv").write_text(
        EMPLOYMENTS.replace(";100;M;", ";140;M;"), encoding="utf-8"
    )
    result = attraktiv("kpi", str(data_dir), "--year", "2024")
    assert result.returncode == 2
    assert "employments.csv:2: rate:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kpi", "nope"], "okänt nyckeltal ”nope”"),
        (["--param", "colour=blue"], "okänd parameter ”colour”"),
        (["--param", "colour"], "--param ”colour”: skriv NAMN=VÄRDE"),
        (["--unit", "X"], "okänd enhet: X"),
        (["--reference-date", "2024-13-01"], "”2024-13-01” är inget datum (skriv ÅÅÅÅ-MM-DD)"),
        (["--by", "gender", "--by", "gender"], "samma uppdelning är angiven två gånger"),
    ],
)
def test_bad_requests_exit_2_with_a_message(data_dir, arguments, message):
    result = attraktiv("kpi", str(data_dir), "--year", "2024", *arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


HRDATASET_MAPPING = (
    Path(__file__).resolve().parents[2] / "hrdata" / "mappings" / "hrdataset_v14.toml"
)


def hrdataset_spells(folder: Path) -> list[tuple[date, date | None]]:
    """(DateofHire, DateofTermination) per employee, read with the csv module, not our reader."""
    with (folder / "HRDataset_v14.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def us_date(text: str) -> date | None:
        return datetime.strptime(text, "%m/%d/%Y").date() if text.strip() else None

    return [(us_date(r["DateofHire"]), us_date(r["DateofTermination"])) for r in rows]  # type: ignore[misc]


def active_on(spells: list[tuple[date, date | None]], day: date) -> int:
    return sum(1 for start, end in spells if start <= day and (end is None or end >= day))


@pytest.mark.hrdataset_v14
@pytest.mark.parametrize("year", [2015, 2016])
def test_hrdataset_through_the_mapping_headcount_and_turnover(year, hrdataset_v14_dir):
    """hr-data.md §3.3 on the real HRDataset v14, mapped by ``--mapping``.

    Every employee is monthly-paid and tillsvidare (the mapping's constants), so:
    headcount = employees active on 30 November Y (hired on or before, not terminated before);
    turnover_kolada = of those active on 30 November Y−1, the share not active on 30 November Y.
    The expected figures are counted here from the CSV with the standard library.
    """
    spells = hrdataset_spells(hrdataset_v14_dir)
    now, before = date(year, 11, 30), date(year - 1, 11, 30)
    stayed_or_left = [s for s in spells if active_on([s], before)]
    leavers = sum(1 for s in stayed_or_left if not active_on([s], now))
    result = attraktiv(
        "kpi",
        str(hrdataset_v14_dir),
        "--mapping",
        str(HRDATASET_MAPPING),
        "--year",
        str(year),
        "--kpi",
        "headcount",
        "--kpi",
        "turnover_kolada",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    rows = {row["kpi"]: row for row in json.loads(result.stdout)}
    assert rows["headcount"]["value"] == active_on(spells, now)
    assert rows["turnover_kolada"]["denominator"] == len(stayed_or_left)
    assert rows["turnover_kolada"]["numerator"] == leavers
    assert rows["turnover_kolada"]["value"] == pytest.approx(100 * leavers / len(stayed_or_left))
    # Plausibility of the real data: a company of about two hundred with some turnover.
    assert 150 < rows["headcount"]["value"] < 260
    assert 0 < leavers < len(stayed_or_left)


def test_a_zip_bomb_exits_2_with_its_problem(data_dir):
    """Issue 11, part 8: the 0.4 MB workbook that unpacks to 400 MB is refused from its ZIP
    directory, not unpacked (the reader's check, shared with ``import``)."""
    (data_dir / "units.csv").unlink()
    write_zip_bomb(data_dir / "units.xlsx")
    result = attraktiv("kpi", str(data_dir), "--year", "2024")
    assert result.returncode == 2
    assert any(BOMB_PROBLEM.fullmatch(line) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
