"""Money set aside for a programme and the drawdowns claimed from it (seed ``000_…``).

domain.md, "ianspråktagande av medel": a regional plan sets money aside for a programme per
plan period (e.g. Regionplan 2018–2020); Centrum för HR claims parts of it per area and
initiative, with the year the initiative started, the amount in Tkr, the year it is for and
the decision. Outcome (utfall) is entered against a drawdown when known.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attraktiv.programmes.models import Goal, Programme


class Allocation(models.Model):
    """Money set aside (avsatta medel) for a programme in a plan period."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="allocations"
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example Regionplan 2018–2020.")
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    amount_tkr = models.DecimalField(
        _("amount set aside (Tkr)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Empty when the decision does not state it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "first_year"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return self.name


class Drawdown(models.Model):
    """A claim (ianspråktagande) for one initiative in one budget area and year."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.CASCADE, related_name="drawdowns"
    )
    area = models.CharField(_("area"), max_length=200)
    initiative = models.CharField(_("initiative"), max_length=300)
    initiated = models.CharField(
        _("initiated"),
        max_length=64,
        help_text=_("The year the initiative started, or as the decision words it."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_tkr = models.DecimalField(_("amount (Tkr)"), max_digits=12, decimal_places=0)
    outcome_tkr = models.DecimalField(
        _("outcome (Tkr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    decision = models.CharField(_("decision"), max_length=300)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals served"), blank=True, related_name="drawdowns"
    )
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["allocation", "year", "position", "pk"]
        verbose_name = _("drawdown")
        verbose_name_plural = _("drawdowns")

    def __str__(self) -> str:
        return f"{self.initiative} ({self.year})"
