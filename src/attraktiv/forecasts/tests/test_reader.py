"""Reading Arbetsförmedlingen's Yrkesbarometer: the real 2026-1 sample, the dialects Swedish
offices save (``;``, Windows-1252, BOM), the JSON form, and bad files as
``file:line: column: message`` (issue 5, item 4)."""

from __future__ import annotations

from collections import Counter

import pytest

from attraktiv.forecasts.services import YrkesbarometerError, read_yrkesbarometer, round_key
from attraktiv.forecasts.tests.helpers import sample_records, write_csv, write_json


def by_occupation(rows):
    return {row.occupation: row for row in rows}


def test_the_real_sample_reads_as_28_national_rows_of_round_2026_1(sample):
    rows = read_yrkesbarometer(sample)
    assert len(rows) == 28
    assert {row.round for row in rows} == {"2026-1"}
    assert {row.region_code for row in rows} == {"00"}
    assert {row.occupation_area for row in rows} == {"Hälso- och sjukvård"}
    found = by_occupation(rows)
    assert found["Barnmorskor"].recruitment_situation == "paradox"
    assert found["Barnmorskor"].forecast_5_years == "vara oförändrad"
    assert found["Grundutbildade sjuksköterskor"].recruitment_situation == "brist"
    assert found["Psykologer"].recruitment_situation == "balans"
    assert found["Psykologer"].job_opportunities == "medelstora"
    assert found["Vårdbiträden"].recruitment_situation == "överskott"
    assert found["Vårdbiträden"].job_opportunities == "små"
    assert found["Vårdbiträden"].ageing_population_named is True
    assert found["Psykologer"].ageing_population_named is False
    # A quoted name with a comma, and its SSYK text.
    assert found["Sjuksköterskor inom akutsjukvård"].ssyk_text == (
        "Ambulanssjuksköterskor m.fl., Intensivvårdssjuksköterskor"
    )
    assert found["Läkare (exklusive AT-, ST- och specialistläkare)"].ssyk_text == "Övriga läkare"
    # Lines as an editor counts them: header line 1, Apotekare on line 2, Vårdbiträden last.
    assert found["Apotekare"].line == 2
    assert found["Vårdbiträden"].line == 29
    counts = Counter(row.recruitment_situation for row in rows)
    assert counts == {"brist": 14, "paradox": 10, "balans": 3, "överskott": 1}


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "cp1252"), (";", "utf-8-sig"), (",", "utf-8-sig"), ("\t", "utf-8")],
)
def test_semicolons_windows_1252_and_a_bom_read_the_same(tmp_path, sample, delimiter, encoding):
    path = write_csv(
        tmp_path / "export.csv", sample_records(), delimiter=delimiter, encoding=encoding
    )
    assert read_yrkesbarometer(path) == read_yrkesbarometer(sample)


def test_the_json_form_reads_the_same_rows(tmp_path, sample):
    records = [dict(record) for record in sample_records()]
    path = write_json(tmp_path / "yrkesbarometer.json", records)
    rows = read_yrkesbarometer(path)
    assert [row.line for row in rows] == list(range(2, 30))  # one object per line after "["
    assert rows == read_yrkesbarometer(sample)


def test_the_json_form_as_af_publishes_it(tmp_path):
    """AF's own file: ``prognos`` for the forecast, ``ssyk`` codes, numbers, nulls, no ageing."""
    records = [
        {
            "omgang": "2026-1",
            "lan": "00",
            "yrkesomrade": "Hälso- och sjukvård",
            "yb_yrke": "Barnmorskor",
            "ssyk": "2222",
            "ssyk_text": "Barnmorskor",
            "rekryteringssituation": "paradox",
            "jobbmojligheter": "stora",
            "prognos": "vara oförändrad",
            "paradox": ["geografisk"],
        },
        {
            "omgang": "2026-1",
            "lan": 24,
            "yb_yrke": "Barnmorskor",
            "rekryteringssituation": None,
            "jobbmojligheter": None,
            "prognos": None,
        },
    ]
    path = tmp_path / "yrkesbarometer.json"
    path.write_text(__import__("json").dumps(records, ensure_ascii=False), encoding="utf-8")
    national, county = read_yrkesbarometer(path)
    assert (national.ssyk_code, national.forecast_5_years) == ("2222", "vara oförändrad")
    assert national.ageing_population_named is None
    assert (county.region_code, county.recruitment_situation) == ("24", "")
    assert county.job_opportunities == "" and county.line == 1  # a one-line file


def test_an_unknown_recruitment_value_names_file_line_and_column(tmp_path):
    records = sample_records()
    records[2]["rekryteringssituation"] = "underskott"
    path = write_csv(tmp_path / "yb.csv", records)
    with pytest.raises(YrkesbarometerError) as caught:
        read_yrkesbarometer(path)
    assert len(caught.value.issues) == 1
    problem = caught.value.problems[0]
    assert problem.startswith("yb.csv:4: rekryteringssituation: ")
    assert "”underskott”" in problem


def test_a_missing_column_is_named_on_the_header_line(tmp_path):
    records = sample_records()
    columns = [name for name in records[0] if name != "jobbmojligheter"]
    path = write_csv(tmp_path / "yb.csv", records, columns=columns)
    with pytest.raises(YrkesbarometerError) as caught:
        read_yrkesbarometer(path)
    assert [str(issue) for issue in caught.value.issues] == [
        f"yb.csv:1: jobbmojligheter: {caught.value.issues[0].message}"
    ]
    assert caught.value.issues[0].line == 1
    assert caught.value.issues[0].column == "jobbmojligheter"


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    records = sample_records()
    records[0]["omgang"] = "vår 2026"  # line 2
    records[5]["lan"] = "Riket"  # line 7
    records[9]["aldrande_befolkning_namns"] = "kanske"  # line 11
    records[12]["yb_yrke"] = ""  # line 14
    records[20]["yb_yrke"] = records[19]["yb_yrke"]  # line 22 repeats line 21
    path = write_csv(tmp_path / "yb.csv", records)
    text = (tmp_path / "yb.csv").read_text(encoding="utf-8")
    path.write_text(text + "2026-1,00,Hälso- och sjukvård,Kuratorer\r\n", encoding="utf-8")
    with pytest.raises(YrkesbarometerError) as caught:
        read_yrkesbarometer(path)
    places = [(issue.line, issue.column) for issue in caught.value.issues]
    assert places == [
        (2, "omgang"),
        (7, "lan"),
        (11, "aldrande_befolkning_namns"),
        (14, "yb_yrke"),
        (22, "yb_yrke"),
        (30, None),
    ]
    assert "line 21" in caught.value.issues[4].message or "rad 21" in caught.value.issues[4].message


def test_bad_json_names_its_line(tmp_path):
    path = tmp_path / "yb.json"
    path.write_text('[\n  {"omgang": "2026-1"},\n  {"omgang": \n]\n', encoding="utf-8")
    with pytest.raises(YrkesbarometerError) as caught:
        read_yrkesbarometer(path)
    lines = [(issue.line, issue.column) for issue in caught.value.issues]
    # The first object lacks its required fields (line 2); the second is cut off (line 4).
    assert (2, "lan") in lines and (2, "yb_yrke") in lines
    assert lines[-1] == (4, None)


def test_an_empty_file_and_a_json_object_are_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("omgang,lan,yb_yrke,rekryteringssituation,jobbmojligheter,prognos_5ar\n")
    with pytest.raises(YrkesbarometerError):
        read_yrkesbarometer(empty)
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(YrkesbarometerError) as caught:
        read_yrkesbarometer(wrapped)
    assert caught.value.issues[0].line == 1


def test_rounds_sort_in_time_order():
    assert sorted(["2026-1", "2025-2", "2025-10", "2024-1"], key=round_key) == [
        "2024-1",
        "2025-2",
        "2025-10",
        "2026-1",
    ]
