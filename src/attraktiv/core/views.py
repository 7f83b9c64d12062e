"""The start page, the health check and the error pages (in Swedish, like every page)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from attraktiv.accounts.access import Capability, public, request_access, requires
from attraktiv.organisation.models import Unit


@requires(Capability.VIEW_PUBLISHED)
def home(request: HttpRequest) -> HttpResponse:
    """What Attraktiv does and where to begin, for the signed-in user's roles."""
    access = request_access(request)
    return render(
        request,
        "core/home.html",
        {
            "top_units": access.top_units(Capability.VIEW_ORGANISATION),
            "unit_count": access.units(Capability.VIEW_ORGANISATION).count(),
            "roles": sorted(role.label for role in access.roles),
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
