"""Audits, their recommendations, the board's responses and the measures it decides.

domain.md, "granskning, rekommendation, svar, åtgärd" and seed ``004_…`` (fördjupad
granskning nr 7/2022): an audit has an id, a title and a year; each recommendation has its
text, the board's response and the measures it decides; measures are linked to the action
plan's actions and followed up. The audit also holds the strategic action areas the
response names (the eight of ``004_…``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.actionplans.models import Action
from attraktiv.programmes.models import Programme


class Audit(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audits",
    )
    identifier = models.CharField(_("audit number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    auditor = models.CharField(_("auditor"), max_length=200, blank=True)
    responded_by = models.CharField(_("responded by"), max_length=200, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "identifier"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"


class StrategicArea(models.Model):
    """A strategic action area (strategiskt åtgärdsområde) named in the response."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="strategic_areas"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "position", "pk"]
        verbose_name = _("strategic action area")
        verbose_name_plural = _("strategic action areas")

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    response = models.TextField(_("response"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="unique_recommendation")
        ]

    def __str__(self) -> str:
        return f"{self.audit.identifier}:{self.number}"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Will not be done")


class Measure(models.Model):
    """A measure (åtgärd) the board decides in answer to a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("measure"))
    status = models.CharField(
        _("follow-up status"),
        max_length=16,
        choices=MeasureStatus,
        default=MeasureStatus.NOT_STARTED,
    )
    follow_up_comment = models.TextField(_("follow-up comment"), blank=True)
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), blank=True, related_name="audit_measures"
    )
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["recommendation", "position", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.text
