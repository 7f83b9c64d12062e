"""The region's HR microdata (hr-data.md §1) and the record of every import.

One model per table of the data contract, with the contract's column names, so the tables
load in bulk and are read back to Arrow by plain ``SELECT``s through ADBC
(``services.extract_dataset``), never through the ORM. Units and occupations live in
``attraktiv.organisation``; microdata refer to units by their text ``unit_id`` (no foreign
key), as in the files, so a table loads and extracts without joins. Person ids are the
reader's keyed pseudonyms: a personnummer is never stored.

The microdata are replaced as a whole by each import and never edited one row at a time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    person_id = models.CharField(max_length=128, unique=True)
    birth_date = models.DateField(null=True)
    gender = models.CharField(max_length=1, blank=True)

    def __str__(self) -> str:
        return self.person_id


class Employment(models.Model):
    employment_id = models.CharField(max_length=128, unique=True)
    person_id = models.CharField(max_length=128)
    unit_id = models.CharField(max_length=64)
    occupation_code = models.CharField(max_length=32)
    start_date = models.DateField()
    end_date = models.DateField(null=True)
    rate = models.FloatField(null=True)
    pay_form = models.CharField(max_length=1)
    form = models.CharField(max_length=16)
    manager = models.SmallIntegerField()
    weekly_hours = models.FloatField()
    end_reason = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.employment_id


class Absence(models.Model):
    person_id = models.CharField(max_length=128)
    start_date = models.DateField()
    end_date = models.DateField()
    type = models.CharField(max_length=16)
    extent = models.FloatField()

    def __str__(self) -> str:
        return f"{self.person_id} {self.type} {self.start_date}–{self.end_date}"


class SurveyAnswer(models.Model):
    survey = models.CharField(max_length=64)
    year = models.IntegerField()
    respondent = models.CharField(max_length=128)
    unit_id = models.CharField(max_length=64)
    manager = models.SmallIntegerField()
    gender = models.CharField(max_length=1, blank=True)
    question = models.CharField(max_length=64)
    answer = models.SmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.survey} {self.respondent} {self.question}"


class StaffingMonth(models.Model):
    unit_id = models.CharField(max_length=64)
    month = models.CharField(max_length=7)
    own_hours = models.FloatField(null=True)
    hired_hours = models.FloatField(null=True)
    own_cost = models.FloatField(null=True)
    hired_cost = models.FloatField(null=True)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month}"


class SamFollowUp(models.Model):
    year = models.IntegerField()
    unit_id = models.CharField(max_length=64)
    manager_key = models.CharField(max_length=128)
    compliant = models.SmallIntegerField()

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.manager_key}"


class Salary(models.Model):
    person_id = models.CharField(max_length=128)
    date = models.DateField()
    monthly_salary = models.FloatField()

    def __str__(self) -> str:
        return f"{self.person_id} {self.date}"


# The contract's microdata tables and their models. ``units`` and ``occupations`` are stored
# by attraktiv.organisation. Text columns that may be missing are stored as "" (Django's
# convention for text) and read back as null.
MICRODATA_MODELS: dict[str, type[models.Model]] = {
    "persons": Person,
    "employments": Employment,
    "absences": Absence,
    "surveys": SurveyAnswer,
    "staffing": StaffingMonth,
    "sam": SamFollowUp,
    "salaries": Salary,
}


def issue_line(issue: dict[str, Any]) -> str:
    """An issue as ``file:line: column: message`` (hr-data.md §1, Bad input); an issue of no
    file (the import job stopped) is its message."""
    if not issue["file"]:
        return issue["message"]
    where = issue["file"] if issue.get("line") is None else f"{issue['file']}:{issue['line']}"
    if issue.get("column"):
        return f"{where}: {issue['column']}: {issue['message']}"
    return f"{where}: {issue['message']}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    READING = "reading", _("Being read")
    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed, being stored")
    STORED = "stored", _("Stored")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    SUPERSEDED = "superseded", _("Replaced by a newer upload")


class ImportSource(models.TextChoices):
    COMMAND = "command", _("Command")
    UPLOAD = "upload", _("Upload")


class RecomputeStatus(models.TextChoices):
    NONE = "", _("Not started")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Indicators updated")
    FAILED = "failed", _("Failed")


class ImportRecord(models.Model):
    """One attempt to import a data set: who, when, which files, and how it went.

    A rejected attempt keeps its ``file:line: column: message`` errors and changed nothing
    else. An upload's record exists from the moment its files are kept: pending, then
    reading while the import job reads them, then stored or rejected. When data are already
    stored, a valid upload is not stored at once (issue 12): it is awaiting confirmation,
    its checked tables kept in ``var/uploads/<upload_folder>``, until an importer confirms
    it (confirmed, then stored by a job) or cancels it; a newer upload awaiting confirmation
    supersedes it. After a stored import the measurements are recomputed by a background
    job, whose progress is kept here for the page to show.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    source = models.CharField(_("source"), max_length=16, choices=ImportSource.choices)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    # [{"table": "persons", "name": "persons.csv", "sha256": "…", "rows": 123}, …]
    files = models.JSONField(_("files"), default=list)
    # {"persons": 123, …}: the rows stored per table (empty for a rejected attempt)
    row_counts = models.JSONField(_("rows per table"), default=dict)
    # Issues as {"file", "line", "column", "message"}, shown as ``file:line: column: message``
    warnings = models.JSONField(_("warnings"), default=list)
    errors = models.JSONField(_("errors"), default=list)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    seconds = models.FloatField(_("seconds to read and store"), null=True, blank=True)
    # An upload's folder in var/uploads while its files wait there ("" once they are gone)
    upload_folder = models.CharField(_("upload folder"), max_length=100, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("confirmed or cancelled"), null=True, blank=True)

    recompute_status = models.CharField(
        _("recompute"), max_length=16, choices=RecomputeStatus.choices, blank=True
    )
    recompute_progress = models.FloatField(_("recompute progress"), default=0.0)
    recompute_message = models.CharField(_("recompute message"), max_length=200, blank=True)
    recomputed_at = models.DateTimeField(_("recomputed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def warning_lines(self) -> list[str]:
        return [issue_line(issue) for issue in self.warnings]

    @property
    def error_lines(self) -> list[str]:
        return [issue_line(issue) for issue in self.errors]

    @property
    def years(self) -> list[int]:
        if self.first_year is None or self.last_year is None:
            return []
        return list(range(self.first_year, self.last_year + 1))

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    @property
    def recompute_percent(self) -> int:
        return round(100 * self.recompute_progress)

    @property
    def being_read(self) -> bool:
        """The files are kept and the import job has yet to store or reject them (a
        confirmed upload included: its job stores it)."""
        return self.status in {ImportStatus.PENDING, ImportStatus.READING, ImportStatus.CONFIRMED}

    @property
    def awaiting(self) -> bool:
        return self.status == ImportStatus.AWAITING

    @property
    def recompute_finished(self) -> bool:
        return self.recompute_status in {RecomputeStatus.DONE, RecomputeStatus.FAILED}
