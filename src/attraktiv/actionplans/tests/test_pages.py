"""The action plan pages: reading, filters, status in place, edits, versions and downloads."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest

from attraktiv.actionplans import services
from attraktiv.actionplans.models import ActionPlan, ActionStatus, PlanVersion, Reschedule
from attraktiv.programmes.models import Programme

pytestmark = pytest.mark.django_db

URL = "/handlingsplaner/pap/"


def refs_in(html: str) -> list[str]:
    """The actions listed in the plan table, by their links."""
    return re.findall(r'href="/handlingsplaner/pap/atgard/([^/]+)/"', html)


def test_the_index_goes_straight_to_the_only_plan(client_as, plan):
    response = client_as("lasare").get("/handlingsplaner/")
    assert response.status_code == 302 and response["Location"] == URL
    other = Programme.objects.create(
        code="ak", name="Attraktiv arbetsgivare", first_year=2018, last_year=2020
    )
    ActionPlan.objects.create(programme=other, name="Handlingsplan 2018–2020")
    page = client_as("lasare").get("/handlingsplaner/").content.decode()
    assert 'href="/handlingsplaner/ak/"' in page and f'href="{URL}"' in page


def test_the_plan_is_grouped_by_area_and_goal_with_its_columns(client_as, plan, demo_users):
    services.reschedule_action(demo_users["hrstrateg"], plan.action("1"), 2025, "Resurser saknas")
    page = client_as("lasare").get(URL).content.decode()
    assert "<h1>Handlingsplan 2023, version 1</h1>" in page
    assert refs_in(page) == ["1", "2", "3", "4"]
    assert page.index("Kompetensförsörjning") < page.index("Hälsofrämjande arbetsplats")
    for header in ("Åtgärd", "Ansvar", "Planerat år", "Status", "Senaste kommentar", "ARUBA"):
        assert f'<th scope="col">{header}</th>' in page
    # The moved action: the first year struck through, said in words, with the reason.
    assert re.search(
        r"<del><span class=\"visually-hidden\">ursprungligen planerat till </span>2024</del>", page
    )
    assert "Skäl: Resurser saknas" in page
    assert "Rekrytera" in page
    # A reader sees the status as text, not a control.
    assert 'id="status-' not in page
    assert "Ej påbörjad" in page


def test_the_filters(client_as, plan):
    client = client_as("hrstrateg")
    assert refs_in(client.get(URL + "?ansvarig=CHR").content.decode()) == ["1", "3"]
    assert refs_in(client.get(URL + "?status=in_progress").content.decode()) == ["4"]
    assert refs_in(client.get(URL + "?ar=2024").content.decode()) == ["1", "4"]
    goal = plan.goals["1.1"].pk
    assert refs_in(client.get(URL + f"?mal={goal}").content.decode()) == ["1", "2"]
    assert refs_in(client.get(URL + "?ansvarig=F%C3%B6rvaltningar&ar=2026").content.decode()) == [
        "3"
    ]
    page = client.get(URL + "?status=done").content.decode()
    assert "Ingen åtgärd matchar filtren." in page
    # Every filter has a label.
    for name in ("ansvarig", "status", "ar", "mal"):
        assert f'<label for="id_{name}">' in page


def test_status_in_place_for_those_who_report(client_as, plan):
    client = client_as("forvaltningshr")
    page = client.get(URL).content.decode()
    # Selects only on the rows of PV's responsibility (2, 3, 4), not on CHR's action 1.
    assert f'id="status-{plan.actions["1"].pk}"' not in page
    for ref in ("2", "3", "4"):
        assert f'id="status-{plan.actions[ref].pk}"' in page
    response = client.post(
        URL + "atgard/2/status/", {"status": "done"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="action-{plan.actions["2"].pk}">')
    assert 'hx-swap-oob="innerHTML"' in html and "är nu ”Klar”" in html
    assert plan.action("2").status == ActionStatus.DONE
    # A CHR-only action is out of scope.
    response = client.post(URL + "atgard/1/status/", {"status": "done"})
    assert response.status_code == 403
    assert plan.action("1").status == ActionStatus.NOT_STARTED


def test_chef_cannot_edit(client_as, plan):
    client = client_as("chef")
    page = client.get(URL).content.decode()
    assert 'id="status-' not in page and "Ny åtgärd" not in page
    assert client.post(URL + "atgard/2/status/", {"status": "done"}).status_code == 403
    assert client.post(URL + "atgard/2/", {"form": "edit", "text": "x"}).status_code == 403
    assert client.get(URL + "revidera/").status_code == 403
    assert client.get(URL + "ny-atgard/").status_code == 403
    action_page = client.get(URL + "atgard/2/").content.decode()
    assert "Flytta till ett annat år" not in action_page and "Ändra åtgärden" not in action_page
    assert plan.action("2").status == ActionStatus.NOT_STARTED


def test_the_action_page(client_as, plan, demo_users, region):
    from attraktiv.audits.models import Audit, Measure, Recommendation
    from attraktiv.followups.models import ActionReport, FollowUpRound, RoundKind

    audit = Audit.objects.create(
        identifier="7/2022", title="Strategisk kompetensförsörjning", year=2022
    )
    recommendation = Recommendation.objects.create(audit=audit, number=2, text="Följ upp")
    measure = Measure.objects.create(
        recommendation=recommendation, text="Avgångssamtal i alla förvaltningar"
    )
    measure.actions.add(plan.actions["2"])
    round_ = FollowUpRound.objects.create(
        programme=plan.programme,
        kind=RoundKind.ANNUAL,
        name="Årsrapport 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        deadline=datetime.date(2025, 1, 31),
    )
    ActionReport.objects.create(
        round=round_,
        action=plan.actions["2"],
        unit=region["PV"],
        status=ActionStatus.IN_PROGRESS,
        comment="Mall klar, införs våren",
    )
    services.reschedule_action(demo_users["forvaltningshr"], plan.action("2"), 2026, "Ny mall")
    page = client_as("forvaltningshr").get(URL + "atgard/2/").content.decode()
    assert "<h1>Åtgärd 2</h1>" in page
    assert "Avgångssamtal i alla förvaltningar" in page and "7/2022" in page
    assert "Mall klar, införs våren" in page
    assert "<td><del>2025</del></td>" in page and "<td>Ny mall</td>" in page
    assert "Filip Förvaltnings-HR" in page  # who moved it
    assert "Flytta till ett annat år" in page  # may reschedule its own action
    assert "Ändra åtgärden" not in page  # but not edit the plan
    assert 'id="history-action"' in page
    # The plan table shows the latest comment too.
    assert "Mall klar, införs våren" in client_as("lasare").get(URL).content.decode()


def test_reschedule_through_the_page_and_a_missing_reason(client_as, plan):
    client = client_as("hrstrateg")
    response = client.post(
        URL + "atgard/1/",
        {"form": "reschedule", "omplanera-new_year": "2026", "omplanera-reason": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_omplanera-reason-error"' in page and "Detta fält måste fyllas i." in page
    assert not Reschedule.objects.exists()
    response = client.post(
        URL + "atgard/1/",
        {
            "form": "reschedule",
            "omplanera-new_year": "2026",
            "omplanera-reason": "Väntar på upphandling",
            "omplanera-decided_on": "2024-05-02",
        },
    )
    assert response.status_code == 302
    move = Reschedule.objects.get()
    assert (move.old_year, move.new_year, move.decided_on) == (
        2024,
        2026,
        datetime.date(2024, 5, 2),
    )


def test_edit_and_history_through_the_page(client_as, plan):
    client = client_as("hrstrateg")
    data = {
        "form": "edit",
        "ref": "2",
        "text": "Genomför avgångssamtal digitalt",
        "goal": plan.goals["1.1"].pk,
        "responsible": [plan.forvaltningar.pk],
        "status": "in_progress",
        "aruba": "behalla",
    }
    assert client.post(URL + "atgard/2/", data).status_code == 302
    action = plan.action("2")
    assert (action.text, action.status, action.aruba) == (
        "Genomför avgångssamtal digitalt",
        "in_progress",
        "behalla",
    )
    page = client.get(URL + "atgard/2/").content.decode()
    assert "<td>Genomför avgångssamtal</td>" in page  # the old value in the history
    assert "<td>Genomför avgångssamtal digitalt</td>" in page
    assert "Hanna Strateg" in page
    # An empty text names the field, and nothing is stored.
    response = client.post(URL + "atgard/2/", {**data, "text": "", "status": "done"})
    assert response.status_code == 400
    assert 'id="id_text-error"' in response.content.decode()
    assert plan.action("2").status == "in_progress"


def test_add_and_remove_an_action(client_as, plan):
    client = client_as("hrstrateg")
    response = client.post(
        URL + "ny-atgard/",
        {
            "ref": "5",
            "text": "Chefsutbildning",
            "goal": plan.goals["4.1"].pk,
            "responsible": [plan.chr.pk],
            "status": "not_started",
            "aruba": "",
            "planned_year": "2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == URL + "atgard/5/"
    assert plan.action("5").responsible.get() == plan.chr
    assert client.post(URL + "atgard/5/", {"form": "remove"}).status_code == 302
    assert not plan.plan.actions.filter(ref="5").exists()


def test_revise_then_compare(client_as, plan, demo_users):
    client = client_as("hrstrateg")
    assert "Ingen version av planen har godkänts" in client.get(URL + "jamfor/").content.decode()
    response = client.post(
        URL + "revidera/",
        {"year": "2024", "approved_on": "2024-02-20", "decision": "", "diarienummer": "RV240001"},
    )
    assert response.status_code == 400 and 'id="id_decision-error"' in response.content.decode()
    assert not PlanVersion.objects.exists()
    response = client.post(
        URL + "revidera/",
        {
            "year": "2024",
            "approved_on": "2024-02-20",
            "decision": "Regionstyrelsen § 12",
            "diarienummer": "RV240001",
        },
    )
    assert response.status_code == 302
    assert PlanVersion.objects.get().number == 1
    assert "<h1>Handlingsplan 2025, version 2</h1>" in client.get(URL).content.decode()

    user = demo_users["hrstrateg"]
    services.add_action(
        user,
        plan.plan,
        goal=plan.goals["1.2"],
        ref="5",
        text="Heltidsresa",
        responsible=[plan.chr],
        planned_year=2025,
    )
    services.remove_action(user, plan.action("4"))
    services.update_action(user, plan.action("3"), text="Heltid som norm")
    plan.indicators["4.1a"].targets.filter(year=2027).update(value="2.5")

    page = client_as("lasare").get(URL + "jamfor/?fran=1&till=live").content.decode()
    added = page[page.index('id="added-heading"') : page.index('id="removed-heading"')]
    assert 'class="diff-added"' in added and "<strong>Tillagd</strong>" in added
    assert "5 Heltidsresa" in added
    removed = page[page.index('id="removed-heading"') : page.index('id="changed-heading"')]
    assert 'class="diff-removed"' in removed and "<strong>Borttagen</strong>" in removed
    assert "4 Inför tidig rehabilitering" in removed
    assert "Erbjud heltid vid nyanställning</del>" in page and "Heltid som norm</ins>" in page
    assert "<del>2,7</del>" in page and "<ins>2,5</ins>" in page
    # The choice of versions has labels; an unknown version is refused.
    assert '<label for="id_fran">' in page and '<label for="id_till">' in page
    assert client.get(URL + "jamfor/?fran=9&till=live").status_code == 400


def test_csv_and_xlsx_downloads_follow_the_filters(client_as, plan, demo_users):
    services.reschedule_action(demo_users["hrstrateg"], plan.action("1"), 2025, "Resurser saknas")
    client = client_as("lasare")
    response = client.get(URL + "tabell.xlsx?ansvarig=CHR")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == [
        "Område",
        "Mål",
        "Nr",
        "Åtgärd",
        "Ansvar",
        "Planerat år",
        "Ursprungligt år",
        "Status",
        "Senaste kommentar",
        "ARUBA",
    ]
    assert rows[1] == [
        "Kompetensförsörjning",
        "1.1 Regionen behåller sina medarbetare",
        "1",
        "Ta fram en modell för karriärvägar",
        "CHR",
        2025,
        2024,
        "Omplanerad",
        None,
        None,
    ]
    assert rows[2][2:6] == ["3", "Erbjud heltid vid nyanställning", "CHR, Förvaltningar", 2026]
    assert rows[2][9] == "Rekrytera"
    assert len(rows) == 3
    text = client.get(URL + "tabell.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][0] == "Område" and len(lines) == 5
    assert client.get(URL + "tabell.pdf").status_code == 404


def test_a_bad_filter_value_is_named(client_as, plan):
    page = client_as("lasare").get(URL + "?status=klar").content.decode()
    assert 'id="id_status-error"' in page
    assert refs_in(page) == ["1", "2", "3", "4"]


def test_the_plan_page_reads_in_a_fixed_number_of_queries(
    client_as, plan, demo_users, django_assert_max_num_queries
):
    client = client_as("forvaltningshr")
    client.get(URL)  # warm the session and caches
    # 16 reads, and the session's save that moves its idle expiry (savepoint, update, release).
    with django_assert_max_num_queries(19):
        client.get(URL)
    for n in range(6, 26):
        services.add_action(
            demo_users["hrstrateg"],
            plan.plan,
            goal=plan.goals["1.2"],
            ref=str(n),
            text=f"Åtgärd {n}",
            responsible=[plan.chr, plan.forvaltningar],
            planned_year=2026,
        )
        services.reschedule_action(demo_users["hrstrateg"], plan.action(str(n)), 2027, "Skäl")
    with django_assert_max_num_queries(19):
        page = client.get(URL).content.decode()
    assert len(refs_in(page)) == 24


def test_rescheduled_without_a_year_sends_the_reporter_to_the_move_form(client_as, plan):
    """Issue 12, without JavaScript: the refusal is said on the action's page."""
    client = client_as("forvaltningshr")
    response = client.post(URL + "atgard/2/status/", {"status": "rescheduled"})
    assert response.status_code == 302
    assert response["Location"] == URL + "atgard/2/#reschedule"
    page = client.get(response["Location"]).content.decode()
    assert "”Omplanerad” kräver ett nytt år och ett skäl" in page
    assert 'id="reschedule"' in page
    assert plan.action("2").status == ActionStatus.NOT_STARTED
