"""The one permission helper: what a user may do, and in which units.

Every view (``requires``), API endpoint (``attraktiv.api``) and export asks this module, so
unit scoping cannot be forgotten. A role is held in a unit and reaches that unit's whole
subtree (domain.md, "Roles and what they may see"); a capability is held in the union of the
subtrees of the roles that grant it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from attraktiv.accounts.models import Role, RoleAssignment
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest, HttpResponseBase


class Capability(enum.Enum):
    """What a role allows; each is checked against the unit it applies to."""

    VIEW_PUBLISHED = "view_published"  # published plans, follow-ups and reports
    VIEW_ORGANISATION = "view_organisation"
    VIEW_FIGURES = "view_figures"  # aggregated indicator values
    REPORT_ACTIONS = "report_actions"  # actions and follow-up entries of one's units
    EDIT_PLANS = "edit_plans"  # programmes, plans, targets, budget, audits, rounds
    IMPORT_DATA = "import_data"
    MANAGE_USERS = "manage_users"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(Capability),
    Role.HR_STRATEGIST: frozenset(Capability) - {Capability.MANAGE_USERS},
    Role.ADMINISTRATION_HR: frozenset(
        {
            Capability.VIEW_PUBLISHED,
            Capability.VIEW_ORGANISATION,
            Capability.VIEW_FIGURES,
            Capability.REPORT_ACTIONS,
        }
    ),
    Role.MANAGER: frozenset(
        {Capability.VIEW_PUBLISHED, Capability.VIEW_ORGANISATION, Capability.VIEW_FIGURES}
    ),
    Role.READER: frozenset({Capability.VIEW_PUBLISHED, Capability.VIEW_ORGANISATION}),
}


@dataclass(frozen=True)
class Access:
    """A user's roles and, per capability, the units (subtree roots) where it holds."""

    roles: frozenset[Role]
    roots: dict[Capability, tuple[Unit, ...]] = field(default_factory=dict)

    def has(self, capability: Capability) -> bool:
        """True when the capability is held in at least one unit."""
        return bool(self.roots.get(capability))

    def allows(self, capability: Capability, unit: Unit) -> bool:
        """True when the capability is held in ``unit`` (directly or above it)."""
        return any(unit.is_within(root) for root in self.roots.get(capability, ()))

    def units(self, capability: Capability) -> QuerySet[Unit]:
        """Every unit where the capability is held."""
        return Unit.objects.subtrees(self.roots.get(capability, ()))

    def scope(self, queryset: QuerySet[Any], capability: Capability, unit_field: str = "unit"):
        """Filter ``queryset`` to rows whose ``unit_field`` lies in the capability's units."""
        conditions = Q()
        for root in self.roots.get(capability, ()):
            conditions |= Q(**{f"{unit_field}__path__startswith": root.path})
        return queryset.filter(conditions) if conditions else queryset.none()

    def region_wide(self, capability: Capability) -> bool:
        """True when the capability holds for the whole organisation (in every root unit).

        Programmes, action plans, budgets, audits and follow-up rounds belong to the whole
        region: editing them takes EDIT_PLANS region-wide.
        """
        roots = self.tree_roots
        return bool(roots) and all(self.allows(capability, root) for root in roots)

    def may_edit_plans(self) -> bool:
        """Programmes, targets, action plans, budgets, audits, follow-up rounds, scenarios and
        the links to Arbetsförmedlingen's occupations are the region's: editing them takes
        EDIT_PLANS region-wide (domain.md, "HR-strateg")."""
        return self.region_wide(Capability.EDIT_PLANS)

    def may_import(self) -> bool:
        """HR data, Kolada and Yrkesbarometer files replace the region's data: importing
        takes IMPORT_DATA region-wide."""
        return self.region_wide(Capability.IMPORT_DATA)

    def may_read_region_figures(self) -> bool:
        """Figures of the whole region (its plan, its scenarios' results) take VIEW_FIGURES
        in every root unit: a Chef or Förvaltnings-HR sees their units' subtree only
        (domain.md)."""
        return self.region_wide(Capability.VIEW_FIGURES)

    @cached_property
    def programme_levels(self) -> dict[str, frozenset[int]]:
        """Per engine indicator (hr-data.md §3, the Nyckeltal page's id), the units at which
        the programmes follow it: each programme indicator's own unit, else the region (the
        tree's roots, as ``programmes.services.engine_series`` reads it). Every stored
        programme is published (a programme has no draft state: it is stored once the board
        has decided it), so these are the published programmes' levels. One query per
        access."""
        roots = frozenset(root.pk for root in self.tree_roots)
        levels: dict[str, set[int]] = {}
        for indicator in Indicator.objects.only(
            "source", "kpi", "survey_question", "survey_measure", "unit"
        ):
            if indicator.engine_kpi:
                units = {indicator.unit_id} if indicator.unit_id else roots
                levels.setdefault(indicator.engine_kpi, set()).update(units)
        return {kpi: frozenset(units) for kpi, units in levels.items()}

    def programme_level(self, unit: Unit | None) -> Unit | None:
        """The unit a programme indicator is measured for: its own ``unit``, else the
        region (the first root)."""
        if unit is not None:
            return unit
        return self.tree_roots[0] if self.tree_roots else None

    def may_read_measurements(self, kpi: str, unit: Unit) -> bool:
        """The Nyckeltal figures of ``kpi`` for ``unit`` (its page, its download, a link to
        it): with VIEW_FIGURES held in the unit; or, with VIEW_PUBLISHED anywhere, when a
        published programme follows ``kpi`` at that unit (domain.md, "Läsare": board members
        read published plans, and a programme's indicators at its level are part of it).
        Not the drill-down: the child units of a programme's level are figures of units,
        which take VIEW_FIGURES there."""
        if self.allows(Capability.VIEW_FIGURES, unit):
            return True
        return self.has(Capability.VIEW_PUBLISHED) and unit.pk in self.programme_levels.get(kpi, ())

    def may_read_indicator(self, kpi: str) -> bool:
        """``kpi``'s Nyckeltal figures for some unit (``may_read_measurements``): a unit
        outside them is then not found (404) rather than refused (403)."""
        return self.has(Capability.VIEW_FIGURES) or (
            self.has(Capability.VIEW_PUBLISHED) and kpi in self.programme_levels
        )

    def measurement_start(self, kpi: str) -> Unit | None:
        """The unit a Nyckeltal page of ``kpi`` opens on without ``?enhet=``: the first unit
        of the user's VIEW_FIGURES, else the first unit where a programme follows it."""
        figures = self.top_units(Capability.VIEW_FIGURES)
        if figures:
            return figures[0]
        levels = self.programme_levels.get(kpi, ()) if self.may_read_indicator(kpi) else ()
        return Unit.objects.filter(pk__in=levels).order_by("path").first() if levels else None

    @cached_property
    def tree_roots(self) -> list[Unit]:
        """The organisation's root units, read once per access."""
        return list(Unit.objects.roots())

    def top_units(self, capability: Capability) -> tuple[Unit, ...]:
        """The topmost units where the capability is held, in tree order."""
        return self.roots.get(capability, ())


NO_ACCESS = Access(roles=frozenset())


def access_for(user: AbstractBaseUser | AnonymousUser) -> Access:
    """Compute a user's access from their role assignments (two queries at most).

    A superuser is an Administratör of the whole tree.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    if getattr(user, "is_superuser", False):
        assignments = [(Role.ADMINISTRATOR, unit) for unit in Unit.objects.roots()]
    else:
        assignments = [
            (Role(assignment.role), assignment.unit)
            for assignment in RoleAssignment.objects.filter(user_id=user.pk).select_related("unit")
        ]
    roots: dict[Capability, tuple[Unit, ...]] = {}
    for capability in Capability:
        units = {unit for role, unit in assignments if capability in ROLE_CAPABILITIES[role]}
        topmost = [
            unit
            for unit in units
            if not any(unit != other and unit.is_within(other) for other in units)
        ]
        if topmost:
            roots[capability] = tuple(sorted(topmost, key=lambda unit: unit.path))
    return Access(roles=frozenset(role for role, _unit in assignments), roots=roots)


def request_access(request: HttpRequest) -> Access:
    """The request's access, computed once per request."""
    cached = getattr(request, "_attraktiv_access", None)
    if cached is None:
        cached = access_for(request.user)
        request._attraktiv_access = cached  # type: ignore[attr-defined]
    return cached


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., "HttpResponseBase"])


def requires(
    capability: Capability, *, region_wide: bool = False
) -> Callable[[ViewFunction], ViewFunction]:
    """View decorator: log in first, then demand ``capability`` in some unit, or with
    ``region_wide`` for the whole region (``Access.region_wide``), before anything else is
    read: a denied request answers 403 whatever it posts.

    Views still scope their data with ``request_access(request)``; this only turns away
    users who hold the capability nowhere (or not everywhere).
    """

    def decorator(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = request_access(request)
            held = access.region_wide(capability) if region_wide else access.has(capability)
            if not held:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        wrapped.region_wide = region_wide  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: ViewFunction) -> ViewFunction:
    """Mark a view as deliberately open to anonymous users (login, health, errors)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view
