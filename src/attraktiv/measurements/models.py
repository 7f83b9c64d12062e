"""Stored indicator values: the engine's output rows (hr-data.md §4), recomputed after imports.

Each row is one value of one indicator (``kpi``) for one period and unit, in at most one
breakdown dimension, or in a programme indicator's fixed cell crossed with gender
(``role = chef``, ``gender = K``; ``services.indicator_crossings``). A dimension that is not
broken down is stored as "" (the contract's null, "all"), so ``gender=""`` selects the totals.
Values are already disclosure-controlled by the engine: a suppressed row has no value,
numerator, denominator or persons.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from attraktiv.datasets.models import ImportRecord
from attraktiv.organisation.models import Unit


class Measurement(models.Model):
    kpi = models.CharField(_("indicator"), max_length=100)
    period = models.CharField(_("period"), max_length=21)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="measurements"
    )
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, blank=True)
    occupation_group = models.CharField(_("occupation group"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, blank=True)
    value = models.FloatField(_("value"), null=True)
    numerator = models.FloatField(_("numerator"), null=True)
    denominator = models.FloatField(_("denominator"), null=True)
    persons = models.IntegerField(_("persons"), null=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    computed_at = models.DateTimeField(_("computed"))
    source_import = models.ForeignKey(
        ImportRecord,
        verbose_name=_("import"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="measurements",
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["kpi", "unit", "period"], name="measurement_kpi_unit")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period} {self.unit_id}: {self.value}"
