"""The competence supply pages: overview, one competence, scenarios, with scope and downloads."""

from __future__ import annotations

import io
import re
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from attraktiv.actionplans.models import Action
from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.supplyplan import display, services
from attraktiv.supplyplan.models import CompetenceActivity, Scenario

pytestmark = pytest.mark.django_db(transaction=True)


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


@pytest.fixture
def planned(stored_region, demo_users):
    """The region's plan for 2024, computed by the background job."""
    run = services.request_run(demo_users["hrstrateg"], 2024, runs=40)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    run.refresh_from_db()
    return run


def test_the_overview_answers_which_competences_we_will_lack(client_as, planned):
    response = client_as("hrstrateg").get("/kompetensforsorjning/")
    text = text_of(response)
    count = planned.plan["long_term_shortage_count"]
    assert f"{count} bristkompetenser på lång sikt (4–10 år)" in text
    # Sorted by the year-10 gap, the largest shortfall first (suppressed groups last).
    shown = re.findall(
        r'href="/kompetensforsorjning/kompetens/([^/"]+)/"', response.content.decode()
    )
    judged = [g for g in planned.plan["groups"] if not g.get("suppressed")]
    expected = [
        g["group"] for g in sorted(judged, key=lambda g: (g["years"][10]["gap"], g["group"]))
    ]
    assert [unquote(name) for name in shown[: len(expected)]] == expected
    assert (
        judged[0]["years"][10]["gap"] is not None and min(g["years"][10]["gap"] for g in judged) < 0
    )


def test_the_pages_say_the_instances_disclosure_threshold(
    client_as, stored_region, demo_users, settings
):
    """A plan computed with ATTRAKTIV_MIN_PERSONS = 30 hides groups of at most 30 persons
    and says so with that number (hr-data.md §3.7)."""
    settings.MIN_PERSONS = 30
    run = services.request_run(demo_users["hrstrateg"], 2024, runs=10)
    services.execute_run(run.pk)
    run.refresh_from_db()
    hidden = next(group for group in run.plan["groups"] if group.get("suppressed"))
    client = client_as("hrstrateg")
    assert "(färre än 31 personer)" in text_of(client.get("/kompetensforsorjning/"))
    page = text_of(client.get(f"/kompetensforsorjning/kompetens/{hidden['group']}/"))
    assert "färre än 31 personer: siffrorna visas inte" in page
    assert "färre än 11" not in page


def test_a_chef_sees_no_region_plan_until_their_unit_is_computed(client_as, planned):
    text = text_of(client_as("chef").get("/kompetensforsorjning/"))
    assert "Planen har inte beräknats ännu för den här enheten." in text
    assert client_as("chef").get("/kompetensforsorjning/?enhet=R").status_code == 404


def test_one_competence_with_its_charts_tables_and_activities(client_as, planned):
    load_demo_programmes()
    client = client_as("hrstrateg")
    url = "/kompetensforsorjning/kompetens/Sjuksköterska/"
    response = client.get(url)
    html = response.content.decode()
    assert 'role="img" aria-label="Tillgången på Sjuksköterska går från' in html
    text = text_of(response)
    assert "Förra årets prognos mot utfallet" in text
    assert "Gapet" in text and "Gap per år:" in html
    action = Action.objects.get(action_plan__programme__code="pa-program-2027", ref="1.5")
    client.post(url, {"action": action.pk, "note": "Heltid"})
    assert CompetenceActivity.objects.get().action == action
    assert "1.5 Kartlägga vilka faktorer" in text_of(client.get(url))
    assert client_as("lasare").get(url).status_code == 403


def test_the_overview_downloads_as_xlsx(client_as, planned):
    response = client_as("hrstrateg").get("/kompetensforsorjning/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kompetensförsörjning, basår 2024"
    names = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert "Sjuksköterska" in names


def test_the_workbench_saves_versions_and_a_toml_file_round_trips(client_as, demo_users):
    client = client_as("hrstrateg")
    bad = client.post(
        "/kompetensforsorjning/scenarier/",
        {"name": "Heltid", "base_year": "2024", "horizon": "10", "full_time_target": "95"},
    )
    assert "Ange både målet för sysselsättningsgrad och året." in text_of(bad)
    response = client.post(
        "/kompetensforsorjning/scenarier/",
        {
            "name": "Senare pension och mer heltid",
            "base_year": "2024",
            "horizon": "10",
            "retirement_age_shift": "2,4",
            "full_time_target": "95",
            "full_time_year": "2030",
        },
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    version = scenario.latest
    assert version is not None
    assert "retirement_age_shift = 2.4" in version.toml
    exported = client.get(f"/kompetensforsorjning/scenarier/version/{version.pk}.toml")
    upload = SimpleUploadedFile("plan.toml", exported.content)
    client.post(
        "/kompetensforsorjning/scenarier/",
        {"name": "Senare pension och mer heltid", "note": "inläst", "toml_file": upload},
    )
    assert [v.number for v in scenario.versions.all()] == [2, 1]
    latest = scenario.latest
    assert latest is not None and latest.toml == version.toml
    assert client_as("lasare").post("/kompetensforsorjning/scenarier/", {}).status_code == 403


def test_a_scenario_the_engine_rejects_is_shown_with_its_problems(client_as, demo_users):
    client = client_as("hrstrateg")
    upload = SimpleUploadedFile("fel.toml", b"[scenario]\nbase_year = 2024\nhorizon = 'tio'\n")
    bad_file = client.post("/kompetensforsorjning/scenarier/", {"name": "Fel", "toml_file": upload})
    assert bad_file.status_code == 200
    assert re.search(r"Fel\.toml:\d+", text_of(bad_file))
    # A lever the form accepts but the engine bounds (§4): retirement 50 years later.
    too_far = client.post(
        "/kompetensforsorjning/scenarier/",
        {"name": "Orimlig", "base_year": "2024", "horizon": "10", "retirement_age_shift": "50"},
    )
    assert too_far.status_code == 200
    assert "retirement_age_shift" in text_of(too_far)
    assert not Scenario.objects.exists()


YRKESBAROMETER = (
    Path(__file__).resolve().parents[4]
    / "tests"
    / "fixtures"
    / "external"
    / "af_yrkesbarometer"
    / "yrkesbarometer_2026-1_riket_halso_sjukvard.csv"
)


def test_arbetsformedlingens_view_stands_beside_the_plan_and_disagreements_are_said(
    client_as, planned, demo_users
):
    from attraktiv.forecasts.services import external_views, import_yrkesbarometer, load_links

    import_yrkesbarometer(demo_users["hrstrateg"], YRKESBAROMETER)
    load_links(demo_users["hrstrateg"])
    views = external_views([group["group"] for group in planned.plan["groups"]])
    assert views["Sjuksköterska"].is_shortage
    text = text_of(client_as("hrstrateg").get("/kompetensforsorjning/"))
    assert "Arbetsförmedlingen 2026-1: Brist (Grundutbildade sjuksköterskor)" in text
    expected = {
        group["group"]: display.disagreement(
            group["shortage_short"], group["shortage_long"], views.get(group["group"])
        )
        for group in planned.plan["groups"]
    }
    for name, note in expected.items():
        if note:
            assert note in text, name
    said = [name for name, note in expected.items() if note]
    # Both directions are worded; the sample region has at least one disagreement.
    assert said


def test_the_disagreement_rule():
    from attraktiv.forecasts.services import ExternalJudgement, ExternalView

    def view(situation: str) -> ExternalView:
        judgement = ExternalJudgement("Barnmorskor", situation, "stora", "öka")
        return ExternalView("yrkesbarometer", "2026-1", "00", situation, (judgement,))

    assert display.disagreement(False, False, view("brist")) == (
        "Arbetsförmedlingen bedömer brist; planen visar ingen brist."
    )
    assert display.disagreement(False, True, view("balans")) == (
        "Planen visar brist; Arbetsförmedlingen bedömer balans."
    )
    assert display.disagreement(True, None, view("brist")) == ""
    assert display.disagreement(True, True, view("paradox")) == ""
    assert display.disagreement(None, None, view("brist")) == ""


def test_a_demand_step_for_one_competence_goes_into_the_scenario_file(client_as, demo_users):
    client = client_as("hrstrateg")
    refused = client.post(
        "/kompetensforsorjning/scenarier/",
        {"name": "Nytt sjukhus", "base_year": "2024", "horizon": "10", "step_year": "2027"},
    )
    assert "Ange kompetensen, året och årsarbetarna för steget." in text_of(refused)
    client.post(
        "/kompetensforsorjning/scenarier/",
        {
            "name": "Nytt sjukhus",
            "base_year": "2024",
            "horizon": "10",
            "step_group": "Sjuksköterska",
            "step_year": "2027",
            "step_fte": "25,5",
        },
    )
    version = Scenario.objects.get(name="Nytt sjukhus").latest
    assert version is not None
    assert '[group."Sjuksköterska"]' in version.toml
    assert "demand_steps = { 2027 = 25.5 }" in version.toml


def test_a_bad_run_form_or_comparison_is_answered_with_the_form_not_a_server_error(
    client_as, stored_region
):
    client = client_as("hrstrateg")
    for posted in ({}, {"base_year": "abc", "runs": "x"}, {"base_year": "1990", "runs": "40"}):
        response = client.post("/kompetensforsorjning/rakna/", posted)
        assert response.status_code == 400
        assert 'class="field-error"' in response.content.decode()
    assert "Fyll i ett heltal." in text_of(
        client.post("/kompetensforsorjning/rakna/", {"base_year": "abc", "runs": "40"})
    )
    for query in ("a=abc", "a=1&b=", "a=999999&b=1"):
        response = client.get(f"/kompetensforsorjning/scenarier/jamfor/?{query}")
        assert response.status_code == 400
        assert "Jämför scenarier" in text_of(response)
    assert client.post("/kompetensforsorjning/rakna/", {"version": "abc"}).status_code == 404


def test_an_age_pyramid_with_every_group_hidden_says_so(client_as, planned):
    """A competence shown whose every pyramid cell is hidden (hr-data.md §3.7): the page
    says why, not a blank chart (issue 12)."""
    group = next(
        g
        for g in planned.plan["groups"]
        if not g.get("suppressed") and all(cell["suppressed"] for cell in g["pyramid"])
    )
    response = client_as("hrstrateg").get(f"/kompetensforsorjning/kompetens/{group['group']}/")
    persons = display.fewer_than(planned.plan)
    assert (
        f"Alla åldersgrupper har färre än {persons} personer, eller skulle avslöja en sådan "
        "grupp, och visas inte." in text_of(response)
    )
    assert "Ålderspyramid:" not in response.content.decode()
