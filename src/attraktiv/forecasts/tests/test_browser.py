"""The external-assessment page in a real Chromium, with axe-core on every page visited
(WCAG 2.1 AA): an HR strategist uploads the real sample and links an occupation in place."""

from __future__ import annotations

import re

import pytest

from attraktiv.forecasts.models import LabourMarketAssessment, OccupationLink
from attraktiv.forecasts.tests.helpers import sample_records, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hidden_suffix(visible: str, hidden: str) -> re.Pattern[str]:
    """A control's name: the visible words, then ": <hidden>" for screen readers (Chromium
    may put a space before the visually hidden part)."""
    return re.compile(rf"^{re.escape(visible)}\s*: {re.escape(hidden)}$")


def test_an_hr_strategist_uploads_the_sample_and_links_an_occupation_in_place(
    browser, demo_users, competences, sample, tmp_path
):
    page = browser.login("hrstrateg")
    browser.visit("/prognoser/")
    assert page.get_by_role("heading", level=1).inner_text() == "Externa bedömningar"
    assert page.get_by_text("Inga externa bedömningar har lästs in än.").is_visible()

    # A bad file first: the problems by file, line and column, and nothing stored.
    records = sample_records()
    records[1]["rekryteringssituation"] = "underskott"
    bad = write_csv(tmp_path / "fel.csv", records, delimiter=";", encoding="cp1252")
    page.get_by_label("Yrkesbarometerfil").set_input_files(str(bad))
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.wait_for_load_state()
    browser.check()
    assert "Inget sparades" in page.get_by_role("alert").inner_text()
    problems = page.get_by_role("table", name="Problem i filen")
    cells = problems.get_by_role("row").nth(1).get_by_role("cell").all_inner_texts()
    assert cells[:3] == ["fel.csv", "3", "rekryteringssituation"]
    assert not LabourMarketAssessment.objects.exists()

    # The real sample.
    page.get_by_label("Yrkesbarometerfil").set_input_files(str(sample))
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.wait_for_load_state()
    browser.check()
    assert "28 rader" in page.get_by_role("status").first.inner_text()
    table = page.get_by_role("table", name="Arbetsförmedlingen Yrkesbarometer 2026-1, Hela landet")
    assert table.get_by_role("row").count() == 29
    row = table.get_by_role("row", name="Barnmorskor")
    assert "Paradox" in row.inner_text()

    # Link Barnmorskor to our Barnmorska, in place.
    page.get_by_role("button", name=hidden_suffix("Ändra kopplingar", "Barnmorskor")).click()
    select = page.get_by_label(hidden_suffix("Koppla till kompetens", "Barnmorskor"))
    select.wait_for()
    browser.check()
    select.select_option(label="Barnmorska")
    page.get_by_role("button", name="Koppla", exact=True).click()
    page.get_by_text("Barnmorskor är nu kopplad till Barnmorska.").wait_for()
    browser.check()
    page.get_by_role("button", name=hidden_suffix("Klar", "Barnmorskor")).click()
    page.get_by_role("button", name=hidden_suffix("Ändra kopplingar", "Barnmorskor")).wait_for()
    assert "Barnmorska" in table.get_by_role("row", name="Barnmorskor").inner_text()
    browser.check()
    link = OccupationLink.objects.get()
    assert (link.af_occupation, link.group.name) == ("Barnmorskor", "Barnmorska")
    assert link.history.get().history_user == demo_users["hrstrateg"]

    # A manager reads the same table without any controls.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    browser.login("chef")
    browser.visit("/prognoser/")
    assert (
        page.get_by_role("button", name=hidden_suffix("Ändra kopplingar", "Barnmorskor")).count()
        == 0
    )
    assert page.get_by_label("Yrkesbarometerfil").count() == 0
