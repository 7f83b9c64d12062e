"""Which events are written, by whom, from where (issue 11, part 4), through real requests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from attraktiv.accounts.models import Role, RoleAssignment
from attraktiv.accounts.services import assign_role
from attraktiv.auditlog.models import Action, AppendOnlyError, AuditEvent, Outcome
from attraktiv.auditlog.services import record

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_a_login_and_a_logout_are_logged_with_the_address(client, demo_users):
    response = client.post(
        LOGIN, {"username": "chef", "password": "attraktiv-demo"}, REMOTE_ADDR="10.2.3.4"
    )
    assert response.status_code == 302
    [login] = events(Action.LOGIN)
    assert (login.username, login.user, login.address, login.path, login.outcome) == (
        "chef",
        demo_users["chef"],
        "10.2.3.4",
        LOGIN,
        Outcome.SUCCEEDED,
    )
    client.post("/konto/logga-ut/", REMOTE_ADDR="10.2.3.4")
    [logout] = events(Action.LOGOUT)
    assert (logout.username, logout.address) == ("chef", "10.2.3.4")


def test_failed_logins_are_logged_and_a_lockout_once(client, demo_users):
    for n in range(30):
        client.post(LOGIN, {"username": "chef", "password": f"fel-{n}"}, REMOTE_ADDR="10.5.5.5")
    failed = events(Action.LOGIN_FAILED)
    assert len(failed) == 30
    assert {(e.username, e.user, e.address, e.outcome) for e in failed} == {
        ("chef", None, "10.5.5.5", Outcome.FAILED)
    }
    [lockout] = events(Action.LOCKOUT)
    assert lockout.username == "chef"
    assert lockout.outcome == Outcome.REFUSED
    assert lockout.subject == "spärrad i 15 minuter"
    # The lockout began at the fifth failure.
    assert failed[3].pk < lockout.pk < failed[5].pk
    assert not events(Action.LOGIN)


def test_a_csv_download_is_logged_with_its_file_name_and_page(client_as):
    client = client_as("admin")
    response = client.get("/handelselogg/handelselogg.csv", REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 200
    [download] = events(Action.DOWNLOAD)
    assert download.username == "admin"
    assert download.subject.startswith("handelselogg-") and download.subject.endswith(".csv")
    assert download.path == "/handelselogg/handelselogg.csv"
    assert download.address == "10.7.7.7"


def test_role_changes_are_logged_by_whoever_makes_them(demo_users, region):
    chef = demo_users["chef"]
    assignment = assign_role(chef, Role.READER, region["FT"])
    assignment.role = Role.MANAGER
    assignment.save()
    assignment.delete()
    subjects = [e.subject for e in events(Action.PERMISSION_CHANGE)][-3:]
    assert subjects == [
        "chef: Läsare, Folktandvården – roll tilldelad",
        "chef: Chef, Folktandvården – roll ändrad",
        "chef: Chef, Folktandvården – roll borttagen",
    ]


def test_the_admin_changing_a_users_flags_is_logged_with_the_admin_as_actor(client_as):
    client = client_as("admin")
    target = User.objects.get(username="lasare")
    response = client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {
            "username": "lasare",
            "first_name": target.first_name,
            "last_name": target.last_name,
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
        REMOTE_ADDR="10.8.8.8",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = events(Action.PERMISSION_CHANGE)[-1]
    assert change.subject == "lasare: tillgång till administrationen: ja"
    assert (change.username, change.address) == ("admin", "10.8.8.8")
    # Saving without a change of flags logs nothing more.
    User.objects.get(username="lasare").save()
    assert events(Action.PERMISSION_CHANGE)[-1] == change


def test_an_event_cannot_be_changed_or_deleted(db):
    event = record(Action.DOWNLOAD, "fil.csv")
    event.subject = "annan.csv"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get().subject == "fil.csv"


def test_the_user_name_is_kept_when_the_user_is_deleted(demo_users):
    record(Action.DOWNLOAD, "fil.csv", user=demo_users["lasare"])
    RoleAssignment.objects.filter(user=demo_users["lasare"]).delete()
    demo_users["lasare"].delete()
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.username, event.user) == ("lasare", None)
