"""The competence supply pages in a real Chromium, axe-core on every page (WCAG 2.1 AA)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from attraktiv.supplyplan.models import PlanRun, RunState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def test_an_hr_strategist_computes_the_plan_and_a_scenario(browser, stored_region):
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Kompetensförsörjning"
    ).click()
    browser.check()
    assert "Planen har inte beräknats ännu" in page.locator("main").inner_text()
    page.get_by_text("Beräkna planen").click()
    page.get_by_label("Basår").fill("2024")
    page.get_by_label("Slumpkörningar").fill("40")
    page.get_by_role("button", name="Räkna").click()
    page.wait_for_load_state()
    browser.check()
    assert "Väntar på bakgrundsjobbet" in page.get_by_role("status").inner_text()
    run_jobs()
    page.get_by_text("Planen är beräknad.").wait_for(timeout=30_000)
    browser.check()
    page.get_by_role("link", name="Se planen").click()
    browser.check()
    assert "bristkompetenser på lång sikt" in page.locator(".summary-line").inner_text()
    page.get_by_role("link", name="Sjuksköterska", exact=True).click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sjuksköterska"
    browser.visit("/kompetensforsorjning/scenarier/")
    page.get_by_label("Namn", exact=True).first.fill("Senare pension")
    page.get_by_label("Basår").fill("2024")
    page.get_by_label("Pensionsålder +Δ år").fill("2,4")
    page.get_by_role("button", name="Spara scenariot").click()
    page.wait_for_load_state()
    browser.check()
    page.get_by_role("button", name="Räkna").click()
    page.wait_for_load_state()
    run_jobs()
    page.get_by_text("Planen är beräknad.").wait_for(timeout=30_000)
    page.get_by_role("link", name="Se scenariots resultat").click()
    browser.check()
    assert page.get_by_role("heading", name="Vad varje hävstång sluter").is_visible()
    assert PlanRun.objects.filter(state=RunState.DONE).count() == 2


def test_a_reader_has_no_supply_page(browser, demo_users):
    page = browser.login("lasare")
    browser.visit("/kompetensforsorjning/")
    assert page.get_by_role("heading", level=1).inner_text() == "Åtkomst nekad"


def test_a_run_form_with_bad_numbers_or_a_year_without_data_shows_why(browser, stored_region):
    """Issue 12: an empty run form, or base year 1990, answered with a server error."""
    page = browser.login("hrstrateg")
    browser.visit("/kompetensforsorjning/")
    page.get_by_text("Beräkna planen").click()
    page.get_by_label("Basår").fill("")
    page.get_by_label("Slumpkörningar").fill("")
    # The browser's own check would stop an empty required field; the server must too.
    page.locator("form.form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Räkna").click()
    page.wait_for_load_state()
    browser.check()
    errors = page.locator(".field-error").all_inner_texts()
    assert errors == ["Detta fält måste fyllas i.", "Detta fält måste fyllas i."]
    page.get_by_label("Basår").fill("1990")
    page.get_by_label("Slumpkörningar").fill("40")
    page.get_by_role("button", name="Räkna").click()
    page.wait_for_load_state()
    browser.check()
    assert page.locator(".field-error").inner_text() == (
        "HR-data omfattar 2018–2024. En plan behöver data för sitt basår och de 5 åren före "
        "det: välj ett basår från 2023 till 2024."
    )
    assert not PlanRun.objects.exists()


def test_a_comparison_of_scenarios_that_are_not_there_says_so(browser, demo_users):
    page = browser.login("hrstrateg")
    response = page.goto(browser.base_url + "/kompetensforsorjning/scenarier/jamfor/?a=abc")
    browser.check()
    assert response is not None and response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Jämför scenarier"
    assert "Välj ett giltigt alternativ" in page.locator(".field-error").first.inner_text()
