"""The Data area: the import history, "Ladda upp data", and each import's report and progress.

Importing replaces the whole region's data, so it needs ``IMPORT_DATA`` region-wide
(``Access.may_import``); users without it find the organisation tree under Data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.core import tables
from attraktiv.core.uploads import safe_name, save_upload
from attraktiv.datasets import samples
from attraktiv.datasets.forms import UploadForm
from attraktiv.datasets.models import ImportRecord, ImportSource
from attraktiv.datasets.services import import_dataset, problem_count
from attraktiv.hrdata.issues import SHOWN

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
    """ "Ladda upp data": validate and store the uploaded files, then show the report."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory(prefix="attraktiv-upload-") as folder:
            data_dir = Path(folder) / "data"
            data_dir.mkdir()
            for uploaded in form.cleaned_data["data_files"]:
                save_upload(uploaded, data_dir / safe_name(uploaded.name))
            mapping_error = None
            mapping = None
            if form.cleaned_data.get("mapping"):
                mapping_path = Path(folder) / "mapping.toml"
                save_upload(form.cleaned_data["mapping"], mapping_path)
                mapping, mapping_error = read_mapping(mapping_path)
            if mapping_error is not None:
                form.add_error("mapping", mapping_error)
            else:
                record = import_dataset(
                    data_dir, user=request.user, mapping=mapping, source=ImportSource.UPLOAD
                )
                return redirect("datasets:import", pk=record.pk)
    return render(request, "datasets/upload.html", {"form": form})


def read_mapping(path: Path) -> tuple[object | None, str | None]:
    """The mapping read from ``path``, or the reason it cannot be used."""
    from attraktiv.hrdata.mapping import MappingError, load_mapping

    try:
        return load_mapping(path), None
    except MappingError as error:
        return None, str(error)


@requires(Capability.IMPORT_DATA, region_wide=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its validation report (errors or warnings), files, rows and progress."""
    record = get_object_or_404(ImportRecord.objects.select_related("user"), pk=pk)
    errors = record.errors[:SHOWN]
    return render(
        request,
        "datasets/import_detail.html",
        {
            "record": record,
            "errors": errors,
            "more_errors": record.error_count - problem_count(errors),
            "warnings": record.warning_lines[:SHOWN],
            "more_warnings": max(0, len(record.warnings) - SHOWN),
        },
    )


@requires(Capability.IMPORT_DATA, region_wide=True)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The recompute job's progress, polled by HTMX from the import's page."""
    record = get_object_or_404(ImportRecord, pk=pk)
    return render(request, "datasets/import_detail.html#progress", {"record": record})


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
