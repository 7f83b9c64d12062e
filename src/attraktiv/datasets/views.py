"""The Data area: the import history, "Ladda upp data", and each import's report and progress.

Importing replaces the whole region's data, so it needs ``IMPORT_DATA`` region-wide
(``Access.may_import``); users without it find the organisation tree under Data.

An upload goes: ``upload`` (POST ``/data/ladda-upp/``) keeps the files and queues the import
job (``services.queue_upload``), then redirects to ``import_detail`` (``/data/import/<pk>/``),
which polls ``import_progress`` (``…/forlopp/``) while the job reads the files and then while
it recomputes the indicators; when the files have been read the page reloads to show the
report (errors, or the rows stored). When data are already stored, a valid upload awaits
confirmation (issue 12): its page shows the stored data set beside the new one, and
"Ersätt data" (``confirm_import``, POST ``…/ersatt/``) or "Avbryt" (``cancel_import``,
POST ``…/avbryt/``) decides; a confirmed upload's page polls again while a job stores it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.core import tables
from attraktiv.core.uploads import RejectedFile
from attraktiv.datasets import samples, services
from attraktiv.datasets.forms import UploadForm
from attraktiv.datasets.models import ImportRecord
from attraktiv.hrdata.issues import SHOWN
from attraktiv.hrdata.limits import megabytes

HISTORY_LENGTH = 50


@requires(Capability.VIEW_ORGANISATION)
def index(request: HttpRequest) -> HttpResponse:
    """The Data area: the organisation tree and, for importers, the import history."""
    if not request_access(request).may_import():
        return redirect("organisation:index")
    records = ImportRecord.objects.select_related("user")[:HISTORY_LENGTH]
    return render(
        request,
        "datasets/index.html",
        {
            "records": records,
            "sample_employees": samples.SAMPLE_EMPLOYEES,
            "sample_years": samples.SAMPLE_YEARS,
        },
    )


@requires(Capability.IMPORT_DATA, region_wide=True)
def upload(request: HttpRequest) -> HttpResponse:
    """ "Ladda upp data": keep the uploaded files and queue their import, then show its page.

    The request only receives the files (each within the upload limit, ``core.uploads``) and
    saves them; the import job reads, validates and stores them.
    """
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.queue_upload(
                form.cleaned_data["data_files"], form.cleaned_data.get("mapping"), user=request.user
            )
        except RejectedFile as rejected:
            form.add_error(None, rejected.problems)
        else:
            return redirect("datasets:import", pk=record.pk)
    return render(
        request,
        "datasets/upload.html",
        {"form": form, "upload_limit": megabytes(settings.FILE_LIMITS.upload_bytes)},
    )


@requires(Capability.IMPORT_DATA, region_wide=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its validation report (errors or warnings), files, rows and progress."""
    record = get_object_or_404(ImportRecord.objects.select_related("user"), pk=pk)
    errors = record.errors[:SHOWN]
    current = services.current_import() if record.awaiting else None
    return render(
        request,
        "datasets/import_detail.html",
        {
            "record": record,
            "comparison": services.comparison(current, record) if current else None,
            "errors": errors,
            "more_errors": record.error_count - services.problem_count(errors),
            "warnings": record.warning_lines[:SHOWN],
            "more_warnings": max(0, len(record.warnings) - SHOWN),
        },
    )


READING_ID = "import-reading"  # the element that polls while the files are being read


@requires(Capability.IMPORT_DATA, region_wide=True)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The import job's progress, polled by HTMX from the import's page: reading the files,
    then (the page reloaded with the report) recomputing the indicators."""
    record = get_object_or_404(ImportRecord, pk=pk)
    if record.being_read:
        return render(request, "datasets/import_detail.html#reading", {"record": record})
    if request.htmx.target == READING_ID:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return render(request, "datasets/import_detail.html#progress", {"record": record})


@require_POST
@requires(Capability.IMPORT_DATA, region_wide=True)
def confirm_import(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Ersätt data": the upload awaiting confirmation replaces the stored data set (a job
    stores it); an import not awaiting confirmation is refused with a message."""
    record = get_object_or_404(ImportRecord, pk=pk)
    try:
        services.confirm_import(record.pk, user=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect("datasets:import", pk=record.pk)


@require_POST
@requires(Capability.IMPORT_DATA, region_wide=True)
def cancel_import(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Avbryt": the upload awaiting confirmation is cancelled; nothing is stored."""
    record = get_object_or_404(ImportRecord, pk=pk)
    try:
        services.cancel_import(record.pk, user=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The import was cancelled. The stored data are unchanged."))
    return redirect("datasets:import", pk=record.pk)


@requires(Capability.IMPORT_DATA, region_wide=True)
def sample_data(request: HttpRequest, file_format: str) -> HttpResponse:
    """The sample region to try an import with: a ZIP of CSV files or one XLSX workbook."""
    if file_format == "xlsx":
        return tables.download(samples.sample_workbook(), "attraktiv-exempeldata.xlsx")
    if file_format == "zip":
        return tables.download(samples.sample_zip(), "attraktiv-exempeldata.zip")
    raise Http404


@requires(Capability.IMPORT_DATA, region_wide=True)
def mapping_example(request: HttpRequest) -> HttpResponse:
    """An export with its own file names, columns and codes, and the mapping that reads it."""
    return tables.download(samples.mapping_example_zip(), "attraktiv-mappningsexempel.zip")
