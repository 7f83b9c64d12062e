"""The shell in a real Chromium, with axe-core on every page visited (WCAG 2.1 AA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("ATTRAKTIV_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    """Save a screenshot for the README when ATTRAKTIV_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_login_start_page_and_logout(browser, demo_users):
    page = browser.visit("/")  # anonymous: sent to the login page
    assert page.url.endswith("/konto/logga-in/?next=/")
    screenshot(page, "login")
    browser.login("hrstrateg")
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen till Attraktiv"
    nav = page.get_by_role("navigation", name="Huvudmeny")
    assert nav.get_by_role("link", name="Data").is_visible()
    screenshot(page, "start")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")
    browser.check()


def test_wrong_password_is_announced(browser, demo_users):
    browser.login("chef", password="fel")
    alert = browser.page.get_by_role("alert")
    assert "användarnamn och lösenord" in alert.inner_text()


def test_each_role_sees_only_its_units(browser, demo_users):
    page = browser.login("chef")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Data").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Primärvård norr"
    table = page.get_by_role("table")
    assert table.get_by_role("link").all_inner_texts() == [
        "Vårdcentralen Backa",
        "Vårdcentralen Ekdalen",
    ]
    page.get_by_role("link", name="Vårdcentralen Backa").click()
    browser.check()
    assert "Enheten är en arbetsplats" in page.content()
    # A unit of another förvaltning does not exist for this user.
    browser.visit("/organisation/enhet/HS/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan hittades inte"


def test_the_hr_strategist_drills_down_the_whole_tree(browser, demo_users):
    page = browser.login("hrstrateg")
    browser.visit("/organisation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Region Exempel"
    screenshot(page, "organisation")
    page.get_by_role("link", name="Psykiatriförvaltningen").click()
    page.get_by_role("link", name="Vuxenpsykiatri").click()
    browser.check()
    crumbs = page.get_by_role("navigation", name="Brödsmulor")
    assert crumbs.get_by_role("link").all_inner_texts() == [
        "Region Exempel",
        "Psykiatriförvaltningen",
    ]


def test_keyboard_skip_link_and_visible_focus(browser, demo_users):
    page = browser.login("forvaltningshr")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_layout_works_at_360_pixels(browser, demo_users):
    browser.page.set_viewport_size({"width": 360, "height": 740})
    page = browser.login("hrstrateg")
    for path in ["/", "/organisation/", "/konto/behorighet/"]:
        browser.visit(path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_switching_to_english(browser, demo_users):
    page = browser.login("lasare")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()
    page.wait_for_load_state()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome to Attraktiv"
    assert page.locator("html").get_attribute("lang") == "en"


def test_error_pages_pass_axe(browser, demo_users):
    page = browser.visit("/finns-inte/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan hittades inte"


def test_a_content_security_policy_violation_fails_the_check(browser, demo_users):
    """Every browser test proves there was no CSP violation: the shared check fails on one."""
    page = browser.login("hrstrateg")
    page.evaluate("() => document.body.setAttribute('style', 'color: red')")  # an inline style
    with pytest.raises(AssertionError, match="Content Security Policy"):
        browser.check()
    browser.csp_violations.clear()


def test_the_api_documentation_runs_under_the_policy(browser, demo_users):
    """Swagger UI from django-ninja's own static files: no CDN, no inline script."""
    browser.login("hrstrateg")
    page = browser.page
    page.goto(browser.base_url + "/api/docs")
    page.get_by_text("/api/organisation/units", exact=True).first.wait_for()
    browser.check_csp()


def test_the_admin_site_runs_under_the_policy(browser, demo_users):
    """The Administratör manages users and roles in Django's admin: no CSP violation there
    (its own layout is not ours, so axe is not run on it)."""
    browser.login("admin")
    page = browser.page
    user = demo_users["chef"]
    for path in [
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{user.pk}/change/",
        "/admin/accounts/roleassignment/add/",
    ]:
        response = page.goto(browser.base_url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
    browser.check_csp()
