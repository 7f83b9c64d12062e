"""Händelselogg: the event log for an Administratör, filtered, paged and as CSV."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.auditlog.forms import EventFilterForm
from attraktiv.auditlog.models import AuditEvent
from attraktiv.auditlog.services import filtered_events
from attraktiv.core import tables

EVENTS_PER_PAGE = 50


def require_region_admin(request: HttpRequest) -> None:
    """The log covers the whole region: only an Administratör of all of it may read it."""
    if not request_access(request).region_wide(Capability.MANAGE_USERS):
        raise PermissionDenied


def filtered(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    form = EventFilterForm(request.GET or None)
    return form, filtered_events(**form.filters())


@requires(Capability.MANAGE_USERS)
def index(request: HttpRequest) -> HttpResponse:
    """The events, newest first, 50 a page, with the filters kept in the page links."""
    require_region_admin(request)
    form, events = filtered(request)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "auditlog/index.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(request.GET)},
    )


CSV_HEADERS = [
    _("When"),
    _("User"),
    _("Event"),
    _("What"),
    _("Page"),
    _("From address"),
    _("Outcome"),
]


def csv_row(event: AuditEvent) -> list[str]:
    return [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.username,
        event.get_action_display(),
        event.subject,
        event.path,
        event.address or "",
        event.get_outcome_display(),
    ]


@requires(Capability.MANAGE_USERS)
def export(request: HttpRequest) -> HttpResponse:
    """The filtered events as CSV (core.tables), every one, not only a page."""
    require_region_admin(request)
    _form, events = filtered(request)
    headers = [str(header) for header in CSV_HEADERS]
    rows = [csv_row(event) for event in events.iterator()]
    day = timezone.localdate().isoformat()
    return tables.download(tables.csv_text(headers, rows), f"handelselogg-{day}.csv")
