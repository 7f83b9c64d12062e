"""The shell: Swedish pages, error pages, health, and the language switch."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from attraktiv.core import views

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_swedish(client):
    page = client.get("/konto/logga-in/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in i Attraktiv" in page
    assert "Användarnamn" in page
    assert "Hoppa till huvudinnehållet" in page


def test_a_wrong_password_gets_a_swedish_message(client, demo_users):
    response = client.post("/konto/logga-in/", {"username": "chef", "password": "fel"}, follow=True)
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "användarnamn och lösenord" in page


def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/konto/logga-in/"})
    page = client.get("/konto/logga-in/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Attraktiv" in page


def test_the_start_page_shows_the_navigation_for_the_role(client_as):
    page = client_as("hrstrateg").get("/").content.decode()
    for area in [
        "Program och handlingsplaner",
        "Nyckeltal",
        "Kompetensförsörjning",
        "Budget",
        "Granskningar",
        "Rapporter",
        "Data",
    ]:
        assert area in page
    assert "HR-strateg" in page
    reader_page = client_as("lasare").get("/").content.decode()
    reader_nav = reader_page.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert "Nyckeltal" not in reader_nav  # a Läsare sees no figures
    assert "Program och handlingsplaner" in reader_nav


def test_the_start_page_says_where_things_stand_and_where_to_begin(client_as):
    from attraktiv.core.management.commands.demo import load_demo_programmes

    load_demo_programmes()
    page = client_as("hrstrateg").get("/").content.decode()
    stand = " ".join(page.split('id="where-things-stand"')[1].split("</ul>")[0].split())
    # The seed programme with its one-line status, and its locked 2018 follow-up round.
    assert "Program för personal- och arbetsgivarpolitik, målbild 2027</strong></a>" in stand
    assert "indikatorer på väg" in stand
    assert "Uppföljning av handlingsplanen för Attraktiv arbetsgivare 2018</a>: låst" in stand
    # No HR data yet: the strategist, who may import, is told where to start.
    assert "inga importerade ännu" in stand
    assert "Kontrollera programmets status" in page  # the strategist's tip
    begin = page.split('id="begin-heading"')[1]
    assert "Uppföljning" in begin and "Kompetensförsörjning" in begin

    reader = client_as("lasare").get("/").content.decode()
    reader_begin = reader.split('id="begin-heading"')[1]
    assert "Programöversikt" in reader_begin
    assert "Kompetensförsörjning" not in reader_begin  # a Läsare sees no figures
    assert "inga importerade ännu" not in reader


def test_the_404_page_is_swedish(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_the_403_page_is_swedish(client, demo_users, monkeypatch):
    # Läsare lacks VIEW_FIGURES; no page needs it yet, so ask the decorator directly.
    from django.http import HttpResponse

    from attraktiv.accounts.access import Capability, requires

    guarded = requires(Capability.EDIT_PLANS)(lambda request: HttpResponse("secret"))
    request = RequestFactory().get("/")
    request.user = demo_users["lasare"]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        guarded(request)
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.content.decode()


def test_a_guarded_page_answers_through_the_projects_403_handler(client_as):
    """A real request (not the view function called by hand): the URLconf's ``handler403``."""
    response = client_as("lasare").get(reverse("auditlog:index"))
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.content.decode()
    assert response.templates and response.templates[0].name == "core/errors/403.html"


def test_the_csrf_failure_page_is_swedish(demo_users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "chef", "password": "x"})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()


def test_the_500_page_is_swedish_and_needs_no_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_health(client, region):
    assert client.get("/health/").json() == {"status": "ok", "units": len(region)}
