"""Programme → area → goal → indicator (domain.md, "program", "område", "mål", "indikator").

A programme is decided by the board with a diarienummer and has a target picture (målbild)
for its last year. Each indicator measures a goal: it has a unit of measure, a direction
(↑ higher is better, ↓ lower is better), a baseline (nuläge) with its date, targets per year
or a direction only, and a source: an engine indicator of hr-data.md §3 (with its parameters
and breakdown), a survey question, the competence supply plan, or values entered by hand.
Every change is kept with who, when, old and new value (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.indicators.params import variant_key
from attraktiv.organisation.models import Unit


class Programme(models.Model):
    """A multi-year policy programme, e.g. "Personal- och arbetsgivarpolitiskt program"."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    target_year = models.PositiveSmallIntegerField(_("target picture year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    diarienummer = models.CharField(_("record number"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"


class Area(models.Model):
    """A focus area (område) of a programme, e.g. Kompetensförsörjning."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="areas"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_area_name")
        ]

    def __str__(self) -> str:
        return self.name


class GoalStatus(models.TextChoices):
    """An indicator's or a goal's judgement; shown as a word and a symbol (pages.md)."""

    ON_TRACK = "on_track", _("On track")
    RISK = "risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_MEASURED = "not_measured", _("Not measured yet")
    TOO_LITTLE_DATA = "too_little_data", _("Too little data")
    STALE = "stale", _("Stale")


class Goal(models.Model):
    """A goal statement (mål) under an area.

    Its judgement is proposed by the status rules (``programmes.status``); an HR strategist
    may override it with a written reason, which the history keeps.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="goals"
    )
    ref = models.CharField(_("reference"), max_length=32)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("goal"))
    status_override = models.CharField(
        _("overridden status"), max_length=20, choices=GoalStatus.choices, blank=True
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text

    @property
    def programme(self) -> Programme:
        return self.area.programme


class Direction(models.TextChoices):
    UP = "up", _("Higher is better ↑")
    DOWN = "down", _("Lower is better ↓")


class MeasureUnit(models.TextChoices):
    """Units of measure of domain.md: %, år, antal, index 0–100 (and Tkr, årsarbetare, kr)."""

    PERCENT = "%", "%"
    YEARS = "år", "år"
    COUNT = "antal", _("count")
    INDEX = "index", _("index 0–100")
    FTE = "årsarbetare", _("full-time equivalents")
    KRONOR = "kr", "kr"


class Source(models.TextChoices):
    """Where an indicator's values come from."""

    ENGINE = "engine", _("Computed from HR data")
    SURVEY = "survey", _("Staff survey question")
    SUPPLY_PLAN = "supply_plan", _("Competence supply plan")
    MANUAL = "manual", _("Entered by hand")


class SurveyMeasure(models.TextChoices):
    """The two measures hr-data.md §3.5 gives for any survey question."""

    INDEX = "index", _("question index 0–100")
    AGREE_SHARE = "agree_share", _("share who agree (4 or 5)")


class Indicator(models.Model):
    """A measure of a goal, with its baseline, targets and source."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    ref = models.CharField(_("reference"), max_length=32)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    measure_unit = models.CharField(_("unit of measure"), max_length=16, choices=MeasureUnit)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    not_measured_note = models.CharField(
        _("note while not measured"),
        max_length=200,
        blank=True,
        help_text=_("For example “Mäts hösten 2022”."),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source)
    kpi = models.CharField(
        _("engine indicator"), max_length=100, blank=True, help_text=_("An id of hr-data.md §3.")
    )
    kpi_params = models.JSONField(_("engine parameters"), default=dict, blank=True)
    breakdown = models.JSONField(
        _("breakdown"),
        default=dict,
        blank=True,
        help_text=_('A fixed breakdown cell, for example {"role": "chef"}.'),
    )
    survey_question = models.CharField(_("survey question code"), max_length=64, blank=True)
    survey_measure = models.CharField(
        _("survey measure"), max_length=16, choices=SurveyMeasure, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit the indicator is measured for; empty means the whole region."),
    )
    gender_split = models.BooleanField(_("split by women and men"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal__area__position", "goal__position", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def measurement_kpi(self) -> str:
        """The id its stored measurements have: the engine id, with the indicator's own
        parameters when it has any (``indicators.params.variant_key``)."""
        return variant_key(self.engine_kpi, self.kpi_params) if self.engine_kpi else ""

    @property
    def engine_kpi(self) -> str:
        """The hr-data.md §3 id whose stored measurements feed this indicator ("" if none)."""
        if self.source == Source.ENGINE:
            return self.kpi
        if self.source == Source.SURVEY and self.survey_question:
            return f"survey_{self.survey_measure or SurveyMeasure.INDEX}:{self.survey_question}"
        return ""


class Target(models.Model):
    """A target value (målvärde) of an indicator for one year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_target_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class Gender(models.TextChoices):
    """A hand-entered value is for everybody ("") or for women or men (hr-data.md §1 codes)."""

    ALL = "", _("All")
    WOMEN = "K", _("Women")
    MEN = "M", _("Men")


class ManualValue(models.Model):
    """A value entered by hand (utfall) for an indicator whose source is not the engine."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="manual_values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "gender"]
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "gender"], name="unique_manual_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}{self.gender}: {self.value}"
