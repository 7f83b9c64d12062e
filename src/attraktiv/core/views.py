"""The start page, the health check and the error pages (in Swedish, like every page)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from attraktiv.accounts.access import Capability, public, request_access, requires
from attraktiv.accounts.models import Role
from attraktiv.datasets.models import ImportRecord
from attraktiv.datasets.services import current_import
from attraktiv.followups.services import current_round_summary
from attraktiv.organisation.models import Unit
from attraktiv.programmes import overview
from attraktiv.programmes.models import Programme
from attraktiv.supplyplan.services import latest_run

# Where to begin (issue 6, "the first hour"): the pages in the order of a year's work, each
# shown to those whose roles may use it. (url name, capability, title, what it answers)
STARTING_POINTS = [
    (
        "programmes:index",
        Capability.VIEW_PUBLISHED,
        _("Programme overview"),
        _("Are we on track? The programme's goals and indicators with their status."),
    ),
    (
        "indicators:index",
        Capability.VIEW_FIGURES,
        _("Indicators"),
        _("Sick leave, full-time work, retirement age and HME, for any unit and year."),
    ),
    (
        "followups:index",
        Capability.REPORT_ACTIONS,
        _("Follow-up"),
        _("Report how your actions are going in the current follow-up round."),
    ),
    (
        "supply:index",
        Capability.VIEW_FIGURES,
        _("Competence supply"),
        _("Which competences will we lack, and what would close the gap?"),
    ),
    (
        "datasets:index",
        Capability.VIEW_ORGANISATION,
        _("Data"),
        _("The organisation, the imported HR data and sample files to try an import with."),
    ),
]

# What each role typically does first.
ROLE_TIPS = {
    Role.ADMINISTRATOR: _("Give colleagues their roles and units, and import the HR data."),
    Role.HR_STRATEGIST: _(
        "Check the programme's status, open a follow-up round and run the competence supply "
        "plan with a scenario."
    ),
    Role.ADMINISTRATION_HR: _(
        "Follow your administration's indicators and report its actions in the follow-up round."
    ),
    Role.MANAGER: _("Follow your workplace's indicators, the programme and its follow-ups."),
    Role.READER: _("Read the programme, the follow-ups and the indicators."),
}


def programme_states() -> list[dict[str, Any]]:
    """Each programme, the newest first: its one-line status for the year its overview
    judges by default (``overview.default_year``) when it has indicators, and its current
    follow-up round (the programme overview's own summaries)."""
    measured = set(
        Programme.objects.filter(areas__goals__indicators__isnull=False).values_list(
            "pk", flat=True
        )
    )
    states = []
    for programme in Programme.objects.order_by("-last_year", "code"):
        year = overview.default_year(programme)
        states.append(
            {
                "programme": programme,
                "year": year,
                "summary": (
                    overview.summary_line(overview.programme_blocks(programme, year))
                    if programme.pk in measured
                    else None
                ),
                "current_round": current_round_summary(programme),
            }
        )
    return states


def latest_data_import() -> ImportRecord | None:
    return current_import()


@requires(Capability.VIEW_PUBLISHED)
def home(request: HttpRequest) -> HttpResponse:
    """What Attraktiv does, how things stand and where to begin, for the signed-in user's
    roles (issue 6, "the first hour": a start page that says what Attraktiv does and where
    to begin)."""
    access = request_access(request)
    region_figures = access.may_read_region_figures()
    base_run = latest_run() if region_figures else None
    return render(
        request,
        "core/home.html",
        {
            "programmes": programme_states(),
            "data_import": (
                latest_data_import() if access.has(Capability.VIEW_ORGANISATION) else None
            ),
            "may_import": access.has(Capability.IMPORT_DATA),
            "base_run": base_run,
            "shortages": base_run.plan["long_term_shortage_count"] if base_run else None,
            "top_units": access.top_units(Capability.VIEW_ORGANISATION),
            "unit_count": access.units(Capability.VIEW_ORGANISATION).count(),
            "roles": sorted(role.label for role in access.roles),
            "starting_points": [
                {"url": reverse(name), "title": title, "text": text}
                for name, capability, title, text in STARTING_POINTS
                if access.has(capability)
            ],
            "tips": [
                {"role": Role(role).label, "text": ROLE_TIPS[Role(role)]}
                for role in sorted(access.roles, key=list(Role).index)
            ],
        },
    )


@public
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "units": Unit.objects.count()})


def error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@public
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "core/errors/400.html", 400)


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "core/errors/403.html", 403)


@public
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "core/errors/404.html", 404)


@public
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page renders without context processors: the database may be what failed."""
    from django.template import loader

    return HttpResponse(loader.get_template("core/errors/500.html").render(), status=500)


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form is sent without a valid CSRF token, e.g. after a long pause."""
    return error_page(request, "core/errors/csrf.html", 403)
