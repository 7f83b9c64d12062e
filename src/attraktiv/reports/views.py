"""The Rapporter page (issue 13 §4): choose a report, its inputs and a format; the job makes
it in the background while its row shows the progress (HTMX); every version is listed with
who, when and its inputs, and downloaded through ``core.tables.download`` (the event log
records it). The download buttons of other pages post to the same form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.core import tables
from attraktiv.core.forms import add_service_errors
from attraktiv.reports import kinds, services
from attraktiv.reports.forms import KindForm, ReportForm
from attraktiv.reports.kinds import KINDS, ReportInputError
from attraktiv.reports.models import GeneratedReport
from attraktiv.reports.render.html import context

LISTED = 50  # the latest versions on the page


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    """Choose a report (``?kind=KIND``), then its inputs and format; the list of versions."""
    access = request_access(request)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    form = None
    if kinds.may_make(kind, access):
        if request.method == "POST":
            form = ReportForm(request.POST, kind=kind, access=access)
            if form.is_valid():
                try:
                    report = services.request_report(
                        request.user, form.inputs(), form.cleaned_data["format"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, _("The report is being made; it appears in the list below.")
                    )
                    return redirect(f"{request.path}#rapport-{report.pk}")
        else:
            form = ReportForm(kind=kind, access=access, initial=request.GET.dict())
    kind_form = KindForm(
        request.POST if request.method == "POST" else None, access=access, initial={"kind": kind}
    )
    if request.method == "POST" and form is None:
        kind_form.is_valid()  # a kind unknown or not the user's: the first step says so
    reports = services.visible_reports(request.user)[:LISTED]
    return render(
        request,
        "reports/index.html",
        {
            "kind_form": kind_form,
            "kind": KINDS.get(kind),
            "form": form,
            "reports": [(report, kinds.describe(report.report_inputs)) for report in reports],
            "sees_every_report": services.sees_every_report(access),
        },
        status=400 if (form is not None and form.errors) or kind_form.errors else 200,
    )


def visible_or_404(request: HttpRequest, pk: int) -> GeneratedReport:
    return get_object_or_404(services.visible_reports(request.user), pk=pk)


@requires(Capability.VIEW_PUBLISHED)
def report_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One version's row, polled while its job runs (HTMX)."""
    report = visible_or_404(request, pk)
    return render(
        request,
        "reports/index.html#report-row",
        {"report": report, "inputs_text": kinds.describe(report.report_inputs)},
    )


@requires(Capability.VIEW_PUBLISHED)
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """A done version's file, as it was stored (its checksum is checked first)."""
    report = visible_or_404(request, pk)
    try:
        content, name = services.report_file(report, request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:index")
    return tables.download(content, name)


@requires(Capability.VIEW_PUBLISHED)
def preview(request: HttpRequest) -> HttpResponse:
    """The report the query names (the form's fields), built now with the user's access and
    shown as the HTML renderer's fragment."""
    access = request_access(request)
    kind = request.GET.get("kind", "")
    if not kinds.may_make(kind, access):
        raise Http404
    form = ReportForm(request.GET, kind=kind, access=access, with_format=False)
    report = None
    if form.is_valid():
        inputs = form.inputs()
        try:
            kinds.check(inputs, access)
            report = kinds.build(inputs, access)
        except ReportInputError as error:
            add_service_errors(form, ValidationError({error.field: error.message}))
    return render(
        request,
        "reports/preview.html",
        {
            "form": form,
            "kind": KINDS[kind],
            "report": context(report, top=2) if report is not None else None,
            "query": request.GET.urlencode(),
        },
        status=200 if report is not None else 400,
    )
