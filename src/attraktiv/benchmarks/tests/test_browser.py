"""The comparison on the region's indicator page in a real browser, checked by axe."""

from __future__ import annotations

import pytest

from attraktiv.benchmarks import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_comparison_table_passes_axe(browser, demo_users, our_figures, kolada_file, settings):
    settings.KOLADA_MUNICIPALITY = "0013"
    services.import_kolada(None, kolada_file)
    browser.login("hrstrateg")
    page = browser.visit("/nyckeltal/sick_leave_total/?enhet=R")
    table = page.get_by_role("table", name="Sjukfrånvaro totalt i regionerna")
    assert table.get_by_role("rowheader").all_inner_texts()[:2] == [
        "Region Halland (vår region i Kolada)",
        "Region Exempel (egen beräkning)",
    ]
    assert "Källa: Kolada, inläst" in page.locator(".benchmark").inner_text()


def test_the_kolada_page_and_its_upload_pass_axe(browser, demo_users, kolada_file):
    browser.login("hrstrateg")
    page = browser.visit("/jamforelser/")
    page.get_by_label("Kolada-fil", exact=True).set_input_files(str(kolada_file))
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.wait_for_load_state()
    browser.check()
    table = page.get_by_role("table", name="Lagrade Kolada-värden")
    assert table.get_by_role("rowheader").all_inner_texts() == ["N60030"]
