"""External assessments of the labour market beside our own projection (issue 5, item 4).

Arbetsförmedlingen's Yrkesbarometer judges, twice a year (an *omgång* such as ``2026-1``),
each occupation's recruitment situation (brist, balans, överskott or paradox), its job
opportunities and its five-year outlook, for the whole country (län ``00``) and each county.
``LabourMarketAssessment`` keeps one such judgement per round, county and occupation, as
the open data file gives it; ``OccupationLink`` says which of our competences
(``OccupationGroup``, domain.md "kompetens, yrke, bristkompetens") an AF occupation speaks
for, so the supply plan can show AF's judgement beside our projection.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from attraktiv.organisation.models import OccupationGroup

YRKESBAROMETER = "Arbetsförmedlingen Yrkesbarometer"
"""The source name of Arbetsförmedlingen's Yrkesbarometer (a proper name, not translated)."""

NATIONAL = "00"
"""AF's county code for the whole country (riket)."""


class RecruitmentSituation(models.TextChoices):
    """AF's ``rekryteringssituation``; the value is AF's own word, the label ours."""

    SHORTAGE = "brist", pgettext_lazy("recruitment situation", "Shortage")
    PARADOX = "paradox", pgettext_lazy("recruitment situation", "Paradox")
    BALANCE = "balans", pgettext_lazy("recruitment situation", "Balance")
    SURPLUS = "överskott", pgettext_lazy("recruitment situation", "Surplus")


SEVERITY: dict[str, int] = {
    RecruitmentSituation.SHORTAGE: 4,
    RecruitmentSituation.PARADOX: 3,
    RecruitmentSituation.BALANCE: 2,
    RecruitmentSituation.SURPLUS: 1,
}
"""How hard a situation is for an employer: brist over paradox over balans over överskott."""


class LabourMarketAssessment(models.Model):
    """One occupation's judgement in one round of an external source, for one county."""

    source = models.CharField(_("source"), max_length=100, default=YRKESBAROMETER)
    round = models.CharField(_("round"), max_length=16, help_text=_("For example 2026-1."))
    region_code = models.CharField(
        _("county code"), max_length=2, default=NATIONAL, help_text=_("00 is the whole country.")
    )
    occupation_area = models.CharField(_("occupation area"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200)
    ssyk_code = models.CharField(_("SSYK code"), max_length=8, blank=True)
    ssyk_text = models.CharField(_("SSYK text"), max_length=300, blank=True)
    recruitment_situation = models.CharField(
        _("recruitment situation"),
        max_length=16,
        choices=RecruitmentSituation,
        blank=True,
        help_text=_("Empty when the source makes no judgement."),
    )
    job_opportunities = models.CharField(_("job opportunities"), max_length=64, blank=True)
    forecast_5_years = models.CharField(_("five-year forecast"), max_length=64, blank=True)
    ageing_population_named = models.BooleanField(
        _("ageing population named"), null=True, blank=True
    )
    line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["source", "round", "region_code", "occupation_area", "occupation"]
        verbose_name = _("labour market assessment")
        verbose_name_plural = _("labour market assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "round", "region_code", "occupation"],
                name="unique_assessment_per_round_county_occupation",
            )
        ]
        indexes = [models.Index(fields=["source", "occupation"])]

    def __str__(self) -> str:
        return f"{self.round} {self.region_code} {self.occupation}"

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.recruitment_situation, 0)


class OccupationLink(models.Model):
    """An AF occupation (``yb_yrke``) linked to one of our competences.

    Several AF occupations may speak for one competence (Grundutbildade sjuksköterskor and
    Sjuksköterskor inom vård av äldre), and one AF occupation for several (Specialistläkare).
    A link vanishes with its competence when an HR-data import drops the group.
    """

    source = models.CharField(_("source"), max_length=100, default=YRKESBAROMETER)
    af_occupation = models.CharField(_("external occupation"), max_length=200)
    group = models.ForeignKey(
        OccupationGroup,
        verbose_name=_("competence"),
        on_delete=models.CASCADE,
        related_name="external_links",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "af_occupation", "group__name"]
        verbose_name = _("occupation link")
        verbose_name_plural = _("occupation links")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "af_occupation", "group"], name="unique_occupation_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.af_occupation} → {self.group}"
