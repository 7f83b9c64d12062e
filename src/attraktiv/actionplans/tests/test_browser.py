"""The action plan in a real Chromium, with axe-core on every page and after each swap."""

from __future__ import annotations

import datetime

import pytest

from attraktiv.actionplans import services
from attraktiv.actionplans.models import ActionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hrstrateg_filters_sets_a_status_in_place_and_compares(browser, demo_users, plan):
    user = demo_users["hrstrateg"]
    services.approve_revision(user, plan.plan, 2023, datetime.date(2023, 2, 20), "RS § 12")
    services.reschedule_action(user, plan.action("2"), 2026, "Ny mall tas fram först")
    services.update_action(user, plan.action("3"), text="Heltid som norm")
    services.add_action(
        user,
        plan.plan,
        goal=plan.goals["4.1"],
        ref="5",
        text="Chefsutbildning i rehabilitering",
        responsible=[plan.chr],
        planned_year=2025,
    )
    services.remove_action(user, plan.action("4"))
    plan.indicators["4.1a"].targets.filter(year=2027).update(value="2.5")

    page = browser.login("hrstrateg")
    browser.visit("/handlingsplaner/")
    assert page.get_by_role("heading", level=1).inner_text() == "Handlingsplan 2024, version 2"
    # The moved action shows its first year struck through, and the reason.
    moved = page.get_by_role("row", name="2 Genomför avgångssamtal")
    assert moved.locator("del").text_content() == "ursprungligen planerat till 2025"
    assert "Skäl: Ny mall tas fram först" in moved.inner_text()

    page.get_by_label("Ansvar").select_option("CHR")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    browser.check()
    assert "ansvarig=CHR" in page.url
    table_rows = page.locator("tbody tr")
    assert table_rows.count() == 3  # actions 1, 3 and 5

    page.get_by_label("Status för åtgärd 1").select_option("in_progress")
    message = page.locator("#plan-message")
    message.get_by_text("Status för åtgärd 1 är nu ”Pågår”.").wait_for()
    browser.check()
    assert plan.action("1").status == ActionStatus.IN_PROGRESS
    # The swapped row keeps its control, with the new status chosen.
    assert page.get_by_label("Status för åtgärd 1").input_value() == "in_progress"

    page.get_by_role("link", name="Jämför versioner").click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Jämför versioner"
    changed = page.get_by_role("table", name="Ändrade åtgärder, fält för fält")
    text_row = changed.locator("tr", has_text="Heltid som norm")
    assert text_row.locator("del").text_content() == "tidigare Erbjud heltid vid nyanställning"
    assert text_row.locator("ins").text_content() == "nu Heltid som norm"
    status_row = changed.locator("tr", has_text="Ta fram en modell")
    assert status_row.locator("ins").text_content() == "nu Pågår"

    added = page.get_by_role("table", name="Tillagda åtgärder")
    assert "Tillagd" in added.locator("tr.diff-added").inner_text()
    removed = page.get_by_role("table", name="Borttagna åtgärder")
    assert "Borttagen" in removed.locator("tr.diff-removed").inner_text()
    targets = page.get_by_role("table", name="Ändrade målvärden")
    assert (
        targets.locator("del").inner_text() == "2,7"
        and targets.locator("ins").inner_text() == "2,5"
    )

    browser.visit("/handlingsplaner/pap/revidera/")
    browser.visit("/handlingsplaner/pap/atgard/2/")
    assert page.get_by_role("heading", level=1).inner_text() == "Åtgärd 2"
    assert len(browser.checked_urls) >= 6


def test_rescheduled_in_place_without_a_year_is_refused_in_the_row(browser, demo_users, plan):
    """Issue 12: the in-place status accepted "Omplanerad" with no new year or reason."""
    page = browser.login("forvaltningshr")
    browser.visit("/handlingsplaner/")
    page.get_by_label("Status för åtgärd 2").select_option("rescheduled")
    error = page.locator(f"#status-{plan.action('2').pk}-error")
    error.wait_for()
    browser.check()
    assert error.inner_text() == (
        "”Omplanerad” kräver ett nytt år och ett skäl: flytta åtgärden under ”Flytta till ett "
        "annat år” på dess sida."
    )
    assert page.locator("#plan-message").inner_text() == error.inner_text()
    assert page.get_by_label("Status för åtgärd 2").input_value() == "not_started"
    assert plan.action("2").status == ActionStatus.NOT_STARTED
