"""The lockout and the event log in a real Chromium, axe-core on every page (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_repeated_wrong_passwords_lock_out_then_the_administrator_reads_why(browser, demo_users):
    for n in range(5):
        page = browser.login("chef", f"fel-{n}")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggningen nekades"
    alert = page.get_by_role("alert").inner_text()
    assert alert == (
        "För många misslyckade inloggningar. Försök igen om 15 minuter "
        "eller kontakta en administratör."
    )
    page = browser.login("chef")  # the right password, refused during the lockout
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggningen nekades"

    # The administrator reads the log on a 360 px wide phone.
    page.set_viewport_size({"width": 360, "height": 740})
    page = browser.login("admin")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Händelselogg"
    ).click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Händelselogg"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Händelse", exact=True).select_option(label="Spärr")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    browser.check()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "chef" in rows.first.inner_text() and "spärrad i 15 minuter" in rows.first.inner_text()
