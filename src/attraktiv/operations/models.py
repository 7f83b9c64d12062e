"""What operating the product leaves behind: the purges of old microdata (issue 15, §5).

A purge removes the microdata whose periods end before 1 January of a year and keeps the
measurements computed from them. Its record tells the recompute which years it must keep
rather than compute again (``measurements.services.recompute``): their microdata are gone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purge(models.Model):
    """One run of ``attraktiv purge --before YEAR``: who, when, and the rows it removed."""

    before_year = models.PositiveSmallIntegerField(_("microdata removed before"))
    performed_at = models.DateTimeField(_("performed"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # {"employments": 123, …}: the rows removed per table of hr-data.md §1
    removed = models.JSONField(_("rows removed per table"), default=dict)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self) -> str:
        return f"{self.performed_at:%Y-%m-%d} < {self.before_year}"


def kept_before() -> int | None:
    """The first year whose microdata are all still stored: measurements of earlier years
    are kept as computed (no later purge's year is lower than an earlier one's effect)."""
    return Purge.objects.aggregate(year=models.Max("before_year"))["year"]
