"""Uploading data in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from attraktiv.datasets.models import ImportRecord, ImportStatus
from attraktiv.datasets.tests.sample import demo_units, write_csv_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(browser, folder) -> None:
    """Upload the folder's files; the import's page says they are being checked (issue 11,
    part 8: the background job reads them), then the job runs and the page, which polls,
    reloads with the report."""
    page = browser.page
    page.get_by_label("Datafiler").set_input_files(sorted(str(p) for p in folder.iterdir()))
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Data kontrolleras"
    assert "Väntar på att läsa filerna" in page.get_by_role("status").inner_text()
    browser.check()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    page.get_by_role("heading", level=1).filter(has_not_text="Data kontrolleras").wait_for(
        timeout=30_000
    )
    browser.check()


def test_a_bad_file_shows_the_errors_by_file_and_line(browser, demo_users, bad_folder):
    page = browser.login("hrstrateg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Data").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Data"
    page.get_by_role("link", name="Ladda upp data").click()
    browser.check()
    upload(browser, bad_folder)
    assert page.get_by_role("heading", level=1).inner_text() == "Data importerades inte"
    assert "fel" in page.get_by_role("alert").inner_text()
    table = page.get_by_role("table", name="Fel")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Fil", "Rad", "Kolumn", "Meddelande"]
    first = table.get_by_role("row").nth(1).get_by_role("cell").all_inner_texts()
    assert first[:3] == ["employments.csv", "3", "rate"]
    assert first[3].startswith("”abc” är inget tal")  # in Swedish (issue 12)
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_a_good_upload_recomputes_the_indicators_with_progress(browser, demo_users, tmp_path):
    folder = write_csv_folder(tmp_path / "demo", units=demo_units())
    page = browser.login("hrstrateg")
    browser.visit("/data/ladda-upp/")
    upload(browser, folder)
    assert page.get_by_role("heading", level=1).inner_text() == "Data importerades"
    # The job recomputed the indicators after storing the data.
    page.get_by_text("Nyckeltal uppdaterade").wait_for(timeout=30_000)
    browser.check()
    # The history lists the import.
    browser.visit("/data/")
    history = page.get_by_role("table", name="Importhistorik")
    assert "Hanna Strateg" in history.inner_text()
    assert "Nyckeltal uppdaterade" in history.inner_text()


def test_a_chef_has_no_upload(browser, demo_users):
    page = browser.login("chef")
    browser.visit("/data/ladda-upp/")
    assert page.get_by_role("heading", level=1).inner_text() == "Åtkomst nekad"


def test_an_upload_over_stored_data_asks_before_it_replaces_them(browser, demo_users, tmp_path):
    """Issue 12: the sample upload over stored data shows what it replaces; "Ersätt data"
    stores it and the indicators are recomputed."""
    from attraktiv.datasets.models import Person
    from attraktiv.datasets.services import import_dataset

    stored = write_csv_folder(tmp_path / "stored", units=demo_units())
    import_dataset(stored, user=None, enqueue_recompute=False)
    folder = write_csv_folder(tmp_path / "newer", n=20, units=demo_units())
    page = browser.login("hrstrateg")
    browser.visit("/data/ladda-upp/")
    upload(browser, folder)
    assert page.get_by_role("heading", level=1).inner_text() == "Ersätta lagrade data?"
    table = page.get_by_role("table", name="Det här ersätts")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Lagrade data (ersätts)", "Nya data"]
    persons = table.get_by_role("row").filter(has_text="Anställda (personer)")
    assert persons.get_by_role("cell").all_inner_texts() == ["12", "20"]
    assert Person.objects.count() == 12
    page.get_by_role("button", name="Ersätt data").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Data lagras"
    browser.check()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    page.get_by_role("heading", level=1, name="Data importerades").wait_for(timeout=30_000)
    page.get_by_text("Nyckeltal uppdaterade").wait_for(timeout=30_000)
    browser.check()
    assert "Ersättningen bekräftades av Hanna Strateg" in page.get_by_role("main").inner_text()
    assert Person.objects.count() == 20
    assert ImportRecord.objects.filter(status=ImportStatus.STORED).count() == 2
