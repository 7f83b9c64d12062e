"""The budget of seed ``000_…``: totals, what is left, outcome, validation, permission, pages
and downloads (issue 4, item 5)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.budget import services
from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.budget.tests.helpers import SEED_DRAWDOWNS
from attraktiv.programmes.models import Area, Goal, Programme

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def by_initiative(allocation: Allocation, start: str) -> Drawdown:
    return allocation.drawdowns.get(initiative__startswith=start)


# ---- the summary -----------------------------------------------------------------------------


def test_the_seed_budget_totals_26_900_tkr_per_area_and_year(allocation):
    summary = services.budget_summary(allocation)
    assert summary.total == Decimal(26900)
    assert summary.count == 10
    assert summary.by_area == {
        "Medarbetarpolicy och organisationskultur": 1500,
        "Övergripande kompetensförsörjning": 3530 + 1750 + 720 + 800 + 1100,
        "Optimerad kompetensbemanning": 5215,
        "Arbetsmiljö": 3000,
        "Lönebildning": 8300,
        "Nyckeltal och uppföljning": 985,
    }
    assert summary.by_area["Övergripande kompetensförsörjning"] == 7900
    assert summary.by_year == {2018: 26900}
    assert summary.by_area_year[("Lönebildning", 2018)] == 8300
    # The areas and rows keep the order of the decision.
    assert [g.name for g in summary.groups][:2] == [
        "Medarbetarpolicy och organisationskultur",
        "Övergripande kompetensförsörjning",
    ]
    assert [d.initiative for d in summary.groups[1].drawdowns] == [
        row[2] for row in SEED_DRAWDOWNS[1:6]
    ]
    # The decision does not state the amount set aside: nothing is "left" to compute.
    assert summary.set_aside is None and summary.left is None


def test_totals_per_year_and_area_year_when_a_second_year_is_claimed(allocation, demo_users):
    services.add_drawdown(
        demo_users["hrstrateg"],
        allocation,
        area="Lönebildning",
        initiative="Löneöversyn 2019",
        initiated="2016",
        year=2019,
        amount_tkr=1000,
        decision="Ianspråktagande 2019",
    )
    summary = services.budget_summary(allocation)
    assert summary.by_year == {2018: 26900, 2019: 1000}
    assert summary.by_area_year[("Lönebildning", 2019)] == 1000
    assert summary.by_area["Lönebildning"] == 9300
    lon = next(row for row in summary.matrix if row[0] == "Lönebildning")
    assert lon == ("Lönebildning", (Decimal(8300), Decimal(1000)), Decimal(9300))
    arbetsmiljo = next(row for row in summary.matrix if row[0] == "Arbetsmiljö")
    assert arbetsmiljo[1] == (Decimal(3000), None)


def test_what_is_left_when_the_amount_set_aside_is_known(allocation, demo_users):
    services.set_allocation_amount(demo_users["hrstrateg"], allocation, 30000)
    summary = services.budget_summary(allocation)
    assert summary.set_aside == 30000
    assert summary.left == 30000 - 26900
    services.set_allocation_amount(demo_users["hrstrateg"], allocation, None)
    assert services.budget_summary(allocation).left is None


def test_outcome_against_drawdown_counts_only_rows_with_outcome(allocation, demo_users):
    user = demo_users["hrstrateg"]
    services.update_drawdown(user, by_initiative(allocation, "Marknadsplan"), outcome_tkr=3200)
    services.update_drawdown(user, by_initiative(allocation, "Benchmarking"), outcome_tkr=1085)
    summary = services.budget_summary(allocation)
    assert summary.outcome_total == 3200 + 1085
    assert summary.drawn_with_outcome == 3530 + 985
    assert summary.outcome_difference == (3200 + 1085) - (3530 + 985)
    assert summary.outcome_count == 2
    assert summary.total == 26900  # the drawdowns themselves are unchanged


def test_no_outcome_entered_gives_no_outcome_total(allocation):
    summary = services.budget_summary(allocation)
    assert summary.outcome_total is None and summary.outcome_difference is None


# ---- validation ------------------------------------------------------------------------------


def test_a_zero_amount_is_refused_with_a_message_naming_the_field(allocation, demo_users):
    with pytest.raises(ValidationError) as caught:
        services.add_drawdown(
            demo_users["hrstrateg"],
            allocation,
            area="Arbetsmiljö",
            initiative="Ny insats",
            initiated="2018",
            year=2018,
            amount_tkr=0,
            decision="Beslut",
        )
    assert set(caught.value.message_dict) == {"amount_tkr"}
    assert "Belopp (Tkr)" in caught.value.message_dict["amount_tkr"][0]
    assert allocation.drawdowns.count() == 10


def test_a_year_far_from_the_plan_period_and_blank_texts_are_refused(allocation, demo_users):
    drawdown = by_initiative(allocation, "Benchmarking")
    with pytest.raises(ValidationError) as caught:
        services.update_drawdown(
            demo_users["hrstrateg"], drawdown, year=2031, initiative=" ", amount_tkr=-5
        )
    errors = caught.value.message_dict
    assert set(errors) == {"year", "initiative", "amount_tkr"}
    assert errors["year"][0].startswith("År:")
    assert "2016–2022" in errors["year"][0]
    assert errors["initiative"][0].startswith("Insats:")
    drawdown.refresh_from_db()
    assert (drawdown.year, drawdown.amount_tkr) == (2018, 985)  # nothing half-stored
    # A year just outside the period is allowed (a claim made the year before).
    services.update_drawdown(demo_users["hrstrateg"], drawdown, year=2017)


def test_a_goal_of_another_programme_cannot_be_served(allocation, demo_users):
    other = Programme.objects.create(code="other", name="Annat", first_year=2023, last_year=2027)
    foreign = Goal.objects.create(
        area=Area.objects.create(programme=other, name="Område"), ref="9", text="Annat mål"
    )
    drawdown = by_initiative(allocation, "Benchmarking")
    with pytest.raises(ValidationError) as caught:
        services.update_drawdown(demo_users["hrstrateg"], drawdown, goals=[foreign])
    assert caught.value.message_dict["goals"][0].startswith("Mål som insatsen tjänar:")
    own = Goal.objects.filter(area__programme=allocation.programme)
    services.update_drawdown(demo_users["hrstrateg"], drawdown, goals=own)
    assert set(drawdown.goals.all()) == set(own)


# ---- permission and scope --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["chef", "lasare", "forvaltningshr"])
def test_only_plan_editors_may_change_the_budget(allocation, demo_users, username):
    user = demo_users[username]
    drawdown = by_initiative(allocation, "Benchmarking")
    with pytest.raises(PermissionDenied):
        services.update_drawdown(user, drawdown, outcome_tkr=10)
    with pytest.raises(PermissionDenied):
        services.remove_drawdown(user, drawdown)
    with pytest.raises(PermissionDenied):
        services.set_allocation_amount(user, allocation, 100)
    with pytest.raises(PermissionDenied):
        services.add_drawdown(
            user,
            allocation,
            area="A",
            initiative="B",
            initiated="2018",
            year=2018,
            amount_tkr=1,
            decision="C",
        )
    assert allocation.drawdowns.count() == 10


def test_an_hr_strategist_of_one_branch_may_not_change_the_regions_budget(allocation, region):
    branch = ensure_user("grenstrateg", "x", Role.HR_STRATEGIST, [region["PV"]])
    with pytest.raises(PermissionDenied):
        services.set_allocation_amount(branch, allocation, 100)


@pytest.mark.parametrize("username", ["chef", "lasare"])
def test_readers_see_the_budget_but_get_403_on_every_change(client_as, allocation, username):
    client = client_as(username)
    drawdown = by_initiative(allocation, "Benchmarking")
    page = client.get(f"/budget/{allocation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lägg till ianspråktagande" not in html
    assert "hx-get" not in html
    assert client.get(f"/budget/insats/{drawdown.pk}/").status_code == 200
    posts = [
        (f"/budget/{allocation.pk}/avsatt/", {"allocation-amount_tkr": "1"}),
        (f"/budget/{allocation.pk}/ny-insats/", {"area": "A"}),
        (f"/budget/insats/{drawdown.pk}/rad/andra/", {"amount_tkr": "1"}),
        (f"/budget/insats/{drawdown.pk}/ta-bort/", {}),
        (f"/budget/insats/{drawdown.pk}/", {"area": "A"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(f"/budget/insats/{drawdown.pk}/rad/andra/").status_code == 403
    assert Drawdown.objects.get(pk=drawdown.pk).amount_tkr == 985
    assert allocation.drawdowns.count() == 10


def test_anonymous_users_are_sent_to_log_in(client, allocation):
    response = client.get(f"/budget/{allocation.pk}/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


# ---- pages -----------------------------------------------------------------------------------


def test_the_allocation_page_shows_the_decision_in_swedish_format(client_as, allocation):
    html = client_as("lasare").get(f"/budget/{allocation.pk}/").content.decode()
    assert f"26{NBSP}900{NBSP}Tkr" in html
    assert f"1{NBSP}500{NBSP}Tkr" in html
    assert f"7{NBSP}900{NBSP}Tkr" in html  # Övergripande kompetensförsörjning
    assert "Totalt" in html
    assert "ej angivet" in html  # the amount set aside is not stated
    assert '<th scope="rowgroup" colspan="7">Övergripande kompetensförsörjning</th>' in html
    # Rows in the order of the decision.
    positions = [html.index(row[2]) for row in SEED_DRAWDOWNS]
    assert positions == sorted(positions)
    assert "Enligt lönestrategi" in html


def test_the_index_lists_allocations_with_claimed_and_left(client_as, allocation, demo_users):
    services.set_allocation_amount(demo_users["hrstrateg"], allocation, 30000)
    html = client_as("chef").get("/budget/").content.decode()
    assert "Regionplan 2018–2020" in html
    assert f"26{NBSP}900{NBSP}Tkr" in html
    assert f"30{NBSP}000{NBSP}Tkr" in html
    assert f"3{NBSP}100{NBSP}Tkr" in html


def test_the_goals_each_drawdown_serves_are_shown(client_as, allocation, demo_users):
    goal = Goal.objects.get(ref="1.2")
    services.update_drawdown(
        demo_users["hrstrateg"], by_initiative(allocation, "Benchmarking"), goals=[goal]
    )
    html = client_as("lasare").get(f"/budget/{allocation.pk}/").content.decode()
    assert "1.2 Rätt kompetens på rätt plats" in html


def test_htmx_edit_in_place_saves_and_returns_the_row_and_new_totals(client_as, allocation):
    client = client_as("hrstrateg")
    drawdown = by_initiative(allocation, "Benchmarking")
    url = f"/budget/insats/{drawdown.pk}/rad/andra/"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="amount_tkr"' in form and 'name="outcome_tkr"' in form
    response = client.post(
        url, {"amount_tkr": "1 085", "outcome_tkr": "900"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="drawdown-{drawdown.pk}"' in html
    assert 'id="budget-total" hx-swap-oob="true"' in html
    assert f"27{NBSP}000{NBSP}Tkr" in html
    drawdown.refresh_from_db()
    assert (drawdown.amount_tkr, drawdown.outcome_tkr) == (1085, 900)


def test_htmx_edit_with_bad_input_shows_the_error_in_the_row(client_as, allocation):
    client = client_as("hrstrateg")
    drawdown = by_initiative(allocation, "Benchmarking")
    response = client.post(
        f"/budget/insats/{drawdown.pk}/rad/andra/",
        {"amount_tkr": "0", "outcome_tkr": "abc"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Belopp (Tkr): beloppet måste vara större än noll." in html
    assert 'aria-invalid="true"' in html
    drawdown.refresh_from_db()
    assert drawdown.amount_tkr == 985 and drawdown.outcome_tkr is None


def test_the_add_form_stores_a_drawdown_or_names_the_bad_field(client_as, allocation):
    client = client_as("hrstrateg")
    url = f"/budget/{allocation.pk}/ny-insats/"
    data = {
        "area": "Arbetsmiljö",
        "initiated": "2018",
        "initiative": "Friskvård",
        "year": "2030",
        "amount_tkr": "250",
        "decision": "Beslut RS 2018",
    }
    html = client.post(url, data).content.decode()
    assert "År: året måste ligga inom 2016–2022" in html
    assert allocation.drawdowns.count() == 10
    data["year"] = "2019"
    response = client.post(url, data)
    assert response.status_code == 302
    added = allocation.drawdowns.get(initiative="Friskvård")
    assert (added.year, added.amount_tkr, added.position) == (2019, 250, 10)


def test_the_drawdown_page_keeps_its_history(client_as, allocation, demo_users):
    drawdown = by_initiative(allocation, "Benchmarking")
    services.update_drawdown(demo_users["hrstrateg"], drawdown, amount_tkr=1000)
    html = client_as("lasare").get(f"/budget/insats/{drawdown.pk}/").content.decode()
    assert "Historik" in html
    assert "Hanna Strateg" in html
    assert "belopp (Tkr)" in html
    assert "985" in html and f"1{NBSP}000" in html


def test_removing_a_drawdown_keeps_its_deletion_in_the_history(allocation, demo_users):
    drawdown = by_initiative(allocation, "Benchmarking")
    pk = drawdown.pk
    services.remove_drawdown(demo_users["hrstrateg"], drawdown)
    assert services.budget_summary(allocation).total == 26900 - 985
    deleted = Drawdown.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == demo_users["hrstrateg"]


# ---- downloads -------------------------------------------------------------------------------


def test_the_xlsx_download_has_the_rows_and_the_total(client_as, allocation):
    response = client_as("lasare").get(f"/budget/{allocation.pk}/tabell.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    header = rows.index(
        ("Område", "Initierat", "Insats", "År", "Belopp (Tkr)", "Utfall (Tkr)", "Beslut", "Mål")
    )
    body = rows[header + 1 : header + 11]
    assert [(r[0], r[1], r[2], r[4]) for r in body] == [
        (area, initiated, initiative, amount)
        for area, initiated, initiative, amount in SEED_DRAWDOWNS
    ]
    total = rows[header + 11]
    assert total[0] == "Totalt" and total[4] == 26900
    assert rows[header + 13][0] == "Kvar" and rows[header + 13][4] == "ej angivet"


def test_the_csv_download_has_the_rows_and_the_total(client_as, allocation):
    response = client_as("lasare").get(f"/budget/{allocation.pk}/tabell.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Område", "Initierat", "Insats", "År", "Belopp (Tkr)"]
    assert rows[3][:5] == [
        "Övergripande kompetensförsörjning",
        "2015",
        "Auskultation mm utlandsutbildade",
        "2018",
        "1750",
    ]
    assert rows[-1][0] == "Totalt" and rows[-1][4] == "26900"
    assert client_as("lasare").get(f"/budget/{allocation.pk}/tabell.pdf").status_code == 404


def test_a_drawdown_written_as_a_formula_downloads_as_text(client_as, allocation, demo_users):
    """OWASP "CSV Injection" (issue 11, part 7): the initiative stays text in both files."""
    attack = "=cmd|' /C calc'!A0"
    services.add_drawdown(
        demo_users["hrstrateg"],
        allocation,
        area="Lönebildning",
        initiative=attack,
        initiated="2016",
        year=2019,
        amount_tkr=1000,
        decision="@Ianspråktagande 2019",
    )
    allocation.name = "=1+1"
    allocation.save()
    client = client_as("lasare")
    text = client.get(f"/budget/{allocation.pk}/tabell.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if attack in r[2])
    assert row[2] == "'" + attack and row[6] == "'@Ianspråktagande 2019"
    assert row[4] == "1000"
    response = client.get(f"/budget/{allocation.pk}/tabell.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=1+1: ")
    cells = next(r for r in sheet.iter_rows() if r[2].value == attack)
    assert cells[2].data_type == "s" and cells[6].value == "@Ianspråktagande 2019"
    assert (cells[4].data_type, cells[4].value) == ("n", 1000)
