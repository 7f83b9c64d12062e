"""The organisation tree (förvaltning → verksamhet → enhet) and occupation groups.

The tree is stored with a materialised path (domain.md, "Unit"): each unit's ``path`` is its
parent's path plus a fixed-width step, so a subtree is one ``path LIKE 'prefix%'`` query and
ancestors are one ``path IN (...)`` query, whatever the depth or the size of the tree.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable

# Width of one path step: base-36 sibling number, so up to 36**4 siblings per parent.
PATH_STEP = 4


class UnitKind(models.TextChoices):
    """Optional ``units.kind`` of hr-data.md §1."""

    REGION = "region", _("Region")
    FORVALTNING = "forvaltning", _("Administration")
    VERKSAMHET = "verksamhet", _("Operation")
    ENHET = "enhet", _("Unit")


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtrees(self, roots: Iterable[Unit]) -> UnitQuerySet:
        """Units in the subtrees of ``roots`` (each root included); none if no roots."""
        conditions = [models.Q(path__startswith=root.path) for root in roots]
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))

    def roots(self) -> UnitQuerySet:
        return self.filter(parent__isnull=True)


class Unit(models.Model):
    """A unit of the organisation; a unit without children is a workplace (arbetsplats)."""

    unit_id = models.CharField(_("unit id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, blank=True)
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit's ancestors, root first (not the unit itself)."""
        return [self.path[:end] for end in range(PATH_STEP, len(self.path), PATH_STEP)]

    def ancestors(self) -> UnitQuerySet:
        """This unit's ancestors, root first, in one query."""
        return Unit.objects.filter(path__in=self.ancestor_paths())

    def subtree(self) -> UnitQuerySet:
        """This unit and every unit below it, in one query."""
        return Unit.objects.filter(path__startswith=self.path)

    def is_within(self, other: Unit) -> bool:
        """True when this unit is ``other`` or lies below it."""
        return self.path.startswith(other.path)


class OccupationGroup(models.Model):
    """A competence (kompetens) that the supply plan projects, e.g. Sjuksköterska."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("occupation group")
        verbose_name_plural = _("occupation groups")

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    """An occupation code (SKR's AID or SSYK 2012) and the group it belongs to (hr-data.md §1)."""

    code = models.CharField(_("occupation code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.ForeignKey(
        OccupationGroup,
        verbose_name=_("occupation group"),
        on_delete=models.PROTECT,
        related_name="occupations",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
