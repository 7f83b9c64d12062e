"""Every generated board paper (issue 13 §4: "every generated version is kept with who, when
and its inputs, and can be downloaded again").

The file lies in the data directory, ``var/reports/`` (``settings.VAR_DIR``, where uploads
wait for their job too), not in the database: a paper of a few MB kept for every version
would swell the database, its backups and every query that reads the list, while the
record keeps what proves the file (name, size, SHA-256). ``services.report_file`` checks
the checksum before the file is served.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attraktiv.reports.kinds import KINDS, ReportInputs
from attraktiv.reports.render import FORMATS


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class GeneratedReport(models.Model):
    kind = models.CharField(
        _("report"), max_length=16, choices=[(k.name, k.title) for k in KINDS.values()]
    )
    inputs = models.JSONField(_("inputs"), default=dict)
    format = models.CharField(
        _("format"), max_length=8, choices=[(f.name, f.label) for f in FORMATS.values()]
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus, default=ReportStatus.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    stored_name = models.CharField(
        _("stored file"), max_length=200, blank=True, help_text=_("In var/reports/.")
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}, {self.pk})"

    @property
    def report_inputs(self) -> ReportInputs:
        return ReportInputs(kind=self.kind, **self.inputs)

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
