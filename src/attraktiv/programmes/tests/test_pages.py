"""The programme pages on the demo programme, with stored measurements behind the computed
indicators: the overview's one-line summary, statuses, hand entry, override and history."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.measurements.models import Measurement
from attraktiv.programmes.models import Goal, Indicator, ManualValue, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(region):
    load_demo_programmes()
    # These tests enter the hand-entered values themselves, without the demo's made-up ones.
    ManualValue.objects.all().delete()
    root = region["R"]
    now = timezone.now()
    # Korttidssjukfrånvaro 3,6 % in 2021 (the baseline), 3,3 % in 2023 (on the path to 2,7 %
    # in 2027: 3,6 − 2/6 × 0,9 = 3,3), and women and men for 2023.
    cells = [("2021", "", 3.6), ("2023", "", 3.3), ("2023", "K", 3.6), ("2023", "M", 2.4)]
    for period, gender, value in cells:
        Measurement.objects.create(
            kpi="sick_leave_day1_14",
            period=period,
            unit=root,
            gender=gender,
            value=value,
            computed_at=now,
        )
    # HME totalt chefer 84 in 2023: behind the expected 85 + 2/6 × 4 ≈ 86,33, by more than
    # half the required 1,33: off track.
    Measurement.objects.create(
        kpi="hme_total", period="2023", unit=root, role="chef", value=84.0, computed_at=now
    )
    return region


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_the_overview_answers_are_we_on_track(client_as, demo):
    response = client_as("lasare").get("/program/pa-program-2027/?ar=2023")
    assert response.status_code == 200
    text = text_of(response)
    assert "1 av 19 indikatorer på väg, 0 risk, 1 ej på väg, 17 ej bedömda" in text
    assert "Korttidssjukfrånvaro (dag 1–14) 3,6 % (2021-12) 3,3 % (2023) 2,7 % (2027) På väg ✓" in (
        text
    )
    # Women and men beside it.
    assert "3,6 % 2,4 %" in text
    assert "HME – totalt chefer 85 (2021-12) 84,0 (2023) 89 (2027) Ej på väg ✕" in text
    # Direction only, and not measured yet with the document's note.
    assert "Mäts hösten 2022" in text
    # Actions by status, linked to the plan filtered by the goal.
    goal = Goal.objects.get(area__programme__code="pa-program-2027", ref="4")
    assert f"/handlingsplaner/pa-program-2027/?mal={goal.pk}" in response.content.decode()
    assert "Pågår 2, Klar 4" in text


def test_the_old_programmes_budget_is_claimed_against_an_unstated_amount(client_as, demo):
    text = text_of(client_as("lasare").get("/program/attraktiv-arbetsgivare-2018/?ar=2018"))
    assert "26 900 Tkr ianspråktaget; avsatt belopp anges inte" in text


def test_an_hr_strategist_enters_a_value_by_hand_and_the_history_keeps_it(client_as, demo):
    client = client_as("hrstrateg")
    url = "/program/pa-program-2027/indikator/3.1/?ar=2023"
    bad = client.post(url, {"year": "2023", "gender": "", "value": "mycket"})
    assert "Skriv ett tal, till exempel 3,6." in text_of(bad)
    assert not ManualValue.objects.exists()
    response = client.post(url, {"year": "2023", "gender": "", "value": "62,5", "comment": "MU"})
    assert response.status_code == 302
    entry = ManualValue.objects.get()
    assert str(entry.value) == "62.5000"
    assert entry.entered_by is not None and entry.entered_by.username == "hrstrateg"
    text = text_of(client.get(url))
    assert "62,5 Hanna Strateg" in text
    # One value and no baseline: the trend cannot be judged yet.
    assert "För lite data" in text


def test_computed_indicators_take_no_hand_entry_and_readers_cannot_post(client_as, demo):
    url = "/program/pa-program-2027/indikator/4.3/"
    assert "Ange ett värde" not in text_of(client_as("hrstrateg").get(url))
    assert (
        client_as("lasare").post("/program/pa-program-2027/indikator/3.1/", {}).status_code == 403
    )


def test_an_override_needs_a_reason_and_is_kept_with_who_and_what(client_as, demo):
    client = client_as("hrstrateg")
    url = "/program/pa-program-2027/mal/2/?ar=2023"
    refused = client.post(url, {"status_override": "on_track", "override_reason": ""})
    assert "Skriv varför bedömningen avviker från reglerna." in text_of(refused)
    assert Goal.objects.get(area__programme__code="pa-program-2027", ref="2").status_override == ""
    client.post(url, {"status_override": "risk", "override_reason": "Ny mätning i höst."})
    text = text_of(client.get(url))
    assert "Bedömning 2023: Risk !" in text
    assert "Reglerna föreslår: Ej på väg ✕" in text
    assert "Hanna Strateg" in text and "Ny mätning i höst." in text


def test_the_programme_file_download_is_the_export(client_as, demo):
    response = client_as("lasare").get("/program/pa-program-2027/program.yaml")
    assert response["Content-Disposition"] == 'attachment; filename="pa-program-2027.yaml"'
    assert "format: attraktiv-programme/1" in response.content.decode()


def test_the_status_rules_are_shown(client_as, demo):
    text = text_of(client_as("chef").get("/program/statusregler/"))
    assert "Fler än en tredjedel ej på väg: ej på väg." in text
    assert Indicator.objects.exists()


def test_the_nyckeltal_chart_marks_the_programmes_target_and_baseline(client_as, demo):
    """Issue 3's chart "with target and baseline": the programme indicator that the engine
    indicator measures for the region gives the lines, and the text alternative names them."""
    page = client_as("hrstrateg").get("/nyckeltal/sick_leave_day1_14/?enhet=R")
    # The chart's text alternative (its aria-label) names the lines.
    assert "Mål 2027: 2,7\u00a0%. Nuläge 2021: 3,6\u00a0%." in page.content.decode()
    # HME totalt is measured for chefer only in the programme: no line on the total's chart.
    Measurement.objects.create(
        kpi="hme_total", period="2023", unit=demo["R"], value=80.0, computed_at=timezone.now()
    )
    hme = client_as("hrstrateg").get("/nyckeltal/hme_total/?enhet=R").content.decode()
    assert "per år: 2023: 80,0." in hme and "Mål 2027" not in hme


def test_the_api_gives_the_programme_and_its_judgements(client_as, demo):
    client = client_as("lasare")
    listed = client.get("/api/programmes/").json()
    assert {p["code"] for p in listed} == {"pa-program-2027", "attraktiv-arbetsgivare-2018"}
    data = client.get("/api/programmes/pa-program-2027?with_values=true").json()
    sick = data["areas"][3]["goals"][0]["indicators"][2]
    assert sick["baseline"] == {"value": 3.6, "date": "2021-12-31"}
    # Judged for the year the pages judge by default (issue 12: one function decides it),
    # the latest year the HR data are computed for, 2023, not last year.
    assert sick["latest"] == {"year": 2023, "value": 3.3, "status": "on_track"}
    goals = client.get("/api/programmes/pa-program-2027/status/2023").json()
    four = next(goal for goal in goals if goal["ref"] == "4")
    short_term = next(i for i in four["indicators"] if i["ref"] == "4.3")
    assert short_term["status"] == "on_track"
    assert short_term["latest_value"] == 3.3
    assert short_term["expected"] == pytest.approx(3.3)
    assert client.get("/api/programmes/nothing").status_code == 404


def test_the_indicator_table_downloads_with_numbers_as_numbers(client_as, demo):
    import io

    import openpyxl

    client = client_as("lasare")
    response = client.get("/program/pa-program-2027/indikatorer.xlsx?ar=2023")
    assert response["Content-Disposition"].endswith('pa-program-2027-indikatorer-2023.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Program för personal- och arbetsgivarpolitik, målbild 2027: " + (
        "indikatorer bedömda för 2023"
    )
    header = [cell.value for cell in sheet[4]]
    assert header[:3] == ["Område", "Mål", "Indikator"]
    rows = {row[2]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == 19
    short_term = rows["Korttidssjukfrånvaro (dag 1–14)"]
    assert short_term[4:14] == (3.6, "2021-12-31", 3.3, 2023, 2.7, 2027, "↓", "På väg ✓", 3.6, 2.4)
    text = client.get("/program/pa-program-2027/indikatorer.csv?ar=2023").content.decode(
        "utf-8-sig"
    )
    assert text.splitlines()[0].startswith("Område;Mål;Indikator;Enhet")
    assert len(text.splitlines()) == 20


def test_a_hidden_womens_value_says_why_and_an_unsplit_indicator_says_so(client_as, demo):
    """hr-data.md §3.7: a suppressed cell says "färre än 11 personer", never an empty cell;
    an indicator that counts no persons says it is not split by women and men."""
    import io

    import openpyxl

    root = demo["R"]
    for gender, value, suppressed in [("K", None, True), ("M", 83.5, False)]:
        Measurement.objects.create(
            kpi="hme_total",
            period="2023",
            unit=root,
            role="chef",
            gender=gender,
            value=value,
            suppressed=suppressed,
            computed_at=timezone.now(),
        )
    client = client_as("lasare")
    text = text_of(client.get("/program/pa-program-2027/?ar=2023"))
    assert "89 (2027) Ej på väg ✕ färre än 11 personer 83,5" in text
    assert "Antal bristkompetenser på lång sikt (4–10 år)" in text
    assert text.count("Redovisas inte fördelat på kvinnor och män") == 4
    page = text_of(client.get("/program/pa-program-2027/indikator/2.1/?ar=2023"))
    assert "2023 84,0 färre än 11 personer 83,5" in page
    response = client.get("/program/pa-program-2027/indikatorer.xlsx?ar=2023")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[2]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["HME – totalt chefer"][12:14] == ("färre än 11 personer", 83.5)
    assert rows["Antal bristkompetenser på lång sikt (4–10 år)"][12:14] == (
        "Redovisas inte fördelat på kvinnor och män",
        "Redovisas inte fördelat på kvinnor och män",
    )


def test_one_function_chooses_each_programmes_default_year_for_every_page(client_as, demo_users):
    """Issue 12: a programme is judged within its own period unless a year is asked for:
    overview, goal, indicator, the start page's status line, the table and the export."""
    from attraktiv.programmes.overview import default_year
    from attraktiv.programmes.planfile import export_programme

    load_demo_programmes()
    past = Programme.objects.get(code="attraktiv-arbetsgivare-2018")
    current = Programme.objects.get(code="pa-program-2027")
    last_year = timezone.localdate().year - 1
    assert default_year(past) == 2020
    assert default_year(current) == min(last_year, 2027)
    client = client_as("lasare")
    states = {s["programme"].code: s["year"] for s in client.get("/").context["programmes"]}
    assert states == {past.code: 2020, current.code: min(last_year, 2027)}
    assert client.get(f"/program/{past.code}/").context["year"] == 2020
    assert client.get(f"/program/{past.code}/mal/1/").context["year"] == 2020
    table = client.get(f"/program/{past.code}/indikatorer.csv")
    assert "indikatorer-2020.csv" in table["Content-Disposition"]
    indicator = Indicator.objects.filter(goal__area__programme=current).first()
    assert indicator is not None
    page = client.get(f"/program/{current.code}/indikator/{indicator.ref}/")
    assert page.context["year"] == min(last_year, 2027)
    exported = export_programme(current, with_values=True)
    latest = [
        item["latest"]["year"]
        for area in exported["areas"]
        for goal in area["goals"]
        for item in goal["indicators"]
        if item["latest"]["year"] is not None
    ]
    assert all(year <= min(last_year, 2027) for year in latest)
