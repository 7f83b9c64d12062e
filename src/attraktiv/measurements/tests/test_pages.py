"""The indicator pages: scoped, disclosure-controlled, Swedish, with CSV and XLSX."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pyarrow as pa
import pytest

from attraktiv.indicators import Engine
from attraktiv.indicators.tests.builder import dataset, employee
from attraktiv.measurements.services import compute_measurements, store_measurements

# Staff per workplace of the demo tree: (unit, women, men). Backa has 14 women and 12 men
# (both shown); Ekdalen 9 women and 3 men (hidden); Strand has 30 women.
STAFF = [("PV-NORR-1", 14, 12), ("PV-NORR-2", 9, 3), ("PV-SYD-1", 30, 0), ("HS-MED-1", 20, 5)]


def demo_dataset() -> dict[str, pa.Table]:
    """STAFF in the demo tree, all employed since 2015; every third person sick a few days
    in February 2023 and 2024."""
    from attraktiv.core.management.commands.demo import read_demo_units

    units = [
        {"unit_id": u.unit_id, "name": u.name, "parent_id": u.parent_id, "kind": u.kind}
        for u in read_demo_units()
    ]
    persons, employments, absences = [], [], []
    number = 0
    for unit, women, men in STAFF:
        for gender, count in (("K", women), ("M", men)):
            for _ in range(count):
                number += 1
                person = employee(number, unit, start_date="2015-01-01")
                person["persons"][0].update(
                    gender=gender, birth_date=datetime.date(1960 + number % 40, 3, 1)
                )
                persons += person["persons"]
                employments += person["employments"]
                if number % 3 == 0:
                    absences += [
                        {
                            "person_id": f"P{number}",
                            "start_date": datetime.date(year, 2, 5),
                            "end_date": datetime.date(year, 2, 5 + number % 7 + year % 2),
                        }
                        for year in (2023, 2024)
                    ]
    return dataset(units=units, persons=persons, employments=employments, absences=absences)


@pytest.fixture
def measured(region):
    """Measurements of the demo tree for 2023 and 2024, computed as the recompute job does."""
    with Engine(demo_dataset()) as engine:
        table = compute_measurements(engine, [2023, 2024], kpis=["sick_leave_total", "headcount"])
    store_measurements(table)


pytestmark = pytest.mark.django_db


def test_the_list_shows_the_users_unit_with_latest_values(client_as, measured):
    page = client_as("chef").get("/nyckeltal/").content.decode()
    assert "Primärvård norr" in page
    assert "Sjukfrånvaro totalt" in page
    assert "Antal anställda" in page
    # 38 persons in PV-NORR (14 + 12 + 9 + 3).
    assert ">38<" in page


def test_units_outside_the_scope_are_not_found(client_as, measured):
    client = client_as("chef")
    assert client.get("/nyckeltal/headcount/?enhet=PV-NORR-1").status_code == 200
    assert client.get("/nyckeltal/headcount/?enhet=PV-SYD-1").status_code == 404
    assert client.get("/nyckeltal/headcount.csv/?enhet=R").status_code == 404
    assert client.get("/nyckeltal/headcount/tabell.csv?enhet=PV").status_code == 404
    assert client_as("lasare").get("/nyckeltal/").status_code == 403


def test_a_suppressed_cell_says_why(client_as, measured):
    page = (
        client_as("forvaltningshr")
        .get("/nyckeltal/headcount/?enhet=PV-NORR-2&uppdelning=kon")
        .content.decode()
    )
    # Ekdalen: 12 persons in all (shown), women 9 and men 3 (both hidden).
    assert "färre än 11 personer" in page
    assert page.count("Dolt: färre än 11 personer") >= 2


def test_drill_down_lists_the_child_units(client_as, measured):
    page = (
        client_as("hrstrateg")
        .get("/nyckeltal/headcount/?enhet=PV&uppdelning=enhet")
        .content.decode()
    )
    assert "?enhet=PV-NORR&amp;uppdelning=enhet" in page
    assert "?enhet=PV-SYD&amp;uppdelning=enhet" in page


def test_htmx_swaps_only_the_breakdown(client_as, measured):
    response = client_as("hrstrateg").get(
        "/nyckeltal/headcount/?enhet=R&uppdelning=alder",
        headers={"HX-Request": "true", "HX-Target": "breakdown"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="breakdown">')
    assert "≥50 år" in html and "<h1>" not in html


def test_csv_download_has_the_section_4_columns(client_as, measured):
    response = client_as("hrstrateg").get("/nyckeltal/headcount/tabell.csv?enhet=PV-NORR")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
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
    total_2024 = next(
        r for r in rows if r["period"] == "2024" and not r["gender"] and not r["age_group"]
    )
    assert total_2024["value"] == "38.0"


def test_xlsx_download_reads_back(client_as, measured):
    response = client_as("hrstrateg").get("/nyckeltal/headcount/tabell.xlsx?enhet=PV-NORR-2")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Nyckeltal"]
    assert sheet["A1"].value.startswith("Antal anställda")
    header = [cell.value for cell in sheet[4]]
    assert header[:3] == ["År", "Enhet", "Kön"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    totals = [row for row in rows if row[0] == "2024" and row[2] == "Alla" and row[3] == "Alla"]
    assert totals[0][6] == 12
    hidden = [row for row in rows if row[0] == "2024" and row[2] == "Kvinnor"]
    assert hidden[0][6] == "–"
    assert any(row[0] and str(row[0]).startswith("– Dolt: färre än 11") for row in rows)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_indicator_page_in_the_browser(browser, demo_users, measured):
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nyckeltal").click()
    browser.check()
    page.get_by_role("link", name="Sjukfrånvaro totalt").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sjukfrånvaro totalt"
    assert (
        page.get_by_role("img")
        .first.get_attribute("aria-label")
        .startswith("Sjukfrånvaro totalt för Region Exempel per år")
    )
    page.get_by_role("link", name="Enhet", exact=True).click()
    page.wait_for_selector("#breakdown a")
    browser.check()
    page.get_by_role("link", name="Primärvårdsförvaltningen").click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("paragraph").filter(has_text="Primärvårdsförvaltningen").count() >= 1


@pytest.fixture
def followed(region):
    """A programme that follows ``headcount`` at the region and ``sick_leave_total`` at
    Primärvård norr (an indicator measured for its own unit)."""
    from attraktiv.programmes.models import Area, Goal, Indicator, Programme, Source

    programme = Programme.objects.create(code="p", name="Program", first_year=2023, last_year=2027)
    goal = Goal.objects.create(
        area=Area.objects.create(programme=programme, name="Område"), ref="1", text="Mål"
    )
    for ref, kpi, unit in (("1.1", "headcount", None), ("1.2", "sick_leave_total", "PV-NORR")):
        Indicator.objects.create(
            goal=goal,
            ref=ref,
            name=kpi,
            measure_unit="antal",
            direction="up",
            source=Source.ENGINE,
            kpi=kpi,
            unit=region[unit] if unit else None,
        )


def test_a_reader_reads_a_programmes_indicators_at_the_programmes_level(
    client_as, measured, followed
):
    client = client_as("lasare")
    page = client.get("/nyckeltal/headcount/?enhet=R&uppdelning=enhet")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<p class="lead">Region Exempel</p>' in html
    # No drill-down below the programme's level: no child unit is listed or linked.
    assert "Ingen fördelning för detta nyckeltal och denna enhet." in html
    assert "?enhet=PV&amp;" not in html and "Primärvårdsförvaltningen" not in html
    # Without ?enhet= the page opens at the programme's level.
    assert (
        '<p class="lead">Region Exempel</p>' in client.get("/nyckeltal/headcount/").content.decode()
    )
    assert client.get("/nyckeltal/headcount/tabell.csv?enhet=R").status_code == 200
    assert client.get("/nyckeltal/headcount/?enhet=PV").status_code == 404
    # An indicator measured for its own unit: that unit only, and no breadcrumb upwards.
    own = client.get("/nyckeltal/sick_leave_total/?enhet=PV-NORR")
    assert own.status_code == 200
    assert "?enhet=R" not in own.content.decode() and '?enhet=PV"' not in own.content.decode()
    assert client.get("/nyckeltal/sick_leave_total/?enhet=R").status_code == 404
    # An indicator no programme follows, and the list: not for a reader.
    assert client.get("/nyckeltal/retirement_age_mean/?enhet=R").status_code == 403
    assert client.get("/nyckeltal/").status_code == 403


def test_a_manager_reaches_the_programmes_level_from_their_own_unit(client_as, measured, followed):
    client = client_as("chef")
    assert client.get("/nyckeltal/headcount/?enhet=R").status_code == 200
    own = client.get("/nyckeltal/headcount/?enhet=PV-NORR").content.decode()
    assert '?enhet=R"' in own  # the breadcrumb up to the programme's level
    assert '?enhet=PV"' not in own  # the förvaltning between is not theirs
    assert client.get("/nyckeltal/sick_leave_total/?enhet=R").status_code == 404
