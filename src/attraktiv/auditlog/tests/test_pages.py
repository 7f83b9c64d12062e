"""Händelselogg: who may read it, the filters, the pages and the CSV export."""

from __future__ import annotations

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest

from attraktiv.auditlog.models import Action, AuditEvent, Outcome

pytestmark = pytest.mark.django_db

PAGE = "/handelselogg/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def logged(demo_users):
    """Four events on three days, written as ``services.record`` would (and none of the
    demo users' creation)."""
    AuditEvent.objects.all().delete()
    rows = [
        (at(1), "anna", Action.LOGIN, "", Outcome.SUCCEEDED),
        (at(2, 0), "bertil", Action.LOGIN_FAILED, "", Outcome.FAILED),
        (at(2, 23), "anna", Action.DOWNLOAD, "handlingsplan_pap_2026_v2.csv", Outcome.SUCCEEDED),
        (at(3), "cecilia", Action.PLAN_APPROVAL, "Handlingsplan, version 2", Outcome.SUCCEEDED),
    ]
    for when, username, action, subject, outcome in rows:
        AuditEvent.objects.create(
            at=when,
            username=username,
            action=action,
            subject=subject,
            path="/handlingsplaner/",
            address="10.0.0.1",
            outcome=outcome,
        )


def listed(response) -> list[str]:
    """The page's events as 'user event', in page order."""
    rows = re.findall(
        r'<tr>\s*<td class="event-time">.*?</td>\s*<td>(.*?)</td>\s*<th scope="row">(.*?)</th>',
        response.content.decode(),
        re.S,
    )
    return [f"{user} {event}" for user, event in rows]


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 200), ("hrstrateg", 403), ("forvaltningshr", 403), ("chef", 403), ("lasare", 403)],
)
def test_only_an_administrator_may_read_the_log(client_as, username, status):
    client = client_as(username)
    assert client.get(PAGE).status_code == status
    assert client.get(PAGE + "handelselogg.csv").status_code == status


def test_anonymous_users_are_sent_to_login(client, region):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_the_navigation_links_the_log_for_administrators_only(client_as):
    assert 'href="/handelselogg/"' in client_as("admin").get("/").content.decode()
    assert 'href="/handelselogg/"' not in client_as("hrstrateg").get("/").content.decode()


def test_the_events_are_listed_newest_first_in_swedish(client_as, logged):
    response = client_as("admin").get(PAGE)
    page = response.content.decode()
    assert "<h1>Händelselogg</h1>" in page
    # force_login's own login event is the newest.
    assert listed(response) == [
        "admin Inloggning",
        "cecilia Godkänd handlingsplan",
        "anna Nedladdning",
        "bertil Misslyckad inloggning",
        "anna Inloggning",
    ]
    assert "Misslyckades" in page and "2026-03-02 23:00:00" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anvandare=ann", ["anna Nedladdning", "anna Inloggning"]),
        ("handelse=login_failed", ["bertil Misslyckad inloggning"]),
        ("fran=2026-03-02&till=2026-03-02", ["anna Nedladdning", "bertil Misslyckad inloggning"]),
        ("till=2026-03-01", ["anna Inloggning"]),
        ("text=pap_2026", ["anna Nedladdning"]),
        ("anvandare=anna&handelse=login", ["anna Inloggning"]),
    ],
)
def test_the_filters_narrow_the_list(client_as, logged, query, expected):
    assert listed(client_as("admin").get(f"{PAGE}?{query}")) == expected


def test_a_date_range_backwards_is_explained_and_nothing_is_hidden(client_as, logged):
    response = client_as("admin").get(f"{PAGE}?fran=2026-03-03&till=2026-03-01")
    assert response.status_code == 200
    assert "Slutdatumet ligger före startdatumet." in response.content.decode()
    assert len(listed(response)) == 5


def test_the_log_is_paged_by_fifty_keeping_the_filters(client_as, db):
    for n in range(60):
        AuditEvent.objects.create(at=at(1), username=f"user{n}", action=Action.DOWNLOAD)
    client = client_as("admin")
    first = client.get(f"{PAGE}?handelse=download")
    page = first.content.decode()
    assert len(listed(first)) == 50
    assert "Sida 1 av 2" in page
    assert 'href="?handelse=download&amp;sida=2"' in page
    second = client.get(f"{PAGE}?handelse=download&sida=2")
    assert len(listed(second)) == 10


def test_the_csv_export_holds_every_filtered_event(client_as, logged):
    response = client_as("admin").get(f"{PAGE}handelselogg.csv?anvandare=anna")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["När", "Användare", "Händelse", "Vad", "Sida", "Från adress", "Utfall"]
    assert rows[1:] == [
        [
            "2026-03-02 23:00:00",
            "anna",
            "Nedladdning",
            "handlingsplan_pap_2026_v2.csv",
            "/handlingsplaner/",
            "10.0.0.1",
            "Lyckades",
        ],
        [
            "2026-03-01 12:00:00",
            "anna",
            "Inloggning",
            "",
            "/handlingsplaner/",
            "10.0.0.1",
            "Lyckades",
        ],
    ]
