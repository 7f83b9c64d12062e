"""Shared test fixtures: the demo organisation, users per role, and a real Chromium.

The browser tests drive Debian's /usr/bin/chromium through Playwright and run axe-core
(installed from the npm registry by ``make test``) on every page they visit, and fail when the
browser reported a Content-Security-Policy violation on any page of the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ATTRAKTIV_CHROMIUM", "/usr/bin/chromium")
SHARED = ROOT.parent / "shared"
# Outside data whose licence forbids shipping it (CC BY-NC-ND): read from ../shared beside the
# clone, as CI has it; tests marked ``hrdataset_v14`` are skipped, with this reason, without it.
# Redistributable outside data lives in tests/fixtures/external/ (its README: provenance).
HRDATASET_V14 = SHARED / "external-data" / "hrdataset_v14"
HRDATASET_V14_ABSENT = (
    "HRDataset v14 is CC BY-NC-ND and not shipped with Attraktiv: "
    "../shared/external-data/hrdataset_v14/ is not beside this clone"
)


def pytest_collection_modifyitems(config, items):
    if (HRDATASET_V14 / "HRDataset_v14.csv").is_file():
        return
    for item in items:
        if "hrdataset_v14" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=HRDATASET_V14_ABSENT))


@pytest.fixture(scope="session")
def hrdataset_v14_dir() -> Path:
    """The folder of the real HRDataset v14 (tests using it carry the ``hrdataset_v14`` mark)."""
    return HRDATASET_V14


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tests render templates without a collectstatic manifest, and hash passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def region(db):
    """The demo organisation tree (core/demo/units.csv), keyed by unit_id."""
    from attraktiv.core.management.commands.demo import read_demo_units
    from attraktiv.organisation.models import Unit
    from attraktiv.organisation.services import replace_unit_tree

    replace_unit_tree(read_demo_units())
    return {unit.unit_id: unit for unit in Unit.objects.all()}


@pytest.fixture
def demo_users(region):
    """One user per role, as ``attraktiv demo`` creates them; password ``attraktiv-demo``."""
    from attraktiv.accounts.services import ensure_user
    from attraktiv.core.management.commands.demo import DEMO_PASSWORD, DEMO_USERS

    return {
        username: ensure_user(
            username, DEMO_PASSWORD, role, [region[i] for i in unit_ids], full_name
        )
        for username, full_name, role, unit_ids in DEMO_USERS
    }


@pytest.fixture
def run_jobs():
    """``run_jobs()`` runs the queued background jobs once, as the worker beside
    ``attraktiv serve`` does."""

    def run() -> None:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
        )

    return run


@pytest.fixture
def client_as(client, demo_users):
    """``client_as("chef")`` returns the test client logged in as that demo user."""

    def login(username: str):
        client.force_login(demo_users[username])
        return client

    return login


# ---- the real browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class AxeViolations(AssertionError):
    pass


class CspViolations(AssertionError):
    pass


def check_axe(page) -> None:
    """Run axe-core on the page as it is now; fail on any WCAG 2.1 A/AA violation.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
    does not govern; a ``<script>`` tag added to the page would be refused by it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    violations = result["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
        ]
        raise AxeViolations(
            f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines)
        )


class Browser:
    """A page in a fresh browser context whose every visited page is checked by axe, and
    which fails on any Content-Security-Policy violation the browser reports (Chromium logs
    each refused script, style or frame as a console error)."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.checked_urls: list[str] = []
        self.csp_violations: list[str] = []
        page.on("console", self.record_csp_violation)

    def record_csp_violation(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def check_csp(self) -> None:
        if self.csp_violations:
            raise CspViolations("\n".join(self.csp_violations))

    def visit(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self) -> None:
        check_axe(self.page)
        self.check_csp()
        self.checked_urls.append(self.page.url)

    def login(self, username: str, password: str = "attraktiv-demo"):
        self.visit("/konto/logga-in/")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_load_state()
        self.check()
        return self.page


@pytest.fixture
def browser(chromium, live_server) -> Iterator[Browser]:
    context = chromium.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        browser = Browser(page, live_server.url)
        yield browser
        browser.check_csp()  # also what happened after the test's last check
    finally:
        context.close()
