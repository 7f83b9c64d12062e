"""Response headers (issue 11, part 6): the Content-Security-Policy, no caching of what a
logged-in person sees or downloads, the Permissions-Policy and the other security headers, and
a bad Host header answered with 400, not 500."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory

from attraktiv.core import tables
from attraktiv.core.middleware import ResponseHeadersMiddleware

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_every_page_has_a_policy_without_inline_script(client):
    response = client.get("/konto/logga-in/")
    assert directives(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    denied = response["Permissions-Policy"].split(", ")
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= set(denied)


def test_the_layout_has_no_inline_script_or_style_and_htmx_adds_none(client_as):
    page = client_as("admin").get("/").content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page


def test_a_logged_in_persons_pages_partials_api_and_downloads_are_not_stored(client_as):
    client = client_as("admin")
    for response in [
        client.get("/"),
        client.get("/organisation/", headers={"HX-Request": "true"}),
        client.get("/api/organisation/units"),
        client.get("/data/mappningsexempel.zip"),
    ]:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert response["Cache-Control"] == NO_STORE, response.request["PATH_INFO"]


def test_a_download_is_never_stored_even_without_a_login():
    middleware = ResponseHeadersMiddleware(lambda request: tables.download("a;b\r\n", "x.csv"))
    response = middleware(RequestFactory().get("/"))
    assert response["Cache-Control"] == NO_STORE


def test_static_files_keep_their_long_cache(client_as, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_MAX_AGE = 3600
    # The client's first request builds the middleware, so WhiteNoise reads the settings above.
    response = client_as("admin").get("/static/attraktiv/attraktiv.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=3600, public"


# ---- a bad Host header ----------------------------------------------------------------------


@pytest.mark.parametrize("username", [None, "admin"])
def test_a_bad_host_header_is_a_400_page_not_a_500(client_as, client, username):
    """Django's DisallowedHost reaches the 400 page before authentication has run; the
    layout used to ask for the user's navigation there and failed with a 500."""
    if username:
        client = client_as(username)
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_the_live_server_answers_a_bad_host_with_400(live_server):
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", "/konto/logga-in/", headers={"Host": "evil.example"})
    response = connection.getresponse()
    assert response.status == 400
    assert "Felaktig begäran" in response.read().decode()
    connection.close()
