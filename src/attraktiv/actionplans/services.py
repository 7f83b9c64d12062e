"""Everything that changes an action plan, as plain functions that check who may do it.

domain.md, "handlingsplan", "åtgärd", "omtidsättning" and "Roles and what they may see":
HR strategists (Capability.EDIT_PLANS) edit the plan; Förvaltnings-HR (REPORT_ACTIONS)
edits only the actions their units are responsible for. Every change is kept by
django-simple-history with who, when, old and new value; the functions here give the
history a readable reason where one helps. Views call these; they raise
``PermissionDenied`` or ``ValidationError`` and store nothing half.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from attraktiv.accounts.access import Access, Capability, access_for
from attraktiv.actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Aruba,
    PlanVersion,
    Reschedule,
    ResponsibleParty,
)
from attraktiv.auditlog.models import Action as AuditAction
from attraktiv.auditlog.services import record
from attraktiv.core.history import attribute
from attraktiv.programmes.models import Goal, Target

# The words the pages use for statuses and ARUBA phases (domain.md spells them
# "ej påbörjad, pågår, klar, försenad, omplanerad, avbruten"). They carry a context so that
# the project catalogue's "Not started" of the data import does not stand in for them.
STATUS_LABELS: dict[str, Any] = {
    ActionStatus.NOT_STARTED: pgettext_lazy("action status", "Not started"),
    ActionStatus.IN_PROGRESS: pgettext_lazy("action status", "In progress"),
    ActionStatus.DONE: pgettext_lazy("action status", "Done"),
    ActionStatus.DELAYED: pgettext_lazy("action status", "Delayed"),
    ActionStatus.RESCHEDULED: pgettext_lazy("action status", "Rescheduled"),
    ActionStatus.CANCELLED: pgettext_lazy("action status", "Cancelled"),
}
ARUBA_LABELS: dict[str, Any] = {
    Aruba.ATTRACT: pgettext_lazy("ARUBA", "Attract"),
    Aruba.RECRUIT: pgettext_lazy("ARUBA", "Recruit"),
    Aruba.DEVELOP: pgettext_lazy("ARUBA", "Develop"),
    Aruba.RETAIN: pgettext_lazy("ARUBA", "Retain"),
    Aruba.PHASE_OUT: pgettext_lazy("ARUBA", "Phase out"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def aruba_label(aruba: str) -> str:
    return str(ARUBA_LABELS.get(aruba, aruba)) if aruba else ""


# ---- who may do what ------------------------------------------------------------------------


def can_edit_plan(access: Access) -> bool:
    """Plan editors (HR strategists, administrators) hold EDIT_PLANS region-wide."""
    return access.may_edit_plans()


def can_report(access: Access, action: Action) -> bool:
    """Plan editors, or REPORT_ACTIONS in a unit of one of the action's responsible parties.

    domain.md: a Förvaltnings-HR user "edits the actions … their units are responsible for".
    """
    if can_edit_plan(access):
        return True
    if not access.has(Capability.REPORT_ACTIONS):
        return False
    return any(
        access.allows(Capability.REPORT_ACTIONS, unit)
        for party in action.responsible.all()
        for unit in party.units.all()
    )


def require_editor(user: Any) -> Access:
    access = access_for(user)
    if not can_edit_plan(access):
        raise PermissionDenied(_("Only plan editors may change the action plan."))
    return access


def require_reporter(user: Any, action: Action) -> Access:
    access = access_for(user)
    if not can_report(access, action):
        raise PermissionDenied(_("Your units are not responsible for this action."))
    return access


# ---- changing actions -----------------------------------------------------------------------


def set_action_status(user: Any, action: Action, status: str) -> Action:
    """Set an action's status (pages.md, "Action plan": status editable in place)."""
    require_reporter(user, action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")})
    if action.status == status:
        return action
    refuse_bare_reschedule(action, status)
    old = action.status
    action.status = status
    attribute(action, user, f"{_('Status')}: {status_label(old)} → {status_label(status)}")
    action.save(update_fields=["status"])
    return action


def refuse_bare_reschedule(action: Action, status: str) -> None:
    """An action becomes "Rescheduled" only by moving its year with a reason
    (``reschedule_action``, domain.md "omtidsättning"), never by its status alone."""
    if status == ActionStatus.RESCHEDULED and action.status != ActionStatus.RESCHEDULED:
        raise ValidationError(
            {
                "status": _(
                    "“Rescheduled” needs the new year and the reason: move the action under "
                    "“Move to another year” on its page."
                )
            }
        )


EDITABLE_FIELDS = {"ref", "position", "text", "goal", "status", "aruba", "responsible"}


def apply_fields(action: Action, fields: Mapping[str, Any]) -> list[ResponsibleParty] | None:
    """Set plain fields on ``action``; return the new responsible parties, if given."""
    unknown = set(fields) - EDITABLE_FIELDS
    if "planned_year" in unknown:
        raise ValidationError(
            {"planned_year": _("The planned year changes only by rescheduling, with a reason.")}
        )
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if "status" in fields:
        refuse_bare_reschedule(action, fields["status"])
    responsible = fields.get("responsible")
    for name, value in fields.items():
        if name != "responsible":
            setattr(action, name, value)
    if responsible is not None:
        responsible = list(responsible)
        if not responsible:
            raise ValidationError({"responsible": _("Choose at least one responsible party.")})
    return responsible


def check_goal(action_plan: ActionPlan, goal: Goal) -> None:
    if goal.area.programme_id != action_plan.programme_id:
        raise ValidationError({"goal": _("The goal belongs to another programme.")})


@transaction.atomic
def update_action(user: Any, action: Action, **fields: Any) -> Action:
    """Change an action's text, goal, responsible parties, status, ARUBA tag or reference.

    Plan editors only. The planned year moves only through ``reschedule_action``.
    """
    require_editor(user)
    responsible = apply_fields(action, fields)
    check_goal(action.action_plan, action.goal)
    action.full_clean(exclude=["responsible"])
    if responsible is not None and set(responsible) != set(action.responsible.all()):
        # One history row for the whole edit: the parties first, unrecorded, then the save
        # records the fields and the parties together.
        action.skip_history_when_saving = True  # type: ignore[attr-defined]
        try:
            action.responsible.set(responsible)
        finally:
            del action.skip_history_when_saving  # type: ignore[attr-defined]
    attribute(action, user, _("Action edited"))
    action.save()
    return action


@transaction.atomic
def add_action(
    user: Any,
    action_plan: ActionPlan,
    *,
    goal: Goal,
    ref: str,
    text: str,
    responsible: Iterable[ResponsibleParty],
    planned_year: int,
    status: str = ActionStatus.NOT_STARTED,
    aruba: str = "",
    position: int | None = None,
) -> Action:
    """Add an action to the live plan (plan editors only)."""
    require_editor(user)
    parties = list(responsible)
    if not parties:
        raise ValidationError({"responsible": _("Choose at least one responsible party.")})
    if position is None:
        last = action_plan.actions.filter(goal=goal).order_by("-position").first()
        position = 0 if last is None else last.position + 1
    action = Action(
        action_plan=action_plan,
        goal=goal,
        ref=ref,
        text=text,
        planned_year=planned_year,
        status=status,
        aruba=aruba,
        position=position,
    )
    check_goal(action_plan, goal)
    action.full_clean(exclude=["responsible"])
    attribute(action, user, _("Action added"))
    action.save()
    attribute(action, user, _("Action added"))
    action.responsible.set(parties)
    return action


@transaction.atomic
def remove_action(user: Any, action: Action) -> None:
    """Remove an action from the live plan (plan editors only).

    An action reported on in a follow-up round stays: it is cancelled instead, so the
    round's reports are not lost. Approved versions keep it in their snapshots.
    """
    require_editor(user)
    if action.reports.exists():
        raise ValidationError(
            _("The action has follow-up reports; set its status to cancelled instead.")
        )
    attribute(action, user, _("Action removed"))
    action.delete()


@transaction.atomic
def reschedule_action(
    user: Any,
    action: Action,
    new_year: int,
    reason: str,
    decided_on: datetime.date | None = None,
) -> Reschedule:
    """Move the planned year with a reason (domain.md, "omtidsättning").

    Records the old and the new year and the reason, and sets the status to rescheduled.
    Those who may report on the action may reschedule it.
    """
    require_reporter(user, action)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the reason for the new year.")
    if new_year is None:
        errors["new_year"] = _("Give the new year.")
    elif new_year == action.planned_year:
        errors["new_year"] = _("The new year must differ from the planned year %(year)s.") % {
            "year": action.planned_year
        }
    if errors:
        raise ValidationError(errors)
    reschedule = Reschedule.objects.create(
        action=action,
        old_year=action.planned_year,
        new_year=new_year,
        reason=reason,
        decided_on=decided_on,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    action.planned_year = new_year
    action.status = ActionStatus.RESCHEDULED
    attribute(action, user, f"{reschedule.old_year} → {new_year}: {reason}")
    action.save(update_fields=["planned_year", "status"])
    return reschedule


# ---- versions -------------------------------------------------------------------------------


def natural_key(ref: str) -> tuple[Any, ...]:
    """ "1.2" before "1.10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", ref)
        if part
    )


def decimal_text(value: Decimal) -> str:
    """A target value as a plain string without trailing zeros: "89", "2.7"."""
    return format(value.normalize(), "f")


def plan_snapshot(action_plan: ActionPlan) -> dict[str, Any]:
    """The live plan as JSON-able data: its actions by ref and its indicators' targets.

    ``{"actions": {ref: {text, goal, responsible, planned_year, status, aruba}},
    "targets": {indicator ref: {year: value}}, "indicators": {ref: name}}``; years are
    strings (JSON keys), values plain decimal strings.
    """
    actions = {}
    for action in (
        action_plan.actions.select_related("goal").prefetch_related("responsible").order_by("pk")
    ):
        actions[action.ref] = {
            "text": action.text,
            "goal": action.goal.ref,
            "responsible": sorted(party.code for party in action.responsible.all()),
            "planned_year": action.planned_year,
            "status": action.status,
            "aruba": action.aruba,
        }
    targets: dict[str, dict[str, str]] = {}
    names: dict[str, str] = {}
    indicators = (
        Target.objects.filter(indicator__goal__area__programme_id=action_plan.programme_id)
        .select_related("indicator")
        .order_by("indicator__pk", "year")
    )
    for target in indicators:
        ref = target.indicator.ref
        names[ref] = target.indicator.name
        targets.setdefault(ref, {})[str(target.year)] = decimal_text(target.value)
    return {"actions": actions, "targets": targets, "indicators": names}


@transaction.atomic
def approve_revision(
    user: Any,
    action_plan: ActionPlan,
    year: int,
    approved_on: datetime.date,
    decision: str,
    diarienummer: str = "",
) -> PlanVersion:
    """Freeze the live plan as an approved version (domain.md, "handlingsplan": revised
    every year). The live plan then is the next version."""
    require_editor(user)
    decision = (decision or "").strip()
    errors = {}
    if not decision:
        errors["decision"] = _("Give the decision that approved the plan.")
    if not year:
        errors["year"] = _("Give the plan year.")
    if approved_on is None:
        errors["approved_on"] = _("Give the date of approval.")
    if errors:
        raise ValidationError(errors)
    # Lock the plan so two approvals at once cannot take the same number.
    ActionPlan.objects.select_for_update().filter(pk=action_plan.pk).first()
    version = PlanVersion.objects.create(
        action_plan=action_plan,
        number=action_plan.current_version_number,
        year=year,
        approved_on=approved_on,
        decision=decision,
        diarienummer=(diarienummer or "").strip(),
        snapshot=plan_snapshot(action_plan),
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    record(AuditAction.PLAN_APPROVAL, f"{action_plan.name}, version {version.number}", user=user)
    return version


# ---- differences between versions -----------------------------------------------------------

ACTION_FIELDS = ("text", "goal", "responsible", "planned_year", "status", "aruba")


@dataclass(frozen=True)
class SnapshotAction:
    ref: str
    text: str
    goal: str
    responsible: tuple[str, ...]
    planned_year: int
    status: str
    aruba: str

    @classmethod
    def from_snapshot(cls, ref: str, data: Mapping[str, Any]) -> SnapshotAction:
        return cls(
            ref=ref,
            text=data["text"],
            goal=data["goal"],
            responsible=tuple(data["responsible"]),
            planned_year=data["planned_year"],
            status=data["status"],
            aruba=data.get("aruba", ""),
        )


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ActionChange:
    ref: str
    text: str  # the new text
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class TargetChange:
    indicator: str
    year: str
    old: str | None  # None: no target in the old version
    new: str | None


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[SnapshotAction, ...]
    removed: tuple[SnapshotAction, ...]
    changed: tuple[ActionChange, ...]
    targets: tuple[TargetChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.targets)


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """What changed from one snapshot to another (pages.md, "Jämför versioner")."""
    old_actions = {
        ref: SnapshotAction.from_snapshot(ref, data) for ref, data in old.get("actions", {}).items()
    }
    new_actions = {
        ref: SnapshotAction.from_snapshot(ref, data) for ref, data in new.get("actions", {}).items()
    }
    added = tuple(
        new_actions[ref] for ref in sorted(new_actions.keys() - old_actions.keys(), key=natural_key)
    )
    removed = tuple(
        old_actions[ref] for ref in sorted(old_actions.keys() - new_actions.keys(), key=natural_key)
    )
    changed = []
    for ref in sorted(old_actions.keys() & new_actions.keys(), key=natural_key):
        before, after = old_actions[ref], new_actions[ref]
        changes = tuple(
            FieldChange(name, getattr(before, name), getattr(after, name))
            for name in ACTION_FIELDS
            if getattr(before, name) != getattr(after, name)
        )
        if changes:
            changed.append(ActionChange(ref, after.text, changes))
    targets = []
    old_targets = old.get("targets", {})
    new_targets = new.get("targets", {})
    for indicator in sorted(old_targets.keys() | new_targets.keys(), key=natural_key):
        before_years = old_targets.get(indicator, {})
        after_years = new_targets.get(indicator, {})
        for year in sorted(before_years.keys() | after_years.keys()):
            before_value, after_value = before_years.get(year), after_years.get(year)
            if not same_value(before_value, after_value):
                targets.append(TargetChange(indicator, year, before_value, after_value))
    return PlanDiff(tuple(added), tuple(removed), tuple(changed), tuple(targets))


def same_value(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(a) == Decimal(b)


def version_snapshot(action_plan: ActionPlan, which: str | int) -> dict[str, Any]:
    """The snapshot of version ``which`` (a number), or of the live plan for "live"."""
    if which == "live" or which == action_plan.current_version_number:
        return plan_snapshot(action_plan)
    version = action_plan.versions.filter(number=int(which)).first()
    if version is None:
        raise ValidationError(_("There is no version %(number)s.") % {"number": which})
    return version.snapshot
