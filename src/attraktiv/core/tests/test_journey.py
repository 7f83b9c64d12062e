"""The year's cycle end to end in a real Chromium, axe-core on every page (issue 6, item 6).

A small synthetic region is stored through the real parts (the generator, the reader, the
import, the indicator engine, the seed programmes, a supply plan base run and an open
follow-up round). Then the HR strategist reads the programme, drills an indicator down from
the region to a workplace, reads the supply plan and computes a scenario with a lever; the
Förvaltnings-HR user reports the actions of their förvaltning in the round; the HR strategist
locks the round; a board member (Läsare) follows the programme from the start page to the
Nyckeltal page of one of its indicators. Each main page is saved to docs/images/ for the user
guide (docs/anvandarhandbok.md) and the README.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from attraktiv.actionplans.models import ActionStatus
from attraktiv.core.tests.helpers import PROGRAMME, YEARS
from attraktiv.followups.models import ActionReport, FollowUpRound, UnitCompletion
from attraktiv.organisation.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGES = Path(__file__).resolve().parents[4] / "docs" / "images"


def screenshot(page, name: str) -> None:
    """Save the page as it is now (1280×900, the browser fixture's viewport) for the docs."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"journey-{name}.png"))


def scroll_to(locator) -> None:
    """Scroll the page so the element sits at the top of the viewport (for a screenshot)."""
    locator.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16)"
    )


def run_jobs() -> None:
    """Run the queued background jobs (django-tasks' database backend) once, as the worker."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def test_a_year_of_hr_strategy_from_programme_to_locked_follow_up(browser, journey_region):
    round = journey_region
    page = browser.login("hrstrateg")

    # The start page: where things stand, and where to begin.
    browser.visit("/")
    stand = page.locator("#where-things-stand").inner_text()
    assert "Program för personal- och arbetsgivarpolitik, målbild 2027" in stand
    assert "indikatorer på väg" in stand
    assert "kompetenser med brist på lång sikt" in stand
    assert "Uppföljning 2024: 0 av" in stand
    screenshot(page, "start")

    # The programme overview: areas, goals and their status.
    browser.visit(reverse("programmes:overview", args=[PROGRAMME]))
    assert "2027" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Bedömt för året").select_option(str(YEARS[1]))
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    browser.check()
    assert f"({YEARS[1]})" in page.locator("main").inner_text()
    # Women and men beside the medarbetare's HME index too (seed 001: "där det är möjligt").
    hme = page.get_by_role("table", name="Indikatorer för mål 2").get_by_role("row")
    women, men = (
        hme.filter(has_text="HME – totalt medarbetare").locator("td").all_inner_texts()[-2:]
    )
    assert re.fullmatch(r"\d+,\d", women) and re.fullmatch(r"\d+,\d", men)
    screenshot(page, "programme")

    # An indicator on Nyckeltal, drilled down from the region to a workplace of the
    # Primärvårdsförvaltningen (the first workplace under it in the organisation tree).
    workplace = (
        Unit.objects.filter(path__startswith=Unit.objects.get(unit_id="PV").path)
        .filter(children__isnull=True)
        .order_by("path")
        .first()
    )
    assert workplace is not None
    region, *between = workplace.ancestors()
    steps = [*(unit.name for unit in between), workplace.name]
    assert len(steps) >= 3  # förvaltning, verksamhet, workplace
    browser.visit(reverse("indicators:detail", args=["sick_leave_total"]))
    assert page.locator(".lead").inner_text() == region.name
    page.get_by_role("navigation", name="Fördelningar").get_by_role("link", name="Enhet").click()
    page.locator("#breakdown").get_by_role("link", name=steps[0], exact=True).wait_for()
    browser.check()
    for name in steps:
        page.locator("#breakdown").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        browser.check()
        assert page.locator(".lead").inner_text() == name
    assert page.locator(".breadcrumbs [aria-current=page]").inner_text() == workplace.name
    screenshot(page, "indicator")

    # The supply plan, one competence, then a scenario with a lever.
    browser.visit(reverse("supply:index"))
    assert "bristkompetenser på lång sikt" in page.locator(".summary-line").inner_text()
    screenshot(page, "supply")
    page.get_by_role("link", name="Sjuksköterska", exact=True).click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sjuksköterska"
    scroll_to(page.get_by_role("heading", name="Tillgång och efterfrågan"))
    screenshot(page, "competence")
    browser.visit(reverse("supply:scenarios"))
    page.get_by_label("Namn", exact=True).first.fill("Senare pension")
    page.get_by_label("Basår").fill(str(YEARS[1]))
    page.get_by_label("Pensionsålder +Δ år").fill("2,4")
    page.get_by_role("button", name="Spara scenariot").click()
    page.wait_for_load_state()
    browser.check()
    page.get_by_role("button", name="Räkna").click()
    page.wait_for_load_state()
    run_jobs()
    page.get_by_text("Planen är beräknad.").wait_for(timeout=60_000)
    browser.check()
    page.get_by_role("link", name="Se scenariots resultat").click()
    page.wait_for_load_state()
    browser.check()
    lever_heading = page.get_by_role("heading", name="Vad varje hävstång sluter")
    assert lever_heading.is_visible()
    screenshot(page, "scenario")

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")

    # Förvaltnings-HR reports Primärvårdsförvaltningen's actions in place.
    page = browser.login("forvaltningshr")
    browser.visit(reverse("followups:round", args=[round.pk]))
    section = page.get_by_role("table", name=re.compile("Primärvårdsförvaltningen rapporterar"))
    refs = [
        re.sub(r"^Status för åtgärd ", "", label)
        for label in section.locator("label[for^=status-]").all_inner_texts()
    ]
    assert refs, "Primärvårdsförvaltningen has actions to report"
    reports = [
        (ActionStatus.IN_PROGRESS, "Kartläggning på fyra vårdcentraler."),
        (ActionStatus.DONE, "Klar, redovisad i oktober."),
        (ActionStatus.IN_PROGRESS, "Chefsdialoger under hösten."),
    ]
    reported = refs[: len(reports)]
    for ref, (status, comment) in zip(reported, reports, strict=False):
        page.get_by_label(f"Status för åtgärd {ref}", exact=True).select_option(status)
        page.get_by_label(f"Kommentar till åtgärd {ref}", exact=True).fill(comment)
        page.get_by_role("button", name=f"Spara {ref}", exact=True).click()
        page.get_by_role("status").filter(has_text=f"Sparat: åtgärd {ref}").wait_for()
    browser.check()
    scroll_to(page.get_by_role("heading", name="Primärvårdsförvaltningen", exact=True))
    screenshot(page, "followup-report")
    assert ActionReport.objects.filter(round=round).count() == len(reported)
    page.get_by_role("button", name=re.compile("^Markera som klar")).click()
    page.wait_for_load_state()
    browser.check()
    assert "Markerad som klar" in page.get_by_role("main").inner_text()
    assert UnitCompletion.objects.filter(round=round).count() == 1

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")

    # The HR strategist sees the progress and locks the round.
    page = browser.login("hrstrateg")
    browser.visit(reverse("followups:round", args=[round.pk]))
    assert "1 av" in page.locator("#progress-label").inner_text()
    assert "Klar, redovisad i oktober." in page.get_by_role("main").inner_text()
    screenshot(page, "followup")
    # Not every unit has reported: the lock asks for a confirmation.
    page.get_by_label("Lås trots att inte alla enheter har rapporterat").check()
    page.get_by_role("button", name="Lås uppföljningen").click()
    page.wait_for_load_state()
    browser.check()
    assert "Uppföljningen är låst" in page.get_by_role("main").inner_text()
    assert FollowUpRound.objects.get(pk=round.pk).is_locked
    screenshot(page, "followup-locked")

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")

    # A board member (Läsare) follows the programme from the start page to the Nyckeltal
    # page of one of its indicators, at the programme's level: the region (issue 12).
    page = browser.login("lasare")
    browser.visit("/")
    walk = [
        page.locator("#where-things-stand").get_by_role(
            "link", name="Program för personal- och arbetsgivarpolitik, målbild 2027"
        ),
        page.get_by_role("link", name="Mål 1", exact=True),
        page.get_by_role("table", name="Indikatorer för mål 1").get_by_role(
            "link", name="Genomsnittlig pensionsålder på regionnivå"
        ),
        page.locator("dl.facts").get_by_role("link", name="Genomsnittlig pensionsålder"),
    ]
    for link in walk:
        assert "Åtkomst nekad" not in page.locator("body").inner_text()
        link.click()
        page.wait_for_load_state()
        browser.check()
    assert "Åtkomst nekad" not in page.locator("body").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Genomsnittlig pensionsålder"
    assert page.locator(".lead").inner_text() == Unit.objects.get(parent=None).name
    assert page.locator(".key-figure__value").inner_text().endswith("år")
