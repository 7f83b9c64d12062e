"""Follow-up rounds: every state change of a round, as plain functions (issue 4, item 4).

domain.md, "uppföljning": a round covers a period; each responsible unit reports its actions'
status and a comment before the deadline, within its own scope; HR strategists see who has
reported and write the overall assessment per goal; the round is then locked as a snapshot
that later changes cannot alter, and a locked round reopens only with a recorded reason. The
board approves the follow-up (seed ``003_…``: "Regionstyrelsens uppföljning … godkänns").

Views call these functions; they enforce scope and the lock and raise ``PermissionDenied``
or ``ValidationError`` (with the offending field named), and store nothing half-way.

Who may do what:
- opening, assessing, locking, reopening and recording the approval need ``EDIT_PLANS`` in
  the root of the organisation (a programme belongs to the whole region);
- reporting on an action and marking a unit done need ``REPORT_ACTIONS`` (or
  ``EDIT_PLANS``) in the reporting unit.

Reports stay editable while the round is open, also after the deadline (the page shows the
deadline as passed) and after the unit has marked itself done; only the lock stops them.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attraktiv.accounts.access import Access, Capability, access_for
from attraktiv.actionplans.models import Action, ActionStatus, PlanVersion
from attraktiv.auditlog.models import Action as AuditAction
from attraktiv.auditlog.services import record
from attraktiv.benchmarks.services import report_summary
from attraktiv.core.history import attribute
from attraktiv.followups.models import (
    ActionReport,
    FollowUpRound,
    GoalAssessment,
    Reopening,
    RoundKind,
    RoundState,
    UnitCompletion,
)
from attraktiv.formatting import format_person
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Goal, GoalStatus, Indicator, Programme
from attraktiv.programmes.services import goal_judgement, indicator_judgement
from attraktiv.supplyplan.services import latest_import

SNAPSHOT_VERSION = 1


# ---- permissions and guards ---------------------------------------------------------------


def may_edit_plans(access: Access) -> bool:
    """``EDIT_PLANS`` for the whole organisation (held in a root unit)."""
    return access.may_edit_plans()


def may_report_for(access: Access, unit: Unit) -> bool:
    """``REPORT_ACTIONS`` or ``EDIT_PLANS`` in ``unit``."""
    return access.allows(Capability.REPORT_ACTIONS, unit) or access.allows(
        Capability.EDIT_PLANS, unit
    )


def require_edit_plans(user: Any) -> None:
    if not may_edit_plans(access_for(user)):
        raise PermissionDenied(_("Only HR strategists may change follow-up rounds."))


def require_open(round: FollowUpRound) -> None:
    """Every change to a locked round is refused (pages.md, 'Lås uppföljningen')."""
    if round.is_locked:
        raise ValidationError(_("The follow-up round is locked."))


def lock_row(round: FollowUpRound) -> FollowUpRound:
    """Re-read the round inside the transaction, locking its row where the database can."""
    fresh = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    round.state = fresh.state
    return fresh


# ---- opening a round ----------------------------------------------------------------------


def open_round(
    user: Any,
    programme: Programme,
    kind: str,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    deadline: datetime.date,
) -> FollowUpRound:
    """Open a follow-up round of ``programme`` for a period (domain.md, 'uppföljning')."""
    require_edit_plans(user)
    errors: dict[str, str] = {}
    if kind not in RoundKind.values:
        errors["kind"] = _("Choose the kind of follow-up.")
    if not name.strip():
        errors["name"] = _("Enter a name, for example “Uppföljning 2024”.")
    if period_end < period_start:
        errors["period_end"] = _("The period must end on or after its start.")
    if deadline < period_start:
        errors["deadline"] = _("The deadline cannot be before the period starts.")
    if errors:
        raise ValidationError(errors)
    round = FollowUpRound(
        programme=programme,
        kind=kind,
        name=name.strip(),
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
    )
    attribute(round, user).save()
    return round


# ---- who reports --------------------------------------------------------------------------


def round_actions(round: FollowUpRound) -> list[Action]:
    """The actions followed up in the round: every action of the programme's plan that is not
    cancelled (kept simple on purpose: a done action is still reported once more, as done),
    and any action already reported in the round (one reported as cancelled stays in it)."""
    return list(
        Action.objects.filter(action_plan__programme_id=round.programme_id)
        .filter(~Q(status=ActionStatus.CANCELLED) | Q(reports__round=round))
        .distinct()
        .select_related("goal__area")
        .prefetch_related("responsible__units")
    )


def action_units(action: Action) -> list[Unit]:
    """An action's reporting units: the union of its responsible parties' units, tree order.

    "Förvaltningar" is every förvaltning, so each of them reports its own part.
    """
    units = {unit.pk: unit for party in action.responsible.all() for unit in party.units.all()}
    return sorted(units.values(), key=lambda unit: unit.path)


def reporting_units(round: FollowUpRound) -> list[Unit]:
    """The units expected to report: the reporting units of every action in the round."""
    units: dict[int, Unit] = {}
    for action in round_actions(round):
        for unit in action_units(action):
            units[unit.pk] = unit
    return sorted(units.values(), key=lambda unit: unit.path)


@dataclass(frozen=True)
class Progress:
    """Who has reported: units marked done ("Markera som klar") against units expected."""

    expected: list[Unit]
    done: list[Unit]
    pending: list[Unit]
    completions: dict[int, UnitCompletion]

    @property
    def total(self) -> int:
        return len(self.expected)

    @property
    def reported(self) -> int:
        return len(self.done)

    @property
    def percent(self) -> int:
        return round_half_up(100 * self.reported / self.total) if self.total else 0


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def progress(round: FollowUpRound) -> Progress:
    """The round's progress: "3 av 5 har rapporterat" (pages.md, 'Follow-up round', top)."""
    expected = reporting_units(round)
    completions = {
        completion.unit_id: completion
        for completion in UnitCompletion.objects.filter(round=round).select_related(
            "completed_by", "unit"
        )
    }
    done = [unit for unit in expected if unit.pk in completions]
    pending = [unit for unit in expected if unit.pk not in completions]
    return Progress(expected=expected, done=done, pending=pending, completions=completions)


def current_round_summary(programme: Programme) -> dict[str, Any] | None:
    """The programme overview's follow-up box (pages.md, 'Programme overview', side or
    bottom): the open round with the nearest deadline, else the latest round, with how many
    units have reported. For ``followups/current_round.html`` as ``current_round``."""
    rounds = FollowUpRound.objects.filter(programme=programme)
    current = (
        rounds.filter(state=RoundState.OPEN).order_by("deadline", "pk").first()
        or rounds.order_by("-period_end", "-pk").first()
    )
    if current is None:
        return None
    if current.is_locked and current.snapshot:
        expected = len(current.snapshot["progress"]["expected"])
        reported = len(current.snapshot["progress"]["done"])
    else:
        state = progress(current)
        expected, reported = state.total, state.reported
    return {
        "round": current,
        "total": expected,
        "reported": reported,
        "percent": round_half_up(100 * reported / expected) if expected else 0,
    }


# ---- reporting ----------------------------------------------------------------------------


def report_action(
    user: Any,
    round: FollowUpRound,
    action: Action,
    unit: Unit,
    status: str,
    comment: str,
) -> ActionReport:
    """A reporting unit's status and comment for one action in an open round.

    Within scope only: ``unit`` must be one of the action's reporting units and the user must
    hold ``REPORT_ACTIONS`` (or ``EDIT_PLANS``) in it. The action itself takes the reported
    status, so the action plan shows the latest.
    """
    if action.action_plan.programme_id != round.programme_id or action.pk not in {
        followed.pk for followed in round_actions(round)
    }:
        raise PermissionDenied(_("The action is not part of this follow-up."))
    if unit.pk not in {u.pk for u in action_units(action)}:
        raise PermissionDenied(_("The unit does not report on this action."))
    if not may_report_for(access_for(user), unit):
        raise PermissionDenied(_("You may not report for this unit."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        lock_row(round)
        require_open(round)
        report = ActionReport.objects.filter(round=round, action=action, unit=unit).first()
        if report is None:
            report = ActionReport(round=round, action=action, unit=unit)
        report.status = status
        report.comment = comment.strip()
        report.reported_by = user
        attribute(report, user).save()
        if action.status != status:
            action.status = status
            attribute(action, user).save(update_fields=["status"])
    return report


def require_reporting_unit(user: Any, round: FollowUpRound, unit: Unit) -> None:
    if unit.pk not in {u.pk for u in reporting_units(round)}:
        raise PermissionDenied(_("The unit does not report in this follow-up."))
    if not may_report_for(access_for(user), unit):
        raise PermissionDenied(_("You may not report for this unit."))


def mark_unit_done(user: Any, round: FollowUpRound, unit: Unit) -> UnitCompletion:
    """ "Markera som klar": the unit has reported its part of the round."""
    require_reporting_unit(user, round, unit)
    with transaction.atomic():
        lock_row(round)
        require_open(round)
        completion = UnitCompletion.objects.filter(round=round, unit=unit).first()
        if completion is None:
            completion = UnitCompletion(round=round, unit=unit, completed_by=user)
            attribute(completion, user).save()
    return completion


def undo_unit_done(user: Any, round: FollowUpRound, unit: Unit) -> None:
    """Take back "Markera som klar" while the round is open."""
    require_reporting_unit(user, round, unit)
    with transaction.atomic():
        lock_row(round)
        require_open(round)
        for completion in UnitCompletion.objects.filter(round=round, unit=unit):
            attribute(completion, user).delete()


# ---- the strategists' part ----------------------------------------------------------------


def proposed_goal_status(round: FollowUpRound, goal: Goal) -> str:
    """The status the rules propose for ``goal`` in the round's last year."""
    return str(enum_value(goal_judgement(goal, year=round.period_end.year).status))


def assess_goal(
    user: Any,
    round: FollowUpRound,
    goal: Goal,
    status: str,
    text: str,
    override_reason: str = "",
) -> GoalAssessment:
    """The overall assessment of a goal (pages.md, 'For an HR-strateg').

    The status is proposed by the status rules; a different status needs a written reason.
    """
    require_edit_plans(user)
    if goal.area.programme_id != round.programme_id:
        raise ValidationError({"goal": _("The goal is not part of this programme.")})
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    proposed = proposed_goal_status(round, goal)
    reason = override_reason.strip()
    if status != proposed and not reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "Give a reason for choosing another status than the proposed one."
                )
            }
        )
    with transaction.atomic():
        lock_row(round)
        require_open(round)
        assessment = GoalAssessment.objects.filter(round=round, goal=goal).first()
        if assessment is None:
            assessment = GoalAssessment(round=round, goal=goal)
        assessment.proposed_status = proposed
        assessment.status = status
        assessment.override_reason = reason if status != proposed else ""
        assessment.text = text.strip()
        assessment.written_by = user
        attribute(assessment, user).save()
    return assessment


def lock_round(
    user: Any, round: FollowUpRound, *, unreported_confirmed: bool = False
) -> FollowUpRound:
    """ "Lås uppföljningen": store the snapshot and refuse every change from now on.

    While reporting units have not marked themselves done, the lock needs
    ``unreported_confirmed``: their reports would be frozen as they are."""
    require_edit_plans(user)
    with transaction.atomic():
        fresh = lock_row(round)
        require_open(fresh)
        state = progress(fresh)
        if state.pending and not unreported_confirmed:
            raise ValidationError(
                {
                    "confirm": ngettext(
                        "%(pending)s of %(total)s units has not reported. Confirm that the "
                        "round is locked all the same.",
                        "%(pending)s of %(total)s units have not reported. Confirm that the "
                        "round is locked all the same.",
                        len(state.pending),
                    )
                    % {"pending": len(state.pending), "total": state.total}
                }
            )
        freeze_round(fresh, user)
        record(AuditAction.ROUND_LOCK, round_name(fresh), user=user)
    return fresh


def freeze_round(round: FollowUpRound, user: Any) -> None:
    """Store the round's snapshot and mark it locked by ``user`` (None: a programme file's
    import); the callers check who may and whether it is open."""
    now = timezone.now()
    round.snapshot = build_snapshot(round, taken_at=now)
    round.state = RoundState.LOCKED
    round.locked_at = now
    round.locked_by = user
    attribute(round, user).save()


def round_name(round: FollowUpRound) -> str:
    """The round as the event log names it: its programme's code and its own name."""
    return f"{round.programme.code}: {round.name}"


def reopen_round(user: Any, round: FollowUpRound, reason: str) -> Reopening:
    """Open a locked round again; only with a reason, which is kept with the old snapshot.

    A recorded approval belonged to the locked content, so it moves into the kept snapshot.
    """
    require_edit_plans(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for opening the round again.")})
    with transaction.atomic():
        fresh = lock_row(round)
        if not fresh.is_locked:
            raise ValidationError(_("The follow-up round is not locked."))
        previous = dict(fresh.snapshot or {})
        if fresh.approved_on is not None:
            previous["approval"] = {
                "approved_by": fresh.approved_by,
                "approved_on": fresh.approved_on.isoformat(),
                "decision": fresh.approval_decision,
            }
        reopening = Reopening.objects.create(
            round=fresh, reason=reason.strip(), previous_snapshot=previous, reopened_by=user
        )
        fresh.state = RoundState.OPEN
        fresh.snapshot = None
        fresh.locked_at = None
        fresh.locked_by = None
        fresh.approved_by = ""
        fresh.approved_on = None
        fresh.approval_decision = ""
        attribute(fresh, user)
        fresh._change_reason = reason.strip()  # type: ignore[attr-defined]
        fresh.save()
        record(AuditAction.ROUND_REOPEN, round_name(fresh), user=user)
    round.refresh_from_db()
    return reopening


def record_approval(
    user: Any,
    round: FollowUpRound,
    approved_by: str,
    approved_on: datetime.date | None,
    decision: str,
) -> FollowUpRound:
    """The board approves the follow-up (seed 003: "Regionstyrelsens uppföljning … godkänns").

    The board approves what was locked, so the round must be locked first.
    """
    require_edit_plans(user)
    errors: dict[str, str] = {}
    if not approved_by.strip():
        errors["approved_by"] = _("Enter who approved the follow-up, for example Regionstyrelsen.")
    if approved_on is None:
        errors["approved_on"] = _("Enter the date of the decision.")
    if not decision.strip():
        errors["decision"] = _("Enter the decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fresh = lock_row(round)
        if not fresh.is_locked:
            raise ValidationError(_("Lock the follow-up round before recording its approval."))
        locked_on = timezone.localdate(fresh.locked_at) if fresh.locked_at else None
        if locked_on is not None and approved_on is not None and approved_on < locked_on:
            raise ValidationError(
                {
                    "approved_on": _(
                        "The board approves what was locked: the decision cannot be dated "
                        "before the lock on %(date)s."
                    )
                    % {"date": locked_on.isoformat()}
                }
            )
        fresh.approved_by = approved_by.strip()
        fresh.approved_on = approved_on
        fresh.approval_decision = decision.strip()
        attribute(fresh, user).save()
        record(AuditAction.BOARD_APPROVAL, f"{round_name(fresh)}: {fresh.approved_by}", user=user)
    round.refresh_from_db()
    return fresh


# ---- the snapshot -------------------------------------------------------------------------


def enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def jsonable(value: Any) -> Any:
    """Any judgement (dataclasses, enums, Decimals, dates, tuples) as plain JSON values."""
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def judgement_json(judgement: Any) -> dict[str, Any]:
    """A judgement at lock time: its status, reasons as text, and every value it exposes."""
    data = jsonable(judgement)
    if not isinstance(data, dict):
        data = {"value": data}
    data["status"] = str(enum_value(getattr(judgement, "status", data.get("status", ""))))
    data["reasons"] = [str(reason) for reason in getattr(judgement, "reasons", ()) or ()]
    return data


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "unit_id": unit.unit_id, "name": unit.name}


def kolada_line(indicator: Indicator, root: Unit | None, year: int) -> dict[str, Any] | None:
    """Kolada's figures beside ours for an indicator that follows an engine id as defined
    (no own parameters, no fixed breakdown cell), for the report (issue 6)."""
    if root is None or indicator.kpi_params or indicator.breakdown or not indicator.engine_kpi:
        return None
    return report_summary(indicator.engine_kpi, root, year)


def build_snapshot(round: FollowUpRound, taken_at: datetime.datetime | None = None) -> dict:
    """The round as it stands: goals with their indicators' judgements, the proposed and the
    assessed status, and every action with every unit's report; plus who had reported.

    Locking stores this as JSON; the pages show live rounds through the same structure, so a
    locked round looks exactly as it did when it was locked.
    """
    year = round.period_end.year
    root = Unit.objects.roots().first()
    goals = list(
        Goal.objects.filter(area__programme_id=round.programme_id)
        .select_related("area")
        .order_by("area__position", "area__pk", "position", "pk")
    )
    indicators: dict[int, list[Indicator]] = {}
    for indicator in (
        Indicator.objects.filter(goal__in=goals)
        .prefetch_related("targets")
        .order_by("position", "pk")
    ):
        indicators.setdefault(indicator.goal_id, []).append(indicator)
    actions: dict[int, list[Action]] = {}
    for action in (
        Action.objects.filter(action_plan__programme_id=round.programme_id)
        .prefetch_related("responsible__units", "reschedules")
        .order_by("position", "pk")
    ):
        actions.setdefault(action.goal_id, []).append(action)
    reports: dict[int, list[ActionReport]] = {}
    for report in ActionReport.objects.filter(round=round).select_related("unit", "reported_by"):
        reports.setdefault(report.action_id, []).append(report)
    assessments = {
        assessment.goal_id: assessment
        for assessment in GoalAssessment.objects.filter(round=round).select_related("written_by")
    }
    state = progress(round)
    followed = {action.pk for action in round_actions(round)}
    goal_rows = []
    for goal in goals:
        assessment = assessments.get(goal.pk)
        # Each indicator judged once: for its own row and for the goal's roll-up.
        judged = [
            (indicator, indicator_judgement(indicator, year))
            for indicator in indicators.get(goal.pk, [])
        ]
        goal_rows.append(
            {
                "id": goal.pk,
                "ref": goal.ref,
                "text": goal.text,
                "area": goal.area.name,
                "area_id": goal.area_id,
                "judgement": judgement_json(
                    goal_judgement(goal, year, [judgement for _indicator, judgement in judged])
                ),
                "assessment": None
                if assessment is None
                else {
                    "status": assessment.status,
                    "proposed_status": assessment.proposed_status,
                    "text": assessment.text,
                    "override_reason": assessment.override_reason,
                    "written_by": format_person(assessment.written_by),
                    "written_at": assessment.written_at.isoformat(),
                },
                "indicators": [
                    {
                        "id": indicator.pk,
                        "ref": indicator.ref,
                        "name": indicator.name,
                        "measure_unit": indicator.measure_unit,
                        **indicator_terms(indicator),
                        "judgement": judgement_json(judgement),
                        "kolada": kolada_line(indicator, root, year),
                    }
                    for indicator, judgement in judged
                ],
                "actions": [
                    action_json(action, reports.get(action.pk, []), action.pk in followed)
                    for action in actions.get(goal.pk, [])
                ],
            }
        )
    programme = round.programme
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": (taken_at or timezone.now()).isoformat(),
        "year": year,
        "programme": {
            "code": programme.code,
            "name": programme.name,
            "first_year": programme.first_year,
            "last_year": programme.last_year,
            "decided_by": programme.decided_by,
        },
        "sources": sources(round),
        "round": {
            "name": round.name,
            "kind": round.kind,
            "period_start": round.period_start.isoformat(),
            "period_end": round.period_end.isoformat(),
            "deadline": round.deadline.isoformat(),
            "summary": round.summary,
        },
        "progress": {
            "expected": [unit_json(unit) for unit in state.expected],
            "done": [
                {
                    **unit_json(unit),
                    "by": format_person(state.completions[unit.pk].completed_by),
                    "at": state.completions[unit.pk].completed_at.isoformat(),
                }
                for unit in state.done
            ],
        },
        "goals": goal_rows,
    }


def indicator_terms(indicator: Indicator) -> dict[str, Any]:
    """What an indicator is judged against, as the round saw it (domain.md, "indikator"):
    direction, baseline and targets, the decimals shown, whether it is split by gender."""
    baseline = None
    if indicator.baseline_value is not None:
        baseline = {
            "value": float(indicator.baseline_value),
            "date": indicator.baseline_date.isoformat() if indicator.baseline_date else None,
        }
    return {
        "decimals": indicator.decimals,
        "direction": indicator.direction,
        "gender_split": indicator.gender_split,
        "baseline": baseline,
        "targets": [
            {"year": target.year, "value": float(target.value)}
            for target in indicator.targets.all()
        ],
    }


def sources(round: FollowUpRound) -> dict[str, int | None]:
    """Where the round's figures came from: the HR data import stored last and the action
    plan's latest approved version (their rows do not change, so the ids suffice)."""
    record = latest_import()
    version = (
        PlanVersion.objects.filter(action_plan__programme_id=round.programme_id)
        .order_by("-number")
        .first()
    )
    return {
        "import_id": record.pk if record else None,
        "plan_version_id": version.pk if version else None,
    }


def round_content(round: FollowUpRound) -> dict[str, Any]:
    """What the round page and its board paper show: a locked round's snapshot, so neither
    changes after the lock, else the round as it stands now (``build_snapshot``)."""
    if round.is_locked:
        return round.snapshot or {}
    return build_snapshot(round)


def unreported_units(action: dict[str, Any]) -> list[str]:
    """The names of the units expected to report on an action (of a snapshot) that have not."""
    reported = {report["id"] for report in action["reports"]}
    return [unit["name"] for unit in action["units"] if unit["id"] not in reported]


def action_json(
    action: Action, reports: Iterable[ActionReport], in_round: bool = True
) -> dict[str, Any]:
    """An action with every unit's report; ``units`` are those expected to report (none
    for an action not followed up, such as one cancelled before the round)."""
    return {
        "id": action.pk,
        "ref": action.ref,
        "text": action.text,
        "responsible": sorted(party.code for party in action.responsible.all()),
        "in_round": in_round,
        "units": [unit_json(unit) for unit in action_units(action)] if in_round else [],
        "planned_year": action.planned_year,
        "status": action.status,
        "reschedules": [
            {
                "old_year": move.old_year,
                "new_year": move.new_year,
                "reason": move.reason,
                "decided_on": move.decided_on.isoformat() if move.decided_on else None,
            }
            for move in action.reschedules.all()
        ],
        "reports": [
            {
                **unit_json(report.unit),
                "status": report.status,
                "comment": report.comment,
                "reported_by": format_person(report.reported_by),
                "reported_at": report.reported_at.isoformat(),
            }
            for report in sorted(reports, key=lambda report: report.unit.path)
        ],
    }
