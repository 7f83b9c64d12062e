"""Claiming money set aside for a programme, and the budget's totals (domain.md, "ianspråktagande
av medel"; issue 4, item 5; seed ``000_…``).

Every state change is a plain function here; views call them. Only users who hold
``EDIT_PLANS`` for the whole region (HR strategists, administrators) may change a budget: an
allocation belongs to the region's programme, not to one unit. Each change is validated
first and stored in one transaction, and django-simple-history keeps who, when, old and new.

``budget_summary`` is pure: it reads the drawdowns and returns the totals the pages, the
downloads and the programme overview show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from attraktiv.accounts.access import access_for
from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.core.history import attribute
from attraktiv.programmes.models import Goal

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# A drawdown may be for a year just outside the plan period (a claim made the autumn before,
# or money carried over); further away is a typing error.
YEAR_MARGIN = 2
LARGEST_AMOUNT = Decimal("999999999999")

DRAWDOWN_FIELDS = (
    "area",
    "initiative",
    "initiated",
    "year",
    "amount_tkr",
    "outcome_tkr",
    "decision",
    "decided_on",
    "position",
)


# ---- permission ------------------------------------------------------------------------------


def may_edit_budget(user: User) -> bool:
    """True when ``user`` holds EDIT_PLANS in every root of the organisation (the region)."""
    return access_for(user).may_edit_plans()


def require_edit(user: User) -> None:
    if not may_edit_budget(user):
        raise PermissionDenied(_("Only HR strategists may change the budget."))


# ---- validation ------------------------------------------------------------------------------


def label(model: type, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[attr-defined]


def field_error(model: type, name: str, message: str) -> str:
    """``"Belopp (Tkr): måste vara större än noll."``: a message that names its field."""
    return _("%(field)s: %(message)s") % {
        "field": capfirst(label(model, name)),
        "message": message,
    }


def to_amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return Decimal("NaN")
    return amount


def validate_drawdown(allocation: Allocation, values: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned values of a drawdown, or a ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    cleaned = dict(values)
    for name in ("area", "initiative", "initiated", "decision"):
        text = str(values.get(name) or "").strip()
        cleaned[name] = text
        if not text:
            errors[name] = field_error(Drawdown, name, _("this field is required."))
        elif len(text) > (getattr(Drawdown._meta.get_field(name), "max_length", None) or 0):
            errors[name] = field_error(Drawdown, name, _("the text is too long."))
    amount = to_amount(values.get("amount_tkr"))
    if amount is None:
        errors["amount_tkr"] = field_error(Drawdown, "amount_tkr", _("this field is required."))
    elif amount.is_nan() or amount != amount.to_integral_value():
        errors["amount_tkr"] = field_error(
            Drawdown, "amount_tkr", _("enter a whole number of Tkr.")
        )
    elif amount <= 0:
        errors["amount_tkr"] = field_error(
            Drawdown, "amount_tkr", _("the amount must be greater than zero.")
        )
    elif amount > LARGEST_AMOUNT:
        errors["amount_tkr"] = field_error(Drawdown, "amount_tkr", _("the amount is too large."))
    cleaned["amount_tkr"] = amount
    outcome = to_amount(values.get("outcome_tkr"))
    if outcome is not None:
        if outcome.is_nan() or outcome != outcome.to_integral_value():
            errors["outcome_tkr"] = field_error(
                Drawdown, "outcome_tkr", _("enter a whole number of Tkr.")
            )
        elif outcome < 0:
            errors["outcome_tkr"] = field_error(
                Drawdown, "outcome_tkr", _("the outcome cannot be negative.")
            )
        elif outcome > LARGEST_AMOUNT:
            errors["outcome_tkr"] = field_error(
                Drawdown, "outcome_tkr", _("the amount is too large.")
            )
    cleaned["outcome_tkr"] = outcome
    raw_year: Any = values.get("year")
    first, last = allocation.first_year - YEAR_MARGIN, allocation.last_year + YEAR_MARGIN
    year: int | None
    try:
        year = int(raw_year) if raw_year not in (None, "") else None
    except (TypeError, ValueError):
        year = -1
    if year is None:
        errors["year"] = field_error(Drawdown, "year", _("this field is required."))
    elif not first <= year <= last:
        errors["year"] = field_error(
            Drawdown,
            "year",
            _("the year must lie within %(first)s–%(last)s (the allocation is for %(period)s).")
            % {
                "first": first,
                "last": last,
                "period": f"{allocation.first_year}–{allocation.last_year}",
            },
        )
    cleaned["year"] = year
    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_goals(allocation: Allocation, goals: Iterable[Goal]) -> list[Goal]:
    goals = list(goals)
    foreign = [goal for goal in goals if goal.area.programme_id != allocation.programme_id]
    if foreign:
        raise ValidationError(
            {
                "goals": field_error(
                    Drawdown, "goals", _("a goal of another programme cannot be chosen.")
                )
            }
        )
    return goals


# ---- changes ---------------------------------------------------------------------------------


@transaction.atomic
def add_drawdown(
    user: User,
    allocation: Allocation,
    *,
    area: str,
    initiative: str,
    initiated: str,
    year: int,
    amount_tkr: Decimal | int | str,
    decision: str,
    decided_on: Any = None,
    outcome_tkr: Decimal | int | str | None = None,
    goals: Iterable[Goal] = (),
    position: int | None = None,
) -> Drawdown:
    """Claim ``amount_tkr`` for an initiative in an area (domain.md, "ianspråktagande").

    Without ``position`` the drawdown comes last in the decision's order.
    """
    require_edit(user)
    cleaned = validate_drawdown(
        allocation,
        {
            "area": area,
            "initiative": initiative,
            "initiated": initiated,
            "year": year,
            "amount_tkr": amount_tkr,
            "outcome_tkr": outcome_tkr,
            "decision": decision,
        },
    )
    chosen_goals = validate_goals(allocation, goals)
    if position is None:
        highest = allocation.drawdowns.aggregate(highest=Max("position"))["highest"]
        position = 0 if highest is None else highest + 1
    drawdown = Drawdown(allocation=allocation, decided_on=decided_on, position=position, **cleaned)
    attribute(drawdown, user)
    drawdown.save()
    if chosen_goals:
        attribute(drawdown, user)
        drawdown.goals.set(chosen_goals)
    return drawdown


@transaction.atomic
def update_drawdown(
    user: User, drawdown: Drawdown, *, goals: Iterable[Goal] | None = None, **changes: Any
) -> Drawdown:
    """Change a drawdown's fields (amount, outcome, area, …) and, if given, the goals it serves.

    Only the named fields change; the whole drawdown is validated again before anything is
    stored.
    """
    require_edit(user)
    unknown = set(changes) - set(DRAWDOWN_FIELDS)
    if unknown:
        raise TypeError(f"unknown drawdown fields: {', '.join(sorted(unknown))}")
    current = {name: getattr(drawdown, name) for name in DRAWDOWN_FIELDS}
    current.update(changes)
    cleaned = validate_drawdown(drawdown.allocation, current)
    chosen_goals = validate_goals(drawdown.allocation, goals) if goals is not None else None
    for name in DRAWDOWN_FIELDS:
        setattr(drawdown, name, cleaned.get(name, current[name]))
    attribute(drawdown, user)
    drawdown.save()
    if chosen_goals is not None and set(chosen_goals) != set(drawdown.goals.all()):
        attribute(drawdown, user)
        drawdown.goals.set(chosen_goals)
    return drawdown


@transaction.atomic
def remove_drawdown(user: User, drawdown: Drawdown) -> None:
    """Withdraw a drawdown; its history (with the deletion) is kept."""
    require_edit(user)
    attribute(drawdown, user)
    drawdown.delete()


@transaction.atomic
def set_allocation_amount(
    user: User, allocation: Allocation, amount_tkr: Decimal | int | str | None
) -> Allocation:
    """Record the amount set aside (avsatta medel); ``None`` when the decision does not say."""
    require_edit(user)
    amount = to_amount(amount_tkr)
    if amount is not None:
        if amount.is_nan() or amount != amount.to_integral_value():
            raise ValidationError(
                {
                    "amount_tkr": field_error(
                        Allocation, "amount_tkr", _("enter a whole number of Tkr.")
                    )
                }
            )
        if amount <= 0:
            raise ValidationError(
                {
                    "amount_tkr": field_error(
                        Allocation, "amount_tkr", _("the amount must be greater than zero.")
                    )
                }
            )
        if amount > LARGEST_AMOUNT:
            raise ValidationError(
                {"amount_tkr": field_error(Allocation, "amount_tkr", _("the amount is too large."))}
            )
    allocation.amount_tkr = amount
    attribute(allocation, user)
    allocation.save()
    return allocation


# ---- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaGroup:
    """One area of the decision, its drawdowns in the decision's order, and its total."""

    name: str
    drawdowns: tuple[Drawdown, ...]
    total: Decimal


@dataclass(frozen=True)
class Summary:
    """The budget of one allocation: what is claimed, per area and year, and what is left."""

    set_aside: Decimal | None
    total: Decimal
    left: Decimal | None  # None when the amount set aside is not known ("ej angivet")
    groups: tuple[AreaGroup, ...]
    years: tuple[int, ...]
    by_area: dict[str, Decimal]
    by_year: dict[int, Decimal]
    by_area_year: dict[tuple[str, int], Decimal]
    # Outcome against drawdown, over the drawdowns whose outcome is entered.
    outcome_total: Decimal | None
    drawn_with_outcome: Decimal
    outcome_count: int
    count: int = 0
    matrix: tuple[tuple[str, tuple[Decimal | None, ...], Decimal], ...] = field(default=())

    @property
    def outcome_difference(self) -> Decimal | None:
        """Outcome minus drawdown over the rows with outcome; negative means under budget."""
        if self.outcome_total is None:
            return None
        return self.outcome_total - self.drawn_with_outcome


def decision_order(drawdowns: Iterable[Drawdown]) -> list[Drawdown]:
    return sorted(drawdowns, key=lambda d: (d.position, d.pk or 0))


def summarise(drawdowns: Iterable[Drawdown], set_aside: Decimal | None) -> Summary:
    """The totals of ``drawdowns`` (pure: no database access, nothing stored)."""
    rows = decision_order(drawdowns)
    groups: dict[str, list[Drawdown]] = {}
    by_year: dict[int, Decimal] = {}
    by_area_year: dict[tuple[str, int], Decimal] = {}
    outcome_total: Decimal | None = None
    drawn_with_outcome = Decimal(0)
    outcome_count = 0
    for row in rows:
        groups.setdefault(row.area, []).append(row)
        amount = Decimal(row.amount_tkr)
        by_year[row.year] = by_year.get(row.year, Decimal(0)) + amount
        key = (row.area, row.year)
        by_area_year[key] = by_area_year.get(key, Decimal(0)) + amount
        if row.outcome_tkr is not None:
            outcome_total = (outcome_total or Decimal(0)) + Decimal(row.outcome_tkr)
            drawn_with_outcome += amount
            outcome_count += 1
    area_groups = tuple(
        AreaGroup(name, tuple(items), sum((Decimal(d.amount_tkr) for d in items), Decimal(0)))
        for name, items in groups.items()
    )
    total = sum((group.total for group in area_groups), Decimal(0))
    years = tuple(sorted(by_year))
    matrix = tuple(
        (
            group.name,
            tuple(by_area_year.get((group.name, year)) for year in years),
            group.total,
        )
        for group in area_groups
    )
    return Summary(
        set_aside=set_aside,
        total=total,
        left=None if set_aside is None else set_aside - total,
        groups=area_groups,
        years=years,
        by_area={group.name: group.total for group in area_groups},
        by_year={year: by_year[year] for year in years},
        by_area_year=by_area_year,
        outcome_total=outcome_total,
        drawn_with_outcome=drawn_with_outcome,
        outcome_count=outcome_count,
        count=len(rows),
        matrix=matrix,
    )


def budget_summary(allocation: Allocation) -> Summary:
    """The summary of one allocation (issue 4, item 5: totals per area and year, what is left,
    outcome against drawdown)."""
    drawdowns = allocation.drawdowns.prefetch_related("goals__area")
    return summarise(drawdowns, allocation.amount_tkr)
