"""The programme pages in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.programmes.models import ManualValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_strategist_reads_the_programme_and_enters_a_value(browser, demo_users):
    load_demo_programmes()
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Program och handlingsplaner"
    ).click()
    browser.check()
    page.get_by_role(
        "link", name="Program för personal- och arbetsgivarpolitik, målbild 2027", exact=True
    ).click()
    browser.check()
    assert "indikatorer på väg" in page.locator(".summary-line").inner_text()
    # Each area is a section with its goals' indicator tables.
    table = page.get_by_role("table", name="Indikatorer för mål 4")
    row = table.get_by_role("row").filter(has_text="Korttidssjukfrånvaro")
    assert "2,7\u00a0% (2027)" in row.inner_text() and "Ej mätt ännu" in row.inner_text()
    page.get_by_role("link", name="Mål 3", exact=True).click()
    browser.check()
    page.get_by_role("link", name="Bemanning med egen personal i hela länet").wait_for()
    page.get_by_role(
        "link",
        name="En löneutveckling baserad på prestation och kompetens och som sträcker sig över "
        "hela yrkeskarriären",
    ).first.click()
    browser.check()
    page.get_by_role("spinbutton", name="År").fill("2024")
    page.get_by_role("textbox", name="Värde").fill("61,5")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("table", name="Värden inmatade för hand").get_by_text("61,5").count()
    assert ManualValue.objects.get(entered_by__username="hrstrateg").year == 2024
    browser.visit("/program/statusregler/")


def test_a_reader_sees_the_overview_without_edit_controls(browser, demo_users):
    load_demo_programmes()
    browser.login("lasare")
    page = browser.visit("/program/attraktiv-arbetsgivare-2018/?ar=2018")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Attraktiv arbetsgivare")
    key_figures = page.locator(".key-figures").inner_text()
    assert "26\u00a0900\u00a0Tkr ianspråktaget" in key_figures
    assert "Programmet har inga indikatorer" in key_figures
    page = browser.visit("/program/attraktiv-arbetsgivare-2018/mal/7/?ar=2018")
    assert page.get_by_role("button", name="Spara").count() == 0


def test_a_past_programme_is_judged_within_its_own_period_and_its_lock_says_by_whom(
    browser, demo_users
):
    """Issue 12: the 2018–2020 programme was judged for last year by default, its goals
    "Ej på väg" beside its own locked round's "På väg", and that round said "Låst … av –"."""
    from attraktiv.followups.models import FollowUpRound

    load_demo_programmes()
    code = "attraktiv-arbetsgivare-2018"
    browser.login("lasare")
    page = browser.visit(f"/program/{code}/")
    assert page.get_by_label("Bedömt för året").input_value() == "2020"
    assert page.locator(".summary-line").inner_text().endswith("(2020)")
    page = browser.visit(f"/program/{code}/mal/1/")  # the goal page's own default
    assert "Bedömning 2020:" in page.get_by_role("main").inner_text()
    round = FollowUpRound.objects.get(programme__code=code)
    page = browser.visit(f"/uppfoljning/{round.pk}/")
    note = " ".join(page.locator(".locked-note").inner_text().split())
    assert "av inläst från programfil." in note and "av –" not in note
    assert (
        page.locator(".assessment .footnote")
        .first.inner_text()
        .startswith("inläst från programfil, ")
    )
