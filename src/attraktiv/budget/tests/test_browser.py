"""The budget page in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from attraktiv.budget.models import Drawdown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def test_an_hr_strategist_edits_a_row_in_place_and_a_reader_only_reads(
    browser, demo_users, allocation
):
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Budget").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Budget"
    page.get_by_role("link", name="Regionplan 2018–2020").click()
    browser.check()
    table = page.get_by_role("table", name=re.compile("Ianspråktaganden av Regionplan"))
    total = table.locator("tfoot").inner_text()
    assert "Totalt" in total and f"26{NBSP}900{NBSP}Tkr" in total

    # Edit in place: amount and outcome of one row; the totals follow without a reload.
    page.get_by_role("button", name="Ändra Benchmarking, mätning mm").click()
    amount = page.get_by_label("Belopp (Tkr), Benchmarking, mätning mm")
    amount.wait_for()
    browser.check()
    amount.fill("1 085")
    page.get_by_label("Utfall (Tkr), Benchmarking, mätning mm").fill("900")
    page.get_by_role("button", name="Spara Benchmarking, mätning mm").click()
    page.get_by_role("button", name="Ändra Benchmarking, mätning mm").wait_for()
    drawdown = Drawdown.objects.get(initiative="Benchmarking, mätning mm")
    assert f"27{NBSP}000{NBSP}Tkr" in table.locator("tfoot").inner_text()
    assert f"1{NBSP}085{NBSP}Tkr" in page.locator(f"#drawdown-{drawdown.pk}").inner_text()
    assert f"27{NBSP}000{NBSP}Tkr" in page.locator("#budget-figures").inner_text()
    browser.check()
    drawdown.refresh_from_db()
    assert (drawdown.amount_tkr, drawdown.outcome_tkr) == (1085, 900)

    # A bad amount is refused in the row, naming the field.
    page.get_by_role("button", name="Ändra Kompetensväxling, utbildningsinsatser mm").click()
    amount = page.get_by_label("Belopp (Tkr), Kompetensväxling, utbildningsinsatser mm")
    amount.fill("0")
    page.get_by_role("button", name="Spara Kompetensväxling, utbildningsinsatser mm").click()
    page.get_by_text("Belopp (Tkr): beloppet måste vara större än noll.").wait_for()
    browser.check()
    page.get_by_role("button", name="Avbryt").click()
    page.get_by_role("button", name="Ändra Kompetensväxling, utbildningsinsatser mm").wait_for()

    # The drawdown's own page keeps the history of the change.
    page.get_by_role("link", name="Benchmarking, mätning mm").click()
    browser.check()
    history = page.get_by_role("region", name="Historik")
    assert "Hanna Strateg" in history.inner_text()

    # A reader sees the same budget and no edit controls.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    browser.login("lasare")
    browser.visit(f"/budget/{allocation.pk}/")
    assert f"27{NBSP}000{NBSP}Tkr" in page.locator("tfoot").first.inner_text()
    assert page.get_by_role("button", name=re.compile("^Ändra")).count() == 0
    assert page.get_by_role("heading", name="Lägg till ianspråktagande").count() == 0
