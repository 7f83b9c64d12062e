"""The action plan (handlingsplan) that realises a programme, its versions and its actions.

domain.md, "handlingsplan", "åtgärd", "omtidsättning": an action has its text, goal,
responsible parties (several allowed, e.g. "CHR, Förvaltningar"), the year it is planned to
be done, a status and an ARUBA tag. Moving its year is a recorded reschedule with a reason.
The plan is revised every year: a revision freezes the plan as an approved version (date,
decision, diarienummer) with a snapshot, and the next version is the live plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Goal, Programme


class ResponsibleParty(models.Model):
    """Who is responsible for actions, as the plan names them: CHR, Förvaltningar, CK, UE.

    A party reports through its organisation units: "Förvaltningar" is every förvaltning,
    and each of them reports its own part of the party's actions in a follow-up round.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    units = models.ManyToManyField(
        Unit, verbose_name=_("reporting units"), blank=True, related_name="responsibilities"
    )
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["code"]
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")

    def __str__(self) -> str:
        return self.code


class ActionPlan(models.Model):
    """A programme's action plan; ``versions`` holds its approved revisions."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    name = models.CharField(_("name"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.name

    @property
    def current_version_number(self) -> int:
        """The live plan is the version after the last approved one."""
        last = self.versions.order_by("-number").first()
        return 1 if last is None else last.number + 1


class PlanVersion(models.Model):
    """An approved revision of the plan, frozen as a snapshot of its actions and targets."""

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    year = models.PositiveSmallIntegerField(_("plan year"))
    approved_on = models.DateField(_("approved on"))
    decision = models.CharField(_("decision"), max_length=300)
    diarienummer = models.CharField(_("record number"), max_length=64, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["action_plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.action_plan} {self.year}, version {self.number}"


class ActionStatus(models.TextChoices):
    """The six statuses of domain.md."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Aruba(models.TextChoices):
    """The phases of competence supply (domain.md, "ARUBA")."""

    ATTRACT = "attrahera", _("Attract")
    RECRUIT = "rekrytera", _("Recruit")
    DEVELOP = "utveckla", _("Develop")
    RETAIN = "behalla", _("Retain")
    PHASE_OUT = "avsluta", _("Phase out")


class Action(models.Model):
    """An action (åtgärd, aktivitet) of the plan."""

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="actions"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="actions"
    )
    ref = models.CharField(_("reference"), max_length=32)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("action"))
    responsible = models.ManyToManyField(
        ResponsibleParty, verbose_name=_("responsible"), related_name="actions"
    )
    planned_year = models.PositiveSmallIntegerField(_("planned completion year"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus, default=ActionStatus.NOT_STARTED
    )
    aruba = models.CharField(_("ARUBA"), max_length=16, choices=Aruba, blank=True)
    history = HistoricalRecords(m2m_fields=[responsible])

    class Meta:
        ordering = ["goal__area__position", "goal__position", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "ref"], name="unique_action_ref")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def original_year(self) -> int:
        """The year first planned, before any reschedule (uses prefetched reschedules)."""
        moves = list(self.reschedules.all())  # ordered oldest first (Reschedule.Meta)
        return moves[0].old_year if moves else self.planned_year


class Reschedule(models.Model):
    """An omtidsättning: the action's planned year moved, with the reason."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reschedules"
    )
    old_year = models.PositiveSmallIntegerField(_("old year"))
    new_year = models.PositiveSmallIntegerField(_("new year"))
    reason = models.TextField(_("reason"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["action", "recorded_at", "pk"]
        verbose_name = _("reschedule")
        verbose_name_plural = _("reschedules")

    def __str__(self) -> str:
        return f"{self.action}: {self.old_year} → {self.new_year}"
