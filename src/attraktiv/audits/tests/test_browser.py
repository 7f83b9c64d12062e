"""The audit pages in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from attraktiv.audits.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_strategist_follows_up_a_measure_in_place_and_a_reader_only_reads(
    browser, demo_users, audit
):
    measure = Measure.objects.get(recommendation__audit=audit, recommendation__number=3)
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Granskningar"
    ).click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Granskningar"
    page.get_by_role("link", name="Strategisk kompetensförsörjning").click()
    browser.check()
    assert "7/2022" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("ol.audit-areas li").count() == 8
    assert page.get_by_role("heading", level=3, name=re.compile("^Rekommendation")).count() == 4
    # Every editing form (closed by default) passes axe too.
    for summary in page.locator("summary").all():
        summary.click()
    browser.check()
    page.reload()

    # Follow up one measure in place: status and comment.
    block = page.locator(f"#measure-{measure.pk}")
    block.get_by_role("button", name=re.compile("^Uppdatera uppföljningen")).click()
    status = page.locator(f"form#measure-{measure.pk}").get_by_label("Uppföljningsstatus")
    status.wait_for()
    browser.check()
    status.select_option(label="Pågår")
    page.locator(f"form#measure-{measure.pk}").get_by_label("Kommentar till uppföljningen").fill(
        "Åtgärderna införlivas i nämndplanerna 2024."
    )
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.locator(f"div#measure-{measure.pk}").get_by_text("Sparat.").wait_for()
    shown = page.locator(f"div#measure-{measure.pk}").inner_text()
    assert "Pågår" in shown and "nämndplanerna 2024" in shown
    browser.check()
    measure.refresh_from_db()
    assert measure.status == "in_progress"

    # The measure's history says who changed what.
    page.locator(f"div#measure-{measure.pk}").get_by_role(
        "link", name=re.compile("^Historik")
    ).click()
    browser.check()
    assert "Hanna Strateg" in page.get_by_role("region", name="Historik").inner_text()

    # A reader sees the follow-up and no edit controls.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    browser.login("lasare")
    browser.visit(f"/granskningar/{audit.pk}/")
    assert "Pågår" in page.locator(f"#measure-{measure.pk}").inner_text()
    assert page.get_by_role("button", name=re.compile("^Uppdatera")).count() == 0
    assert page.get_by_text("Redigera granskningen").count() == 0
    browser.visit("/granskningar/")
    assert page.get_by_role("heading", name="Registrera en granskning").count() == 0


def test_emptying_the_action_areas_asks_before_removing_all_eight(browser, demo_users, audit):
    """Issue 12: an empty action-area form deleted all 8 areas without a question."""
    page = browser.login("hrstrateg")
    browser.visit(f"/granskningar/{audit.pk}/")
    page.get_by_text("Ändra de strategiska åtgärdsområdena").click()
    page.get_by_role("textbox", name="Strategiska åtgärdsområden").fill("")
    page.get_by_role("button", name="Spara områdena").click()
    page.wait_for_load_state()
    browser.check()
    assert page.locator(".field-error").inner_text() == (
        "Alla 8 åtgärdsområden skulle tas bort. Bekräfta borttagningen, eller skriv tillbaka "
        "områdena i listan."
    )
    assert audit.strategic_areas.count() == 8
    page.get_by_label("Ta bort de områden som inte står kvar i listan").check()
    page.get_by_role("button", name="Spara områdena").click()
    page.wait_for_load_state()
    browser.check()
    assert audit.strategic_areas.count() == 0
