"""The Kolada page under Nyckeltal: which figures of other regions are stored, and (for
those who import data for the whole region) the upload of a Kolada file (issue 6, item 5).
The comparison itself is on the region's indicator pages and in the follow-up report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Capability, requires
from attraktiv.benchmarks import services
from attraktiv.benchmarks.forms import FILE_SUFFIXES, UploadForm
from attraktiv.benchmarks.models import KoladaValue
from attraktiv.core.uploads import import_upload

TEMPLATE = "benchmarks/index.html"


def stored_kpis() -> list[dict[str, Any]]:
    """Per stored Kolada KPI: our indicator, its years, how many places, when imported."""
    entries = services.indicator_kpis()
    rows = (
        KoladaValue.objects.values("kpi")
        .annotate(
            first=Min("period"),
            last=Max("period"),
            places=Count("municipality_id", distinct=True),
            imported_at=Max("imported_at"),
        )
        .order_by("kpi")
    )
    return [{**row, "entry": entries.get(row["kpi"])} for row in rows]


def page_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    may_import = services.may_import(request.user)
    return {
        "kpis": stored_kpis(),
        "may_import": may_import,
        "upload_form": UploadForm() if may_import else None,
        "upload_errors": [],
        "accept": ",".join(FILE_SUFFIXES),
        **extra,
    }


@requires(Capability.VIEW_FIGURES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE, page_context(request))


def imported_message(result: services.ImportResult) -> str:
    return _("%(file)s imported: %(rows)d values of %(kpis)s for %(years)s.") % {
        "file": result.file_name,
        "rows": result.rows,
        "kpis": ", ".join(result.kpis),
        "years": ", ".join(str(year) for year in result.periods),
    }


@require_POST
@requires(Capability.IMPORT_DATA, region_wide=True)
def upload(request: HttpRequest) -> HttpResponse:
    """Read an uploaded Kolada file and store its figures, or list its problems."""
    services.require_import(request.user)
    form = UploadForm(request.POST, request.FILES)
    result, errors = import_upload(
        form, lambda path, name: services.import_kolada(request.user, path, name=name)
    )
    if result is None:
        context = page_context(request, upload_form=form, upload_errors=errors)
        return render(request, TEMPLATE, context)
    messages.success(request, imported_message(result))
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("benchmarks:index")
