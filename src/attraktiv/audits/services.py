"""Audits, the board's answers and the measures it decides (domain.md, "granskning,
rekommendation, svar, åtgärd"; issue 4, item 6; seed ``004_…``).

Every state change is a plain function here; views call them. Only users who hold
``EDIT_PLANS`` for the whole region (HR strategists, administrators) may change an audit: the
board answers for the region, not for one unit. Each change is validated first and stored in
one transaction; django-simple-history keeps who, when, old and new value.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from attraktiv.accounts.access import access_for
from attraktiv.actionplans.models import Action
from attraktiv.audits.models import Audit, Measure, MeasureStatus, Recommendation, StrategicArea
from attraktiv.core.history import attribute
from attraktiv.programmes.models import Programme

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

AUDIT_FIELDS = (
    "identifier",
    "title",
    "year",
    "programme",
    "auditor",
    "responded_by",
    "responded_on",
)
RECOMMENDATION_FIELDS = ("number", "text", "response")
MEASURE_FIELDS = ("text", "status", "follow_up_comment", "position")
FIRST_YEAR, LAST_YEAR = 1990, 2100

# The follow-up statuses as the pages say them (domain.md: "ej påbörjad", "pågår", "klar").
# A context keeps them apart from other "Not started" texts of the product's catalogue.
STATUS_WORDS = {
    MeasureStatus.NOT_STARTED: pgettext_lazy("measure status", "Not started"),
    MeasureStatus.IN_PROGRESS: pgettext_lazy("measure status", "In progress"),
    MeasureStatus.DONE: pgettext_lazy("measure status", "Done"),
    MeasureStatus.NOT_DONE: pgettext_lazy("measure status", "Will not be done"),
}


def status_word(status: str) -> str:
    return str(STATUS_WORDS.get(status, status))  # type: ignore[call-overload]


def status_choices() -> list[tuple[str, str]]:
    return [(status.value, status_word(status)) for status in MeasureStatus]


# ---- permission ------------------------------------------------------------------------------


def may_edit_audits(user: User) -> bool:
    """True when ``user`` holds EDIT_PLANS in every root of the organisation (the region)."""
    return access_for(user).may_edit_plans()


def require_edit(user: User) -> None:
    if not may_edit_audits(user):
        raise PermissionDenied(_("Only HR strategists may change audits."))


# ---- validation ------------------------------------------------------------------------------


def field_error(model: type, name: str, message: str) -> str:
    """``"Rekommendation: fältet måste fyllas i."``: a message that names its field."""
    label = str(model._meta.get_field(name).verbose_name)  # type: ignore[attr-defined]
    return _("%(field)s: %(message)s") % {"field": capfirst(label), "message": message}


def required_text(model: type, values: Mapping[str, Any], name: str, errors: dict[str, str]) -> str:
    text = str(values.get(name) or "").strip()
    max_length = model._meta.get_field(name).max_length  # type: ignore[attr-defined]
    if not text:
        errors[name] = field_error(model, name, _("this field is required."))
    elif max_length is not None and len(text) > max_length:
        errors[name] = field_error(model, name, _("the text is too long."))
    return text


def optional_text(model: type, values: Mapping[str, Any], name: str, errors: dict[str, str]) -> str:
    text = str(values.get(name) or "").strip()
    max_length = model._meta.get_field(name).max_length  # type: ignore[attr-defined]
    if max_length is not None and len(text) > max_length:
        errors[name] = field_error(model, name, _("the text is too long."))
    return text


def validate_audit(values: Mapping[str, Any], audit: Audit | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "identifier": required_text(Audit, values, "identifier", errors),
        "title": required_text(Audit, values, "title", errors),
        "auditor": optional_text(Audit, values, "auditor", errors),
        "responded_by": optional_text(Audit, values, "responded_by", errors),
    }
    try:
        year = int(values.get("year"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors["year"] = field_error(Audit, "year", _("enter a year, for example 2022."))
    else:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            errors["year"] = field_error(Audit, "year", _("enter a year, for example 2022."))
        cleaned["year"] = year
    responded_on = values.get("responded_on")
    if responded_on not in (None, "") and not isinstance(responded_on, datetime.date):
        errors["responded_on"] = field_error(Audit, "responded_on", _("enter a date."))
    cleaned["responded_on"] = responded_on or None
    programme = values.get("programme")
    if programme is not None and not isinstance(programme, Programme):
        errors["programme"] = field_error(Audit, "programme", _("choose a programme."))
    cleaned["programme"] = programme
    identifier = cleaned["identifier"]
    if identifier and "identifier" not in errors:
        clash = Audit.objects.filter(identifier=identifier)
        if audit is not None:
            clash = clash.exclude(pk=audit.pk)
        if clash.exists():
            errors["identifier"] = field_error(
                Audit, "identifier", _("another audit already has this number.")
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


# ---- audits and strategic areas --------------------------------------------------------------


@transaction.atomic
def create_audit(
    user: User,
    *,
    identifier: str,
    title: str,
    year: int,
    programme: Programme | None = None,
    auditor: str = "",
    responded_by: str = "",
    responded_on: datetime.date | None = None,
) -> Audit:
    """Register an audit report (e.g. "7/2022 Strategisk kompetensförsörjning")."""
    require_edit(user)
    cleaned = validate_audit(
        {
            "identifier": identifier,
            "title": title,
            "year": year,
            "programme": programme,
            "auditor": auditor,
            "responded_by": responded_by,
            "responded_on": responded_on,
        }
    )
    audit = Audit(**cleaned)
    attribute(audit, user)
    audit.save()
    return audit


@transaction.atomic
def update_audit(user: User, audit: Audit, **changes: Any) -> Audit:
    """Change an audit's number, title, year, programme, auditor or response details."""
    require_edit(user)
    unknown = set(changes) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown audit fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(audit, name) for name in AUDIT_FIELDS}
    values.update(changes)
    cleaned = validate_audit(values, audit)
    for name, value in cleaned.items():
        setattr(audit, name, value)
    attribute(audit, user)
    audit.save()
    return audit


@transaction.atomic
def add_strategic_area(user: User, audit: Audit, name: str) -> StrategicArea:
    """Add a strategic action area (strategiskt åtgärdsområde) last in the audit's list."""
    require_edit(user)
    errors: dict[str, str] = {}
    text = required_text(StrategicArea, {"name": name}, "name", errors)
    if not errors and audit.strategic_areas.filter(name__iexact=text).exists():
        errors["name"] = field_error(
            StrategicArea, "name", _("the audit already has this action area.")
        )
    if errors:
        raise ValidationError(errors)
    highest = audit.strategic_areas.aggregate(highest=Max("position"))["highest"]
    area = StrategicArea(audit=audit, name=text, position=0 if highest is None else highest + 1)
    attribute(area, user)
    area.save()
    return area


@transaction.atomic
def set_strategic_areas(
    user: User, audit: Audit, names: Iterable[str], *, confirm_removal: bool = False
) -> list[StrategicArea]:
    """Make the audit's action areas exactly ``names``, in that order, keeping existing rows.

    Areas left out of ``names`` are deleted only with ``confirm_removal``: an empty or
    shortened list is more often a mistake than a decision."""
    require_edit(user)
    wanted = [str(name).strip() for name in names if str(name).strip()]
    if len({name.lower() for name in wanted}) != len(wanted):
        raise ValidationError(
            {"names": field_error(StrategicArea, "name", _("an action area is listed twice."))}
        )
    existing = {area.name.lower(): area for area in audit.strategic_areas.all()}
    removed = [
        area.name for key, area in existing.items() if key not in {n.lower() for n in wanted}
    ]
    if removed and not confirm_removal:
        if len(removed) == len(existing):
            message = ngettext(
                "The action area would be removed. Confirm the removal, or write the area "
                "back in the list.",
                "All %(count)s action areas would be removed. Confirm the removal, or write "
                "the areas back in the list.",
                len(removed),
            ) % {"count": len(removed)}
        else:
            message = ngettext(
                "%(count)s action area would be removed: %(names)s. Confirm the removal, or "
                "write it back in the list.",
                "%(count)s action areas would be removed: %(names)s. Confirm the removal, or "
                "write them back in the list.",
                len(removed),
            ) % {"count": len(removed), "names": ", ".join(removed)}
        raise ValidationError({"confirm_removal": message})
    result = []
    for position, name in enumerate(wanted):
        area = existing.pop(name.lower(), None) or StrategicArea(audit=audit)
        if area.pk is None or area.name != name or area.position != position:
            area.name, area.position = name, position
            attribute(area, user)
            area.save()
        result.append(area)
    for area in existing.values():
        attribute(area, user)
        area.delete()
    return result


# ---- recommendations -------------------------------------------------------------------------


def validate_recommendation(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "text": required_text(Recommendation, values, "text", errors),
        "response": optional_text(Recommendation, values, "response", errors),
    }
    try:
        number = int(values.get("number"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors["number"] = field_error(Recommendation, "number", _("enter a whole number from 1."))
    else:
        if number < 1:
            errors["number"] = field_error(
                Recommendation, "number", _("enter a whole number from 1.")
            )
        cleaned["number"] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def number_taken_error() -> ValidationError:
    return ValidationError(
        {
            "number": field_error(
                Recommendation,
                "number",
                _("the audit already has a recommendation with this number."),
            )
        }
    )


@transaction.atomic
def add_recommendation(
    user: User, audit: Audit, *, text: str, response: str = "", number: int | None = None
) -> Recommendation:
    """Add a recommendation of the audit, with the board's response (svar) if known."""
    require_edit(user)
    if number is None:
        highest = audit.recommendations.aggregate(highest=Max("number"))["highest"]
        number = 1 if highest is None else highest + 1
    cleaned = validate_recommendation({"number": number, "text": text, "response": response})
    if audit.recommendations.filter(number=cleaned["number"]).exists():
        raise number_taken_error()
    recommendation = Recommendation(audit=audit, **cleaned)
    attribute(recommendation, user)
    recommendation.save()
    return recommendation


@transaction.atomic
def update_recommendation(
    user: User, recommendation: Recommendation, **changes: Any
) -> Recommendation:
    """Change a recommendation's number, text or the board's response."""
    require_edit(user)
    unknown = set(changes) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown recommendation fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(recommendation, name) for name in RECOMMENDATION_FIELDS}
    values.update(changes)
    cleaned = validate_recommendation(values)
    if (
        Recommendation.objects.filter(audit_id=recommendation.audit_id, number=cleaned["number"])
        .exclude(pk=recommendation.pk)
        .exists()
    ):
        raise number_taken_error()
    for name, value in cleaned.items():
        setattr(recommendation, name, value)
    attribute(recommendation, user)
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError:
        raise number_taken_error() from None
    return recommendation


# ---- measures --------------------------------------------------------------------------------


def validate_measure(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "text": required_text(Measure, values, "text", errors),
        "follow_up_comment": optional_text(Measure, values, "follow_up_comment", errors),
        "position": values.get("position") or 0,
    }
    status = values.get("status") or MeasureStatus.NOT_STARTED
    if status not in MeasureStatus.values:
        errors["status"] = field_error(Measure, "status", _("choose one of the statuses."))
    cleaned["status"] = status
    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_actions(recommendation: Recommendation, actions: Iterable[Action]) -> list[Action]:
    """Actions must belong to the audit's programme when the audit has one."""
    chosen = list(actions)
    programme_id = recommendation.audit.programme_id
    if programme_id is not None:
        foreign = [a for a in chosen if a.action_plan.programme_id != programme_id]
        if foreign:
            raise ValidationError(
                {
                    "actions": field_error(
                        Measure, "actions", _("an action of another programme cannot be linked.")
                    )
                }
            )
    return chosen


@transaction.atomic
def add_measure(
    user: User,
    recommendation: Recommendation,
    *,
    text: str,
    status: str = MeasureStatus.NOT_STARTED,
    follow_up_comment: str = "",
    actions: Iterable[Action] = (),
) -> Measure:
    """Add a measure the board decides ("Regionstyrelsen vidtar följande åtgärder")."""
    require_edit(user)
    highest = recommendation.measures.aggregate(highest=Max("position"))["highest"]
    cleaned = validate_measure(
        {
            "text": text,
            "status": status,
            "follow_up_comment": follow_up_comment,
            "position": 0 if highest is None else highest + 1,
        }
    )
    chosen = validate_actions(recommendation, actions)
    measure = Measure(recommendation=recommendation, **cleaned)
    attribute(measure, user)
    measure.save()
    if chosen:
        attribute(measure, user)
        measure.actions.set(chosen)
    return measure


@transaction.atomic
def update_measure(
    user: User, measure: Measure, *, actions: Iterable[Action] | None = None, **changes: Any
) -> Measure:
    """Change a measure's text, follow-up status or comment and, if given, its actions."""
    require_edit(user)
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(measure, name) for name in MEASURE_FIELDS}
    values.update(changes)
    cleaned = validate_measure(values)
    chosen = validate_actions(measure.recommendation, actions) if actions is not None else None
    changed = any(getattr(measure, name) != value for name, value in cleaned.items())
    for name, value in cleaned.items():
        setattr(measure, name, value)
    if changed:
        attribute(measure, user)
        measure.save()
    if chosen is not None:
        link_measure_to_actions(user, measure, chosen)
    return measure


@transaction.atomic
def link_measure_to_actions(user: User, measure: Measure, actions: Iterable[Action]) -> Measure:
    """Make the measure's linked actions exactly ``actions`` (issue 4, item 6)."""
    require_edit(user)
    chosen = validate_actions(measure.recommendation, actions)
    if set(chosen) != set(measure.actions.all()):
        attribute(measure, user)
        measure.actions.set(chosen)
    return measure


def status_counts(measures: Iterable[Measure]) -> list[tuple[str, str, int]]:
    """Measures per follow-up status, in the statuses' order: (value, label, count)."""
    counts: dict[str, int] = {}
    for measure in measures:
        counts[measure.status] = counts.get(measure.status, 0) + 1
    return [
        (status.value, status_word(status), counts[status.value])
        for status in MeasureStatus
        if counts.get(status.value)
    ]
