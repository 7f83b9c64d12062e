"""What a newcomer met (issue 12): the product's name on the login page, the admin site for
an Administratör, Swedish names instead of engine ids, and Swedish grammar in the programme's
sentences. Through the real pages: a Chromium with axe-core where it is about a page's
header and links, Django's test client on the real database for the texts."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.measurements.models import Measurement
from attraktiv.programmes.models import Indicator


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def without_code_notes(response) -> str:
    """The page's text outside the analysts' "Kod" notes (``<details class="code-note">``)."""
    notes = re.compile(r'<details class="code-note">.*?</details>', flags=re.S)
    html = notes.sub("", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def measure(kpi: str, unit, period: str, value: float, **cell: str) -> None:
    Measurement.objects.create(
        kpi=kpi, period=period, unit=unit, value=value, computed_at=timezone.now(), **cell
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_login_page_carries_the_products_name_and_an_administrator_finds_the_admin_site(
    browser, demo_users
):
    page = browser.visit(reverse("accounts:login"))
    assert page.locator(".site-name").inner_text() == settings.SITE_NAME
    assert "127.0.0.1" not in page.locator("header").inner_text()

    page = browser.login("hrstrateg")
    assert page.get_by_role("link", name="Administration").count() == 0
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/")

    page = browser.login("admin")
    page.locator("header").get_by_role("link", name="Administration").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("admin:index"))
    assert page.locator("#site-name").count() == 1  # Django's admin, not its login page
    assert "/admin/login/" not in page.url


@pytest.mark.django_db
def test_a_programme_indicator_names_its_source_in_swedish_with_the_code_aside(client_as, region):
    load_demo_programmes()
    measure("survey_index:DELAKTIGHET", region["R"], "2024", 78.2, role="medarbetare")
    measure("survey_index:DELAKTIGHET", region["R"], "2024", 77.9)
    measure("sick_leave_day1_14", region["R"], "2024", 3.4)
    client = client_as("lasare")
    survey = client.get(reverse("programmes:indicator", args=["pa-program-2027", "4.4"]))
    shown = without_code_notes(survey)
    assert "Enkätfrågan Delaktighet, index (medarbetare)" in shown
    assert "survey_index" not in shown and "DELAKTIGHET" not in shown
    assert "survey_index:DELAKTIGHET" in text_of(survey)  # for the analyst, under "Kod"
    sick = client.get(reverse("programmes:indicator", args=["pa-program-2027", "4.3"]))
    assert "Korttidssjukfrånvaro" in without_code_notes(sick)
    assert "sick_leave_day1_14" not in without_code_notes(sick)
    # Nyckeltal names a survey question by its words, not its code.
    listing = text_of(client_as("hrstrateg").get(reverse("indicators:index")))
    assert "Enkätfrågan Delaktighet, index" in listing and "DELAKTIGHET" not in listing


@pytest.mark.django_db
def test_a_value_in_years_is_followed_by_its_year_in_brackets(client_as, region):
    """Not "64,61 år år 2025": the value's unit is år, so the year goes in brackets."""
    load_demo_programmes()
    measure("retirement_age_mean", region["R"], "2025", 64.9)
    page = client_as("lasare").get(
        reverse("programmes:indicator", args=["pa-program-2027", "1.2"]) + "?ar=2025"
    )
    text = text_of(page)
    assert "64,90 år (2025)" in text
    assert "år år" not in text


@pytest.mark.django_db
def test_one_indicator_not_judged_is_singular(client_as, region):
    """Each count takes its own plural, not the total's: 1 ej bedömd, 2 ej bedömda."""
    load_demo_programmes()
    kept = Indicator.objects.filter(goal__area__programme__code="pa-program-2027")
    kept.exclude(ref__in=["1.2", "1.3"]).delete()
    url = reverse("programmes:overview", args=["pa-program-2027"]) + "?ar=2025"
    client = client_as("lasare")
    two = "0 av 2 indikatorer på väg, 0 risk, 0 ej på väg, 2 ej bedömda (2025)"
    assert two in text_of(client.get(url))
    # The mean retirement age is judged (behind the path from 64,61 to 67 år); one is not.
    measure("retirement_age_mean", region["R"], "2025", 64.7)
    one = "0 av 2 indikatorer på väg, 0 risk, 1 ej på väg, 1 ej bedömd (2025)"
    assert one in text_of(client.get(url))
