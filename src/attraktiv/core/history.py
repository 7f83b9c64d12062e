"""An object's change history as people read it: who, when, which field, old and new value.

domain.md, "Roles and what they may see": every change to a plan, target, status, budget or
audit answer is kept with who, when, old and new value. The models keep it with
django-simple-history; this module turns a history into rows for the shared partial
``core/history.html`` (values shown as their labels, related objects by name).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import models
from django.utils.translation import gettext as _

from attraktiv.formatting import MISSING, format_exact, format_person


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str  # created, changed or deleted
    changes: tuple[Change, ...]
    reason: str


def shown_value(field: models.Field | None, value: Any) -> str:
    """A stored value as the pages show it: choice labels, names of related objects."""
    if value is None or value == "":
        return MISSING
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        related = (
            cast("type[models.Model]", field.related_model)
            ._default_manager.filter(pk=value)
            .first()
        )
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | float):
        return format_exact(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def shown_related_set(field: models.Field, rows: list[dict[str, Any]]) -> str:
    """A many-to-many value (simple-history's through rows) as the names it links to."""
    model = cast("type[models.Model]", field.related_model)
    column = model._meta.model_name
    ids = [row[column] for row in rows if column in row]
    names = sorted(str(obj) for obj in model._default_manager.filter(pk__in=ids))
    return ", ".join(names) if names else MISSING


def field_changes(record: Any, previous: Any) -> tuple[Change, ...]:
    delta = record.diff_against(previous)
    model = record.instance_type
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        if field.many_to_many:
            old, new = shown_related_set(field, change.old), shown_related_set(field, change.new)
        else:
            old, new = shown_value(field, change.old), shown_value(field, change.new)
        changes.append(Change(str(field.verbose_name), old, new))
    return tuple(changes)


Saved = TypeVar("Saved", bound=models.Model)


def attribute(obj: Saved, user: Any, reason: str = "") -> Saved:
    """Record who makes ``obj``'s next save, and why, in its history (outside a request too);
    returns ``obj``, so ``attribute(obj, user).save()`` reads as one step."""
    authenticated = getattr(user, "is_authenticated", False)
    obj._history_user = user if authenticated else None  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason[:100]  # type: ignore[attr-defined]
    return obj


WHAT = {"+": "created", "~": "changed", "-": "deleted"}


def history_entries(obj: models.Model, limit: int = 100) -> list[HistoryEntry]:
    """The object's changes, newest first; a change that altered nothing shown is left out."""
    history = obj.history  # type: ignore[attr-defined]
    records = list(
        history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = field_changes(record, previous) if previous is not None else ()
        if record.history_type == "~" and not changes:
            continue
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=format_person(user) or _("the system"),
                what=WHAT[record.history_type],
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
