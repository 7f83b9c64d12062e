"""The competence supply plan's stored parts (supply-plan.md; domain.md, "kompetens-
försörjningsplan").

The projection itself is the plain engine ``attraktiv.supply``; this app keeps what a region
saves around it: scenarios (named, versioned sets of levers, stored as the scenario file of
supply-plan.md §7), the runs of the plan (a background job each, with progress and the
result), and the activities of the action plan linked to a competence's gap.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.actionplans.models import Action
from attraktiv.datasets.models import ImportRecord
from attraktiv.organisation.models import Unit


class Scenario(models.Model):
    """A named scenario (supply-plan.md §4); its content lives in its versions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    @property
    def latest(self) -> ScenarioVersion | None:
        return self.versions.order_by("-number").first()


class ScenarioVersion(models.Model):
    """One saved version of a scenario: the scenario file (supply-plan.md §7) as written."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    toml = models.TextField(_("scenario file"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["scenario", "-number"]
        verbose_name = _("scenario version")
        verbose_name_plural = _("scenario versions")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="unique_scenario_version")
        ]

    def __str__(self) -> str:
        return f"{self.scenario} v{self.number}"


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PlanRun(models.Model):
    """One run of the plan for a base year and unit: the base (estimates only) or a scenario.

    ``result`` holds the engine's output as JSON: per group the deterministic path, the
    stochastic percentiles, the stock by age and gender, exits, the backtest and, for a
    scenario, the FTE each lever closes.
    """

    scenario_version = models.ForeignKey(
        ScenarioVersion,
        verbose_name=_("scenario version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="runs",
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the whole region."),
    )
    runs = models.PositiveIntegerField(_("stochastic runs"), default=1000)
    state = models.CharField(_("state"), max_length=8, choices=RunState, default=RunState.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    source_import = models.ForeignKey(
        ImportRecord,
        verbose_name=_("HR data import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")

    def __str__(self) -> str:
        what = self.scenario_version or _("base")
        return f"{what} {self.base_year} ({self.get_state_display()})"

    @property
    def plan(self) -> dict[str, Any]:
        """The result of a finished run (supply.plan.compute_plan's document)."""
        if self.result is None:
            raise ValueError(f"run {self.pk} has no result: it is {self.state}")
        return self.result


class CompetenceActivity(models.Model):
    """An action of the action plan that addresses a competence's gap (issue 5, "Activities")."""

    group = models.CharField(_("competence"), max_length=200)
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="competences"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "action__ref"]
        verbose_name = _("competence activity")
        verbose_name_plural = _("competence activities")
        constraints = [
            models.UniqueConstraint(fields=["group", "action"], name="unique_competence_action")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.action}"
