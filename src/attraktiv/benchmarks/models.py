"""Other regions' figures from Kolada, for benchmarking our indicators (issue 6, item 5).

Kolada (RKA's open database of municipal and regional key figures) publishes each key
figure (a KPI id such as ``N60030``, "Sjukfrånvaro, totalt, region") per municipality or
region (``municipality``, four digits: ``0001``–``0025`` are the regions, ``0000`` is the
whole country), year (``period``) and gender (``T`` all, ``K`` women, ``M`` men).
``KoladaValue`` keeps one such figure as the imported file gave it, with the file's name and
when it was read, so a page can cite "Källa: Kolada, inläst 2025-04-30".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COUNTRY = "0000"
"""Kolada's id for the whole country (Riket)."""


class Gender(models.TextChoices):
    """Kolada's gender codes; the value is Kolada's own letter."""

    TOTAL = "T", pgettext_lazy("kolada gender", "All")
    WOMEN = "K", pgettext_lazy("kolada gender", "Women")
    MEN = "M", pgettext_lazy("kolada gender", "Men")


class KoladaValue(models.Model):
    """One Kolada figure: a KPI for one municipality or region, year and gender."""

    kpi = models.CharField(_("Kolada KPI"), max_length=16)
    municipality_id = models.CharField(
        _("Kolada municipality or region"),
        max_length=4,
        help_text=_("Four digits; 0001–0025 are regions, 0000 is the whole country."),
    )
    municipality_name = models.CharField(_("name"), max_length=200, blank=True)
    period = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender)
    value = models.FloatField(_("value"))
    status = models.CharField(_("status"), max_length=100, blank=True)
    count = models.IntegerField(_("count"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=255)
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
        ordering = ["kpi", "period", "municipality_id", "gender"]
        verbose_name = _("Kolada value")
        verbose_name_plural = _("Kolada values")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "municipality_id", "period", "gender"],
                name="unique_kolada_value",
            )
        ]
        indexes = [models.Index(fields=["kpi", "period"], name="kolada_kpi_period")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality_id} {self.period} {self.gender}: {self.value}"
