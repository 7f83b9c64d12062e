"""Roles (domain.md, "Roles and what they may see"), each held in a unit of the tree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attraktiv.organisation.models import Unit


class Role(models.TextChoices):
    """The five roles of domain.md."""

    ADMINISTRATOR = "administrator", _("Administrator")
    HR_STRATEGIST = "hr_strategist", _("HR strategist")
    ADMINISTRATION_HR = "administration_hr", _("Administration HR")
    MANAGER = "manager", _("Manager")
    READER = "reader", _("Reader")


class RoleAssignment(models.Model):
    """A user holds ``role`` for ``unit`` and every unit below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
