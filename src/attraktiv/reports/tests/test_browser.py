"""Making a report on the Rapporter page in a real Chromium, with axe-core on every page
visited: choose the kind, its programme and format, wait for the job, download the file."""

from __future__ import annotations

from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_drawdown_paper_is_made_followed_and_downloaded(
    browser, demo_users, programmes, tmp_path
):
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Rapporter"
    page.get_by_role("combobox", name="Rapport").select_option(label="Ianspråktagande av medel")
    page.get_by_role("button", name="Välj").click()
    page.wait_for_load_state()
    browser.check()
    page.get_by_role("combobox", name="Program").select_option("attraktiv-arbetsgivare-2018")
    page.get_by_role("combobox", name="Format").select_option(label="Excel")
    page.get_by_role("button", name="Förhandsvisning").click()
    page.wait_for_load_state()
    browser.check()
    assert "Ianspråktagande av medel" in page.get_by_role("heading", level=1).inner_text()
    assert "26\u00a0900" in page.get_by_role("table").first.inner_text()
    page.go_back()
    page.wait_for_load_state()
    page.get_by_role("combobox", name="Program").select_option("attraktiv-arbetsgivare-2018")
    page.get_by_role("combobox", name="Format").select_option(label="Excel")
    page.get_by_role("button", name="Skapa rapporten").click()
    page.wait_for_load_state()
    list_ = page.get_by_role("table", name="Skapade rapporter")
    assert "Väntar på bakgrundsjobbet" in list_.inner_text()
    browser.check()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    link = list_.get_by_role("link", name="Ladda ner")
    link.wait_for(timeout=30_000)  # the row polls until the job is done
    browser.check()
    row = list_.get_by_role("row").nth(1).inner_text()
    assert "Program: Attraktiv arbetsgivare" in row and "Hanna Strateg" in row
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("ianspraktagande-av-medel_") and saved.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(saved)
    cells = [c for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r]
    assert 26900 in cells
