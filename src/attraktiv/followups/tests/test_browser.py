"""A follow-up round in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA).

Förvaltnings-HR reports its own actions in place and marks its unit done, and cannot touch
others' actions; the HR strategist then sees the progress, assesses a goal and locks the
round.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from attraktiv.actionplans.models import ActionStatus
from attraktiv.followups import services
from attraktiv.followups.models import ActionReport, FollowUpRound, GoalAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SCREENSHOTS = os.environ.get("ATTRAKTIV_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    """Save a screenshot for the docs when ATTRAKTIV_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def csrf_token(page) -> str:
    return page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")


def test_forvaltnings_hr_reports_in_place_and_the_strategist_locks(
    browser, plan, demo_users, region
):
    page = browser.login("forvaltningshr")
    browser.visit("/uppfoljning/")
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljningar"
    page.get_by_role("link", name="Uppföljning 2024").click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljning 2024"

    # Only PV's part: one section, with the Förvaltningar actions, no CHR-only action.
    table = page.get_by_role("table", name="Åtgärder som Primärvårdsförvaltningen rapporterar")
    rows = table.get_by_role("row")
    assert rows.count() == 3  # header, A1, A3
    text = table.inner_text()
    assert plan.forv.text in text and plan.both.text in text
    assert plan.chr.text not in page.content()
    assert page.get_by_role("heading", name="Hälso- och sjukvårdsförvaltningen").count() == 0

    # Status and comment saved in place.
    page.get_by_label("Status för åtgärd A1").select_option(ActionStatus.IN_PROGRESS)
    page.get_by_label("Kommentar till åtgärd A1").fill("Planerna skrivs under hösten")
    page.get_by_role("button", name="Spara A1").click()
    row = page.locator(f"#report-{plan.forv.pk}-{region['PV'].pk}")
    row.get_by_text("Sparat").wait_for()
    assert page.get_by_role("status").filter(has_text="Sparat: åtgärd A1").count() == 1
    browser.check()
    assert page.get_by_label("Kommentar till åtgärd A1").input_value() == (
        "Planerna skrivs under hösten"
    )
    assert page.get_by_label("Status för åtgärd A1").input_value() == ActionStatus.IN_PROGRESS
    screenshot(page, "followup-report")
    report = ActionReport.objects.get()
    assert (report.unit, report.status, report.comment) == (
        region["PV"],
        ActionStatus.IN_PROGRESS,
        "Planerna skrivs under hösten",
    )

    # A direct POST for a CHR-only action, or for HS's part, is refused.
    token = csrf_token(page)
    for action, unit in [(plan.chr, region["PV"]), (plan.forv, region["HS"])]:
        url = reverse("followups:report", args=[plan.round.pk, action.pk, unit.pk])
        response = page.request.post(
            browser.base_url + url,
            form={"status": "done", "comment": "Försök"},
            headers={"X-CSRFToken": token, "HX-Request": "true"},
        )
        assert response.status == 403
    assert ActionReport.objects.count() == 1

    # "Markera som klar".
    page.get_by_role("button", name=re.compile("^Markera som klar")).click()
    page.wait_for_load_state()
    browser.check()
    assert "Markerad som klar" in page.get_by_role("main").inner_text()
    assert "1 av 4" in page.locator("#progress-label").inner_text()

    # The HR strategist sees the progress, assesses a goal and locks the round.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")
    browser.login("hrstrateg")
    browser.visit(reverse("followups:round", args=[plan.round.pk]))
    assert "1 av 4 enheter har rapporterat" in page.locator("#progress-label").inner_text()
    assert page.locator("progress").first.get_attribute("value") == "1"
    assert "Planerna skrivs under hösten" in page.get_by_role("main").inner_text()
    form = page.locator(f"#assessment-{plan.goal1.pk}")
    form.get_by_label("Bedömning", exact=True).fill("Arbetet följer planen.")
    form.get_by_role("button", name="Spara bedömningen").click()
    page.locator(f"#assessment-{plan.goal1.pk}").get_by_text("Sparat").wait_for()
    browser.check()
    assert GoalAssessment.objects.get().text == "Arbetet följer planen."
    screenshot(page, "followup-strategist")

    # Three of four units have not reported: locking asks for a confirmation first.
    assert "3 av 4 enheter har inte rapporterat än" in page.locator("#lock-unreported").inner_text()
    page.get_by_role("button", name="Lås uppföljningen").click()
    page.wait_for_load_state()
    browser.check()
    assert not FollowUpRound.objects.get().is_locked
    assert page.locator(".lock-panel .field-error").inner_text() == (
        "3 av 4 enheter har inte rapporterat. Bekräfta att omgången ska låsas ändå."
    )
    page.get_by_label("Lås trots att inte alla enheter har rapporterat").check()
    page.get_by_role("button", name="Lås uppföljningen").click()
    page.wait_for_load_state()
    browser.check()
    assert "Uppföljningen är låst" in page.get_by_role("main").inner_text()
    assert FollowUpRound.objects.get().is_locked
    screenshot(page, "followup-locked")
    assert services.progress(plan.round).reported == 1

    browser.visit(reverse("followups:history", args=[plan.round.pk]))
    assert "Hanna Strateg" in page.get_by_role("table").inner_text()
