"""Follow-up rounds (uppföljning, delårsrapport, årsrapport) of a programme's action plan.

domain.md, "uppföljning": for a period, each responsible unit reports its actions' status
and a comment before the deadline; HR strategists see who has reported and write an overall
assessment per goal; the round is then locked as a snapshot that later changes cannot
alter, and a locked round reopens only with a recorded reason. The board approves the
follow-up (as the 2018–2020 follow-up of seed ``003_…``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.actionplans.models import Action, ActionStatus
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Goal, GoalStatus, Programme


class RoundKind(models.TextChoices):
    FOLLOW_UP = "uppfoljning", _("Follow-up")
    INTERIM = "delarsrapport", _("Interim report")
    ANNUAL = "arsrapport", _("Annual report")


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Locked")


class FollowUpRound(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="follow_up_rounds",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RoundKind)
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("reporting deadline"))
    state = models.CharField(_("state"), max_length=8, choices=RoundState, default=RoundState.OPEN)
    summary = models.TextField(_("overall summary"), blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_decision = models.CharField(_("decision"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-period_end", "pk"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.LOCKED


class ActionReport(models.Model):
    """One reporting unit's status and comment for one action in a round."""

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports"
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus)
    comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "action", "unit__path"]
        verbose_name = _("action report")
        verbose_name_plural = _("action reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "action", "unit"], name="unique_action_report")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.action} ({self.unit})"


class UnitCompletion(models.Model):
    """A reporting unit has marked its part of the round done ("Markera som klar")."""

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("marked done"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit completion")
        verbose_name_plural = _("unit completions")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="unique_unit_completion")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.unit}"


class GoalAssessment(models.Model):
    """The HR strategists' overall judgement of a goal in a round.

    ``proposed_status`` comes from the status rules; ``status`` differs from it only with
    ``override_reason``.
    """

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="assessments"
    )
    proposed_status = models.CharField(_("proposed status"), max_length=20, choices=GoalStatus)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    text = models.TextField(_("assessment"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "goal__area__position", "goal__position"]
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "goal"], name="unique_goal_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.goal}"


class Reopening(models.Model):
    """A locked round opened again, with the reason (kept even after it is locked anew)."""

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reopenings"
    )
    reason = models.TextField(_("reason"))
    previous_snapshot = models.JSONField(_("snapshot before reopening"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened"), auto_now_add=True)

    class Meta:
        ordering = ["round", "reopened_at"]
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")

    def __str__(self) -> str:
        return f"{self.round}: {self.reason}"
