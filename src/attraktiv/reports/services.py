"""Producing board papers (issue 13 §4): queue a report, generate it in the background,
keep every version, hand its file back.

``produce`` is the one way from inputs to a file: build the content model within an access
(``kinds.build``), then render it (``render.render``). The Rapporter page and the download
buttons queue a ``GeneratedReport`` (``request_report``) whose job (``tasks.generate_report``)
calls ``generate``; the ``report`` command calls ``produce`` directly.

Who sees which versions: a user sees and downloads the reports they requested; a
region-wide Administratör or HR-strateg (``Access.may_edit_plans``) sees everybody's
(docs/security.md, "Reports"). A report is built with its requester's access, so a Chef's
paper holds their units only, whoever downloads it later.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from attraktiv.accounts.access import NO_ACCESS, Access, Capability, access_for
from attraktiv.auditlog.models import Action
from attraktiv.auditlog.services import record
from attraktiv.reports import kinds
from attraktiv.reports.kinds import KINDS, ReportInputError, ReportInputs
from attraktiv.reports.models import GeneratedReport, ReportStatus
from attraktiv.reports.render import FORMATS, render

Progress = Callable[[float, str], None]

REPORTS_FOLDER = "reports"  # in settings.VAR_DIR: every generated report's file


def reports_folder() -> Path:
    return Path(settings.VAR_DIR) / REPORTS_FOLDER


def inputs_json(inputs: ReportInputs) -> dict[str, Any]:
    """The inputs a ``GeneratedReport`` keeps: those given, without the kind."""
    return {
        name: value
        for name, value in dataclasses.asdict(inputs).items()
        if name != "kind" and value not in ("", None)
    }


def file_name(inputs: ReportInputs, format_name: str, on: Any = None) -> str:
    """``ianspraktagande-av-medel_attraktiv-arbetsgivare-2018_2026-12-05.pdf``: the kind's
    Swedish title, the inputs given and the day, in ASCII."""
    with translation.override(settings.LANGUAGE_CODE):
        title = str(KINDS[inputs.kind].title)
    parts = [title, inputs.programme, inputs.audit, inputs.unit]
    if inputs.round_id is not None:
        parts.append(f"omgang-{inputs.round_id}")
    if inputs.year is not None:
        parts.append(str(inputs.year))
    parts.append((on or timezone.localdate()).isoformat())
    stem = "_".join(slugify(str(part).replace("/", "-")) for part in parts if part)
    return stem + FORMATS[format_name].suffix


def produce(
    inputs: ReportInputs, format_name: str, access: Access, progress: Progress | None = None
) -> bytes:
    """The report ``inputs`` asks for, as ``access`` may read it, rendered as ``format_name``.
    Raises ``ReportInputError`` (a Swedish message naming the input) when it cannot be built."""
    tell = progress or (lambda fraction, message: None)
    with translation.override(settings.LANGUAGE_CODE):
        tell(0.05, _("Reading the data"))
        report = kinds.build(inputs, access)
        tell(0.4, _("Laying out the document"))
        content = render(report, format_name)
    tell(0.95, _("Storing the file"))
    return content


def request_report(user: Any, inputs: ReportInputs, format_name: str) -> GeneratedReport:
    """Queue the report ``inputs`` asks for, in ``format_name``, as ``user`` may read it; a
    ``ValidationError`` names the input that cannot give it (``kinds.check``)."""
    from attraktiv.reports.tasks import generate_report

    access = access_for(user)
    if not access.has(Capability.VIEW_PUBLISHED):
        raise PermissionDenied
    if format_name not in FORMATS:
        raise ValidationError({"format": _("Choose PDF, Word, Excel or HTML.")})
    try:
        kinds.check(inputs, access)
    except ReportInputError as error:
        raise ValidationError({error.field: error.message}) from error
    report = GeneratedReport.objects.create(
        kind=inputs.kind, inputs=inputs_json(inputs), format=format_name, requested_by=user
    )
    transaction.on_commit(lambda: generate_report.enqueue(report.pk))
    return report


def progress_recorder(report_id: int) -> Progress:
    def store(fraction: float, message: str) -> None:
        GeneratedReport.objects.filter(pk=report_id).update(
            status=ReportStatus.RUNNING, progress=fraction, message=message[:200]
        )

    return store


def generate(report_id: int) -> GeneratedReport:
    """Build and render the queued report ``report_id`` with its requester's access, keep the
    file in ``var/reports/`` with its size and SHA-256, and record it in the event log. Bad
    inputs fail the report with their Swedish message; any other error fails it too and is
    raised for the job's log."""
    report = GeneratedReport.objects.select_related("requested_by").get(pk=report_id)
    user = report.requested_by
    access = access_for(user) if user is not None else NO_ACCESS
    try:
        content = produce(report.report_inputs, report.format, access, progress_recorder(report.pk))
    except ReportInputError as error:
        return fail(report, error.message)
    except Exception as error:
        with translation.override(settings.LANGUAGE_CODE):
            fail(report, _("The report could not be made (%(error)s).") % {"error": error})
        raise
    folder = reports_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{report.pk}{FORMATS[report.format].suffix}"
    (folder / stored_name).write_bytes(content)
    name = file_name(report.report_inputs, report.format)
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE,
        progress=1.0,
        message="",
        stored_name=stored_name,
        file_name=name,
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )
    record(Action.REPORT, name, user=user)
    report.refresh_from_db()
    return report


def fail(report: GeneratedReport, message: str) -> GeneratedReport:
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def sees_every_report(access: Access) -> bool:
    """A region-wide Administratör or HR-strateg sees everybody's reports."""
    return access.may_edit_plans()


def visible_reports(user: Any) -> QuerySet[GeneratedReport]:
    """The reports ``user`` may see: their own, or every one for ``sees_every_report``."""
    reports = GeneratedReport.objects.select_related("requested_by")
    if sees_every_report(access_for(user)):
        return reports
    return reports.filter(requested_by=user)


def report_file(report: GeneratedReport, user: Any) -> tuple[bytes, str]:
    """A done report's file and its name, for ``user`` who may see it; the stored file must
    still have the checksum it was stored with."""
    if not visible_reports(user).filter(pk=report.pk).exists():
        raise PermissionDenied
    if report.status != ReportStatus.DONE:
        raise ValidationError(_("The report is not ready."))
    path = reports_folder() / report.stored_name
    content = path.read_bytes() if report.stored_name and path.is_file() else b""
    if hashlib.sha256(content).hexdigest() != report.checksum:
        raise ValidationError(_("The report's file is missing or has changed; make it again."))
    return content, report.file_name
