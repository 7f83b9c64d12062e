"""Kolada's JSON into the indicator page: reading, errors, warnings, replacement, permission,
the command, and the comparison table (issue 6, item 5)."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation

from attraktiv.benchmarks import services
from attraktiv.benchmarks.models import KoladaValue
from attraktiv.benchmarks.tests.helpers import (
    FIGURES_2023,
    kolada_rows,
    line_of,
    write_kolada,
)

pytestmark = pytest.mark.django_db

KOLADA_IDS = (
    Path(__file__).resolve().parents[4]
    / "tests"
    / "fixtures"
    / "external"
    / "kolada_kpi_ids"
    / "kolada_kpi_ids_2025-04.txt"
)
IDS_SHA256_PREFIX = "648dc2f71ea0c1d4"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def english():
    """Messages of the services in their English msgids; the command and the pages speak
    Swedish (``sv``, the command line's language as every page's)."""
    with translation.override("en"):
        yield


def page_text(html: str) -> str:
    """The page's text without tags, spaces collapsed (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def stored() -> set[tuple[str, str, int, str, float]]:
    return set(
        KoladaValue.objects.values_list("kpi", "municipality_id", "period", "gender", "value")
    )


# ---- the pinned list of Kolada's KPI ids ------------------------------------------------------


def test_every_kolada_id_of_the_catalogue_is_a_real_kolada_kpi():
    """Checked against Kolada's id list in tests/fixtures/external (pinned by its sha256)."""
    digest = hashlib.sha256(KOLADA_IDS.read_bytes()).hexdigest()
    assert digest.startswith(IDS_SHA256_PREFIX), f"the KPI id list has changed: {digest}"
    ids = frozenset(KOLADA_IDS.read_text(encoding="ascii").split())
    assert len(ids) == 6239
    # Every Kolada id of our catalogue is a real Kolada KPI.
    assert set(services.indicator_kpis()) <= ids
    assert {"N60030", "N60031", "N60074", "N60077", "N60084", "U60200", "U60203"} <= ids


# ---- reading and storing ----------------------------------------------------------------------


def test_an_hr_strategist_imports_a_kolada_file(kolada_file, demo_users):
    result = services.import_kolada(demo_users["hrstrateg"], kolada_file)
    assert (result.kpis, result.periods, result.rows, result.replaced) == (
        ("N60030",),
        (2023,),
        12,
        0,
    )
    assert result.warnings == []
    assert ("N60030", "0013", 2023, "K", 6.0) in stored()
    assert ("N60030", "0000", 2023, "T", 6.3) in stored()
    value = KoladaValue.objects.get(municipality_id="0001", gender="T")
    assert value.file_name == "kolada_N60030_2023.json"
    assert value.imported_by == demo_users["hrstrateg"]
    assert value.imported_at.date() == timezone.now().date()
    # The line its JSON object starts on: "{" comes two lines above its "gender".
    assert value.line == line_of(kolada_file, '"gender": "T"') - 2


def test_v3_shape_with_period_per_value_and_names(tmp_path, demo_users):
    rows: list[dict[str, Any]] = [
        {
            "kpi": "N60030",
            "municipality": {"id": "0013", "title": "Region Halland"},
            "values": [
                {"period": 2022, "gender": "T", "value": 5.5, "status": "", "isdeleted": False},
                {"period": 2023, "gender": "T", "value": 5.4, "status": "", "isdeleted": False},
                {"period": 2023, "gender": "K", "value": None, "status": "Saknas"},
            ],
        },
        {
            "kpi": "N60030",
            "municipality": "0000",
            "municipality_title": "Riket",
            "period": "2023",
            "values": [{"gender": "t", "value": 6}],
        },
    ]
    path = write_kolada(tmp_path / "v3.json", rows, next_url=None)
    result = services.import_kolada(None, path)
    assert result.rows == 3  # the null value is not a figure
    assert stored() == {
        ("N60030", "0013", 2022, "T", 5.5),
        ("N60030", "0013", 2023, "T", 5.4),
        ("N60030", "0000", 2023, "T", 6.0),
    }
    assert KoladaValue.objects.filter(municipality_name="Region Halland").count() == 2
    assert KoladaValue.objects.get(municipality_id="0000").municipality_name == "Riket"


def test_a_reimport_of_the_same_kpi_and_year_replaces_it(kolada_file, tmp_path):
    older = write_kolada(tmp_path / "2022.json", kolada_rows([("0001", 2022, 5.9, 6.6, 3.7)]))
    services.import_kolada(None, older)
    services.import_kolada(None, kolada_file)
    # Kolada revises 2023: Skåne is left out and Halland changes.
    revised = write_kolada(
        tmp_path / "revised.json",
        kolada_rows(
            [
                f if f[0] != "0013" else ("0013", 2023, 5.5, 6.1, 3.3)
                for f in FIGURES_2023
                if f[0] != "0012"
            ]
        ),
    )
    result = services.import_kolada(None, revised)
    assert (result.rows, result.replaced) == (9, 12)
    assert not KoladaValue.objects.filter(period=2023, municipality_id="0012").exists()
    assert KoladaValue.objects.get(period=2023, municipality_id="0013", gender="T").value == 5.5
    assert KoladaValue.objects.get(period=2023, municipality_id="0013", gender="T").file_name == (
        "revised.json"
    )
    # Another year of the same KPI stays.
    assert KoladaValue.objects.filter(period=2022).count() == 3


# ---- bad files --------------------------------------------------------------------------------


def test_broken_json_names_the_file_and_line_and_stores_nothing(kolada_file, tmp_path):
    services.import_kolada(None, kolada_file)
    before = stored()
    text = kolada_file.read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    # A missing comma after Region Skåne's women's value.
    broken.write_text(text.replace('"value": 7.3\n', '"value": 7.3\n,,', 1), encoding="utf-8")
    bad_line = line_of(broken, '"value": 7.3') + 1
    with pytest.raises(services.KoladaError) as caught:
        services.import_kolada(None, broken)
    [problem] = caught.value.problems
    assert problem.startswith(f"broken.json:{bad_line}: not valid JSON: ")
    assert stored() == before


def test_a_value_that_is_not_a_number_names_line_and_field(tmp_path):
    rows = kolada_rows(FIGURES_2023)
    rows[2]["values"][1]["value"] = "3,2"  # Halland, men
    rows[3]["values"][0]["value"] = True  # Riket, women
    path = write_kolada(tmp_path / "bad.json", rows)
    with pytest.raises(services.KoladaError) as caught:
        services.import_kolada(None, path)
    assert caught.value.problems == [
        f"bad.json:{line_of(path, '3,2')}: value: ”3,2” is not a number",
        f"bad.json:{line_of(path, 'true')}: value: ”True” is not a number",
    ]
    assert not KoladaValue.objects.exists()


def test_missing_fields_and_bad_ids_are_each_named(tmp_path):
    rows = kolada_rows(FIGURES_2023)
    del rows[0]["values"][2]["gender"]
    del rows[1]["period"]
    rows[2]["municipality"] = "13"
    del rows[3]["values"][0]["value"]
    path = write_kolada(tmp_path / "missing.json", rows)
    with pytest.raises(services.KoladaError) as caught:
        services.read_kolada(path)
    problems = caught.value.problems
    stockholm_total = line_of(path, '"count": 1', 3) - 1  # the object starts a line above
    assert f"missing.json:{stockholm_total}: gender: the field is missing" in problems
    skane_values = [line_of(path, '"count": 1', n) - 1 for n in (4, 5, 6)]
    for line in skane_values:
        assert f"missing.json:{line}: period: the field is missing" in problems
    halland = line_of(path, '"13"')
    assert (
        f"missing.json:{halland}: municipality: ”13” is not a Kolada municipality"
        " id; expected four digits such as 0013" in problems
    )
    riket_women = line_of(path, '"count": 1', 10) - 1
    assert f"missing.json:{riket_women}: value: the field is missing" in problems
    assert len(problems) == 6


def test_a_file_that_is_not_kolada_data(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"rows": []}), encoding="utf-8")
    with pytest.raises(services.KoladaError) as caught:
        services.read_kolada(path)
    assert caught.value.problems == [
        "other.json:1: values: the file is not Kolada data: expected an object with a list values"
    ]


def test_unknown_kpis_and_kpis_without_an_indicator_are_warnings(tmp_path):
    rows = (
        kolada_rows(FIGURES_2023)
        + kolada_rows([("0001", 2023, 1.0, 1.0, 1.0)], kpi="N99999")
        + kolada_rows([("0001", 2023, 2.0, 2.0, 2.0), ("0013", 2023, 2.0, 2.0, 2.0)], kpi="N00003")
    )
    path = write_kolada(tmp_path / "mixed.json", rows)
    result = services.import_kolada(None, path)
    assert result.rows == 12
    assert result.warnings == [
        f"mixed.json:{line_of(path, 'N99999') - 1}: kpi: no indicator here matches Kolada's"
        " N99999; 1 row(s) skipped",
        f"mixed.json:{line_of(path, 'N00003') - 1}: kpi: no indicator here matches Kolada's"
        " N00003; 2 row(s) skipped",
    ]
    assert {row[0] for row in stored()} == {"N60030"}


# ---- permission and the command ---------------------------------------------------------------


@pytest.mark.parametrize("username", ["forvaltningshr", "chef", "lasare"])
def test_only_region_wide_importers_may_import(kolada_file, demo_users, username):
    with pytest.raises(PermissionDenied):
        services.import_kolada(demo_users[username], kolada_file)
    assert not KoladaValue.objects.exists()
    assert services.may_import(demo_users["admin"])
    assert services.may_import(None)  # the command line runs as the system


def test_the_command_imports_and_reports(kolada_file, capsys):
    with translation.override("sv"):
        call_command("kolada", "import", str(kolada_file))
    out = capsys.readouterr().out
    assert "Sparade 12 värden från Kolada ur kolada_N60030_2023.json (N60030; 2023; 0 ersatta)" in (
        out
    )
    assert KoladaValue.objects.count() == 12


def test_the_command_exits_2_on_a_bad_file_and_stores_nothing(tmp_path, capsys):
    rows = kolada_rows(FIGURES_2023) + kolada_rows([("0001", 2023, 1, 1, 1)], kpi="N99999")
    rows[0]["values"][0]["gender"] = "X"
    path = write_kolada(tmp_path / "bad.json", rows)
    with pytest.raises(SystemExit) as caught, translation.override("sv"):
        call_command("kolada", "import", str(path))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    bad_line = line_of(path, '"X"')
    assert (
        f"bad.json:{bad_line}: gender: ”X” är inget kön;"
        " ange T (totalt), K (kvinnor) eller M (män)" in err
    )
    assert "varning: bad.json:" in err and "inget nyckeltal här motsvarar Koladas N99999" in err
    assert "1 fel: inget har sparats." in err
    assert not KoladaValue.objects.exists()
    with pytest.raises(SystemExit), translation.override("sv"):
        call_command("kolada", "import", str(tmp_path / "nowhere.json"))
    assert "nowhere.json: filen finns inte" in capsys.readouterr().err


# ---- the indicator page -----------------------------------------------------------------------


def test_the_file_round_trips_into_the_regions_indicator_page(kolada_file, our_figures, client_as):
    call_command("kolada", "import", str(kolada_file))
    html = client_as("hrstrateg").get("/nyckeltal/sick_leave_total/?enhet=R").content.decode()
    text = page_text(html)
    assert "Jämförelse med andra regioner" in text
    today = timezone.localdate().isoformat()
    assert f"Källa: Kolada, inläst {today}" in text
    assert "Koladas värde kan vara definierat något annorlunda" in text
    # Our own 2023 figure beside the regions' and the country's, lowest first.
    table = text[text.index("Jämförelse med andra regioner") :]
    order = [
        "Region Halland 5,4",
        "Region Exempel (egen beräkning) 5,8",
        "Region Stockholm 6,1",
        "Riket 6,3",
        "Region Skåne 6,6",
    ]
    positions = [table.index(row) for row in order]
    assert positions == sorted(positions)
    # Women and men, in Swedish format with a no-break space before the unit.
    assert f"Region Stockholm 6,1{NBSP}% 6,8{NBSP}% 3,9{NBSP}%" in table
    assert f"Region Exempel (egen beräkning) 5,8{NBSP}% 6,5{NBSP}% 3,5{NBSP}%" in table
    assert "Kvinnor" in table and "Män" in table
    # No region is marked as ours in Kolada while KOLADA_MUNICIPALITY is empty.
    assert "vår region i Kolada" not in table


def test_our_region_in_kolada_is_marked_when_configured(
    kolada_file, our_figures, client_as, settings
):
    settings.KOLADA_MUNICIPALITY = "0013"
    services.import_kolada(None, kolada_file)
    text = page_text(
        client_as("hrstrateg").get("/nyckeltal/sick_leave_total/?enhet=R").content.decode()
    )
    assert f"Region Halland (vår region i Kolada) 5,4{NBSP}%" in text
    assert "ATTRAKTIV_KOLADA_MUNICIPALITY" not in text


def test_the_latest_kolada_year_is_shown(kolada_file, our_figures, client_as, tmp_path):
    services.import_kolada(None, kolada_file)
    services.import_kolada(
        None, write_kolada(tmp_path / "2022.json", kolada_rows([("0001", 2022, 9.9, 9.9, 9.9)]))
    )
    text = page_text(
        client_as("hrstrateg").get("/nyckeltal/sick_leave_total/?enhet=R").content.decode()
    )
    assert "i regionerna och hela landet, 2023" in text
    assert "9,9" not in text


def test_nothing_is_shown_without_kolada_data_or_twin_or_below_the_region(
    kolada_file, our_figures, client_as
):
    client = client_as("hrstrateg")
    page = client.get("/nyckeltal/sick_leave_total/?enhet=R").content.decode()
    assert "Jämförelse med andra regioner" not in page  # no Kolada data yet
    services.import_kolada(None, kolada_file)
    assert (
        "Jämförelse med andra regioner"
        in client.get("/nyckeltal/sick_leave_total/?enhet=R").content.decode()
    )
    # A förvaltning's page, and an indicator without a Kolada twin, show no comparison.
    assert (
        "Jämförelse med andra regioner"
        not in client.get("/nyckeltal/sick_leave_total/?enhet=PV").content.decode()
    )
    assert (
        "Jämförelse med andra regioner"
        not in client.get("/nyckeltal/sick_leave_day1_14/?enhet=R").content.decode()
    )


def test_the_follow_up_report_shows_kolada_beside_our_value_and_keeps_it_when_locked(
    kolada_file, our_figures, client_as, demo_users, tmp_path
):
    from attraktiv.followups.services import lock_round, open_round
    from attraktiv.programmes.models import Area, Direction, Goal, Indicator, Programme, Source

    programme = Programme.objects.create(
        code="pap", name="Personalpolitiskt program", first_year=2023, last_year=2027
    )
    area = Area.objects.create(programme=programme, position=1, name="Arbetsmiljö")
    goal = Goal.objects.create(area=area, ref="4.1", position=1, text="Frisk arbetsplats")
    for ref, name, kpi in [
        ("4.1.1", "Sjukfrånvaro totalt", "sick_leave_total"),
        ("4.1.2", "Sjukfrånvaro dag 15–59", "sick_leave_day15_59"),  # no Kolada twin
    ]:
        Indicator.objects.create(
            goal=goal, ref=ref, name=name, direction=Direction.DOWN, source=Source.ENGINE, kpi=kpi
        )
    strategist = demo_users["hrstrateg"]
    round = open_round(
        strategist,
        programme,
        "arsrapport",
        "Årsrapport 2023",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
        datetime.date(2024, 2, 1),
    )
    services.import_kolada(None, kolada_file)
    today = timezone.localdate().isoformat()

    def report_row(name: str) -> str:
        text = page_text(client_as("hrstrateg").get(f"/uppfoljning/{round.pk}/").content.decode())
        assert f"Källa: Kolada, inläst {today}; egna värden: HR-data." in text
        return text[text.index(name) :].split(" Källa: Kolada")[0]

    expected = (
        f"2023: vi 5,8{NBSP}%, riket 6,3{NBSP}%, "
        f"3 regioner: 5,4{NBSP}%–6,6{NBSP}%, median 6,1{NBSP}%."
    )
    assert expected in report_row("Sjukfrånvaro totalt")
    assert report_row("Sjukfrånvaro dag 15–59").endswith("–")

    lock_round(strategist, round, unreported_confirmed=True)
    # Later Kolada figures do not alter the locked report.
    write_kolada(
        tmp_path / "later.json",
        kolada_rows([("0000", 2023, 9.9, 9.9, 9.9)]),
    )
    services.import_kolada(None, tmp_path / "later.json")
    assert expected in report_row("Sjukfrånvaro totalt")


def test_an_hr_strategist_uploads_a_kolada_file_on_the_page(kolada_file, client_as):
    client = client_as("hrstrateg")
    with kolada_file.open("rb") as handle:
        response = client.post("/jamforelser/ladda-upp/", {"data_file": handle}, follow=True)
    text = page_text(response.content.decode())
    assert "kolada_N60030_2023.json inläst: 12 värden av N60030 för 2023." in text
    table = text[text.index("Lagrade Kolada-värden") :]
    assert "N60030 Sjukfrånvaro totalt 2023 4" in table
    assert KoladaValue.objects.count() == 12


def test_a_bad_kolada_upload_names_the_file_and_line_and_stores_nothing(tmp_path, client_as):
    broken = tmp_path / "kolada.json"
    broken.write_text('{\n  "values": [\n    {"kpi": "N60030",\n', encoding="utf-8")
    with broken.open("rb") as handle:
        response = client_as("hrstrateg").post("/jamforelser/ladda-upp/", {"data_file": handle})
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "Filen har 1 problem. Inget sparades." in text
    assert "kolada.json 4" in text  # the file and the line where the JSON breaks off
    assert not KoladaValue.objects.exists()


def test_a_manager_sees_the_kolada_page_without_the_upload(kolada_file, client_as):
    client = client_as("chef")
    page = client.get("/jamforelser/").content.decode()
    assert "Inga Kolada-värden har lästs in ännu." in page
    assert "ladda-upp" not in page
    with kolada_file.open("rb") as handle:
        assert client.post("/jamforelser/ladda-upp/", {"data_file": handle}).status_code == 403
    assert not KoladaValue.objects.exists()
