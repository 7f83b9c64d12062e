"""Login protection (issue 11, part 3): lockout per user name and per address, through the
real login page and the admin's; the session's idle and absolute limits; password rules."""

from __future__ import annotations

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from attraktiv.accounts.middleware import SIGNED_IN_AT
from attraktiv.auditlog.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
LOCKOUT_TEXT = (
    "För många misslyckade inloggningar. Försök igen om 15 minuter eller kontakta en administratör."
)


def attempt(client, username, password, address="127.0.0.1", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get("/konto/behorighet/").status_code == 200


def test_thirty_wrong_passwords_lock_the_user_out_and_the_right_one_is_refused(client, demo_users):
    responses = [attempt(client, "chef", f"fel-{n}") for n in range(30)]
    # Four ordinary failures, then the fifth reaches the limit: refused with HTTP 429.
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert "Ange ett korrekt användarnamn" in responses[0].content.decode()
    assert {r.status_code for r in responses[4:]} == {429}
    page = attempt(client, "chef", "attraktiv-demo")
    assert page.status_code == 429
    text = page.content.decode()
    assert LOCKOUT_TEXT in " ".join(text.split())
    assert '<html lang="sv">' in text
    assert not signed_in(client)


def test_the_limit_is_exactly_the_setting(client, demo_users):
    for n in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, "chef", f"fel-{n}").status_code == 200
    assert attempt(client, "chef", "attraktiv-demo").status_code == 302
    assert signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, demo_users):
    for n in range(5):
        attempt(client, "chef", f"fel-{n}")
    assert attempt(client, "chef", "attraktiv-demo").status_code == 429
    # Every attempt during the lockout started the cool-off again; let it pass.
    cool_off = datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES, seconds=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off)
    assert attempt(client, "chef", "attraktiv-demo").status_code == 302
    assert signed_in(client)


def test_a_cool_off_not_yet_passed_keeps_the_lockout(client, demo_users):
    for n in range(5):
        attempt(client, "chef", f"fel-{n}")
    almost = datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES - 1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - almost)
    assert attempt(client, "chef", "attraktiv-demo").status_code == 429


def test_the_lockout_is_per_user_name_across_addresses(client, demo_users):
    for n in range(5):
        attempt(client, "chef", f"fel-{n}", address=f"10.0.0.{n + 1}")
    assert attempt(client, "chef", "attraktiv-demo", address="10.0.1.1").status_code == 429
    # Another user from the same addresses is not affected.
    assert attempt(client, "lasare", "attraktiv-demo", address="10.0.0.1").status_code == 302


def test_an_address_is_locked_out_after_its_own_limit_across_user_names(client, demo_users):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    # Never more than four failures for one name, but `limit` from one address.
    names = [f"gissning-{n // 4}" for n in range(limit - 1)]
    for n, name in enumerate(names):
        assert attempt(client, name, f"fel-{n}", address="10.1.1.1").status_code == 200
    assert attempt(client, "okand", "fel", address="10.1.1.1").status_code == 429
    # Every user is refused from that address, with the right password too ...
    assert attempt(client, "lasare", "attraktiv-demo", address="10.1.1.1").status_code == 429
    # ... but not from another.
    assert attempt(client, "lasare", "attraktiv-demo", address="10.1.1.2").status_code == 302


def test_the_address_comes_from_the_proxy_header_only_when_configured(client, demo_users, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"namn-{n}", "password": "fel"},
            REMOTE_ADDR="10.9.9.9",  # the proxy
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, 192.0.2.{n}",  # the proxy appended the client
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        f"192.0.2.{n}" for n in range(5)
    }
    assert set(
        AuditEvent.objects.filter(action=Action.LOGIN_FAILED).values_list("address", flat=True)
    ) == {f"192.0.2.{n}" for n in range(5)}


def test_the_admin_login_is_protected_too(client, demo_users):
    for n in range(5):
        attempt(client, "admin", f"fel-{n}", url="/admin/login/")
    page = attempt(client, "admin", "attraktiv-demo", url="/admin/login/")
    assert page.status_code == 429
    assert LOCKOUT_TEXT in " ".join(page.content.decode().split())
    assert client.get("/admin/").status_code == 302  # still not signed in
    # The lockout is the user name's, whichever login page is used.
    assert attempt(client, "admin", "attraktiv-demo").status_code == 429


def test_an_administrator_unlocks_a_user_in_the_admin(client, client_as, demo_users):
    for n in range(5):
        attempt(client, "chef", f"fel-{n}")
    [locked] = AccessAttempt.objects.filter(username="chef")
    admin = client_as("admin")  # the same test client, now signed in as the Administratör
    response = admin.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    admin.post("/konto/logga-ut/")
    assert attempt(client, "chef", "attraktiv-demo", address="127.0.0.1").status_code == 302


def test_a_personnummer_typed_as_user_name_is_never_stored(client, region):
    for n in range(6):
        attempt(client, "19811218-9876", f"fel-{n}")
    stored = list(AccessAttempt.objects.values_list("username", "post_data", "get_data"))
    stored += list(AuditEvent.objects.values_list("username", "subject", "path"))
    assert stored
    for values in stored:
        for value in values:
            assert "9876" not in value and "811218" not in value, value
    assert AccessAttempt.objects.get().username.startswith("personnummer-")


# ---- the session ----------------------------------------------------------------------------


def test_a_session_idle_longer_than_the_limit_is_logged_out(client_as):
    client = client_as("chef")
    assert signed_in(client)
    session = Session.objects.get()
    # Every request moves the expiry forward to the idle limit.
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/konto/behorighet/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_api_refuses_a_session_past_its_idle_limit(client_as):
    client = client_as("chef")
    assert client.get("/api/organisation/units").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/organisation/units").status_code == 401


def test_a_busy_session_still_ends_after_the_absolute_limit(client_as):
    client = client_as("chef")
    assert signed_in(client)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 60
    session.save()
    response = client.get("/konto/behorighet/")
    assert response.status_code == 302
    assert not signed_in(client)


def test_a_new_login_starts_the_absolute_limit_again(client, demo_users):
    assert attempt(client, "chef", "attraktiv-demo").status_code == 302
    assert time.time() - client.session[SIGNED_IN_AT] < 60


# ---- password rules -------------------------------------------------------------------------


def add_user(client, password):
    return client.post(
        "/admin/auth/user/add/",
        {
            "username": "ny-kollega",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )


def test_the_admin_refuses_a_weak_password_for_a_new_user(client_as):
    client = client_as("admin")
    page = add_user(client, "12345678")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Detta lösenord är alldeles för vanligt." in text
    assert "Detta lösenord är enbart numeriskt." in text
    assert not User.objects.filter(username="ny-kollega").exists()
    assert add_user(client, "Stark-fras-om-heltid-2026").status_code == 302
    assert User.objects.filter(username="ny-kollega").exists()
