"""The follow-up pages (pages.md, 'Follow-up round ("Uppföljning 2024")').

- The list of rounds, open ones first, with deadline and how many units have reported.
- A round: the deadline and a progress bar on top. A Förvaltnings-HR user sees only the
  actions of their own reporting units, each with a status select and a comment saved in
  place (HTMX), then "Markera som klar" per unit. An HR strategist sees every goal with its
  indicators and actions (all units' reports), writes each goal's assessment (status
  proposed by the rules, overridable with a reason), locks the round, reopens it with a
  reason, and records the board's approval. A locked round shows its snapshot.

Every change goes through ``attraktiv.followups.services``, which enforces scope and lock.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Access, Capability, request_access, requires
from attraktiv.actionplans.models import Action, ActionStatus
from attraktiv.core.forms import add_service_errors
from attraktiv.core.history import history_entries
from attraktiv.followups import services
from attraktiv.followups.forms import (
    ApprovalForm,
    AssessmentForm,
    LockForm,
    OpenRoundForm,
    ReopenForm,
    ReportForm,
)
from attraktiv.followups.models import ActionReport, FollowUpRound, GoalAssessment
from attraktiv.formatting import format_person
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Goal, GoalStatus
from attraktiv.programmes.services import goal_judgement

# ---- presentation helpers -----------------------------------------------------------------


def label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def moment(value: str | None) -> datetime.datetime | datetime.date | None:
    """An ISO date or time of a snapshot, for the ``date`` filter."""
    if not value:
        return None
    if "T" in value:
        return datetime.datetime.fromisoformat(value)
    return datetime.date.fromisoformat(value)


def presented(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A snapshot (stored or live) as areas → goals, with labels and dates for the templates."""
    areas: list[dict[str, Any]] = []
    for goal in data.get("goals", []):
        if not areas or areas[-1]["name"] != goal["area"]:
            areas.append({"name": goal["area"], "goals": []})
        actions = [
            {
                **action,
                "status_label": label(ActionStatus, action["status"]),
                "reports": [
                    {
                        **report,
                        "status_label": label(ActionStatus, report["status"]),
                        "reported_at": moment(report["reported_at"]),
                    }
                    for report in action["reports"]
                ],
                "missing": services.unreported_units(action),
            }
            for action in goal["actions"]
        ]
        assessment = goal.get("assessment")
        if assessment is not None:
            assessment = {
                **assessment,
                "written_at": moment(assessment["written_at"]),
                "overridden": assessment["status"] != assessment["proposed_status"],
            }
        areas[-1]["goals"].append({**goal, "actions": actions, "assessment": assessment})
    return areas


def progress_view(round: FollowUpRound, data: dict[str, Any] | None) -> dict[str, Any]:
    """Who has reported: from the snapshot of a locked round, else live."""
    if data is not None:
        done = {row["id"]: row for row in data["progress"]["done"]}
        rows = [
            {
                "name": unit["name"],
                "done": unit["id"] in done,
                "by": done.get(unit["id"], {}).get("by", ""),
                "at": moment(done.get(unit["id"], {}).get("at")),
            }
            for unit in data["progress"]["expected"]
        ]
    else:
        state = services.progress(round)
        rows = [
            {
                "name": unit.name,
                "done": unit.pk in state.completions,
                "by": format_person(state.completions[unit.pk].completed_by)
                if unit.pk in state.completions
                else "",
                "at": state.completions[unit.pk].completed_at
                if unit.pk in state.completions
                else None,
            }
            for unit in state.expected
        ]
    total = len(rows)
    reported = sum(row["done"] for row in rows)
    return {
        "rows": rows,
        "total": total,
        "reported": reported,
        "pending": total - reported,
        "percent": services.round_half_up(100 * reported / total) if total else 0,
    }


# ---- the list of rounds -------------------------------------------------------------------


def index_rows() -> list[dict[str, Any]]:
    """Open rounds first, nearest deadline first; then locked ones, latest deadline first."""
    rounds = sorted(
        FollowUpRound.objects.select_related("programme"),
        key=lambda r: (r.is_locked, r.deadline.toordinal() * (-1 if r.is_locked else 1)),
    )
    return [
        {"round": r, "progress": progress_view(r, r.snapshot if r.is_locked else None)}
        for r in rounds
    ]


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    """Every round, open ones first (nearest deadline first), with how many have reported."""
    strategist = services.may_edit_plans(request_access(request))
    return render(
        request,
        "followups/index.html",
        {
            "rows": index_rows(),
            "strategist": strategist,
            "form": OpenRoundForm() if strategist else None,
        },
    )


@requires(Capability.EDIT_PLANS, region_wide=True)
@require_POST
def open_round_view(request: HttpRequest) -> HttpResponse:
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        try:
            round = services.open_round(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up round was opened."))
            return redirect("followups:round", pk=round.pk)
    return render(
        request,
        "followups/index.html",
        {"rows": index_rows(), "strategist": True, "form": form},
        status=400,
    )


# ---- one round ----------------------------------------------------------------------------


def get_round(pk: int) -> FollowUpRound:
    return get_object_or_404(FollowUpRound.objects.select_related("programme", "locked_by"), pk=pk)


def report_rows(round: FollowUpRound, access: Access) -> list[dict[str, Any]]:
    """The reporting units in the user's scope, each with its actions and its reports."""
    actions = services.round_actions(round)
    units_of = {action.pk: services.action_units(action) for action in actions}
    mine: dict[int, Unit] = {}
    for units in units_of.values():
        for unit in units:
            if services.may_report_for(access, unit):
                mine[unit.pk] = unit
    if not mine:
        return []
    reports = {
        (report.action_id, report.unit_id): report
        for report in ActionReport.objects.filter(round=round, unit__in=mine.values())
    }
    completions = services.progress(round).completions
    sections = []
    for unit in sorted(mine.values(), key=lambda u: u.path):
        rows = [
            report_row(round, action, unit, reports.get((action.pk, unit.pk)))
            for action in actions
            if unit in units_of[action.pk]
        ]
        sections.append({"unit": unit, "rows": rows, "completion": completions.get(unit.pk)})
    return sections


def report_row(
    round: FollowUpRound,
    action: Action,
    unit: Unit,
    report: ActionReport | None,
    form: ReportForm | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    if form is None:
        form = ReportForm(
            initial={
                "status": report.status if report else action.status,
                "comment": report.comment if report else "",
            }
        )
    return {
        "round": round,
        "action": action,
        "unit": unit,
        "report": report,
        "form": form,
        "saved": saved,
        "key": f"{action.pk}-{unit.pk}",
    }


def assessment_form(
    round: FollowUpRound, goal: dict[str, Any], form: AssessmentForm | None = None
) -> dict[str, Any]:
    proposed = goal["judgement"]["status"]
    if form is None:
        assessment = goal.get("assessment")
        form = AssessmentForm(
            initial={
                "status": assessment["status"] if assessment else proposed,
                "text": assessment["text"] if assessment else "",
                "override_reason": assessment["override_reason"] if assessment else "",
            },
            prefix=f"goal-{goal['id']}",
        )
    return {
        "round": round,
        "goal": goal,
        "form": form,
        "proposed": proposed,
        "choices": [
            {"value": value, "label": text, "proposed": value == proposed}
            for value, text in GoalStatus.choices
        ],
    }


def kolada_imported_on(areas: list[dict[str, Any]]) -> str | None:
    """When the Kolada figures beside the round's indicators were imported (the latest), or
    None when no indicator has any."""
    dates = [
        indicator["kolada"]["imported_on"]
        for area in areas
        for goal in area["goals"]
        for indicator in goal.get("indicators", [])
        if indicator.get("kolada")
    ]
    return max(dates, default=None)


def round_context(request: HttpRequest, round: FollowUpRound) -> dict[str, Any]:
    access = request_access(request)
    strategist = services.may_edit_plans(access)
    locked = round.is_locked
    data: dict[str, Any] | None = None
    if locked or strategist:
        data = services.round_content(round)
    areas = presented(data) if data is not None else []
    if strategist and not locked:
        for area in areas:
            for goal in area["goals"]:
                goal["form"] = assessment_form(round, goal)
    return {
        "round": round,
        "strategist": strategist,
        "locked": locked,
        "progress": progress_view(round, round.snapshot if locked else None),
        "overdue": not locked and round.deadline < timezone.localdate(),
        "sections": report_rows(round, access) if not locked and not strategist else [],
        "areas": areas,
        "kolada_imported_on": kolada_imported_on(areas),
        "reopenings": round.reopenings.select_related("reopened_by"),
        "locked_by": who_did(round.locked_by) if locked else "",
        "approval_recorded_by": approval_recorder(round) if round.approved_on else "",
        "lock_form": LockForm() if strategist and not locked else None,
        "reopen_form": ReopenForm() if strategist and locked else None,
        "approval_form": ApprovalForm() if strategist and locked else None,
    }


def who_did(user: Any) -> str:
    """Who locked, approved or assessed: a person, or the programme file's import (which
    acts without a user: the rounds a programme file brings locked)."""
    return format_person(user) or _("loaded from a programme file")


def approval_recorder(round: FollowUpRound) -> str:
    """Who recorded the board's approval now shown: the round's history since the lock."""
    recorded = (
        round.history.filter(approved_on=round.approved_on, history_date__gte=round.locked_at)
        .order_by("history_date")
        .first()
    )
    return who_did(recorded.history_user if recorded else None)


@requires(Capability.VIEW_PUBLISHED)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round(pk)
    return render(request, "followups/round.html", round_context(request, round))


def back_to_round(round: FollowUpRound, anchor: str = "") -> HttpResponse:
    url = reverse("followups:round", args=[round.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@requires(Capability.REPORT_ACTIONS)
@require_POST
def report(request: HttpRequest, pk: int, action_pk: int, unit_pk: int) -> HttpResponse:
    """Save one unit's status and comment for one action (HTMX: re-render the row)."""
    round = get_round(pk)
    action = get_object_or_404(
        Action.objects.select_related("action_plan"),
        pk=action_pk,
        action_plan__programme_id=round.programme_id,
    )
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not services.may_report_for(request_access(request), unit):
        raise PermissionDenied  # before the form is read: a unit outside one's scope
    form = ReportForm(request.POST)
    saved = False
    report = ActionReport.objects.filter(round=round, action=action, unit=unit).first()
    if form.is_valid():
        try:
            report = services.report_action(
                request.user,
                round,
                action,
                unit,
                form.cleaned_data["status"],
                form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
    if not request.htmx:  # type: ignore[attr-defined]
        if saved:
            messages.success(request, _("Saved."))
        else:
            for problems in form.errors.values():
                messages.error(request, " ".join(str(problem) for problem in problems))
        return back_to_round(round, f"report-{action.pk}-{unit.pk}")
    row = report_row(round, action, unit, report, form=None if saved else form, saved=saved)
    return render(request, "followups/round.html#report_row", {"row": row, "announce": True})


@requires(Capability.REPORT_ACTIONS)
@require_POST
def mark_done(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """ "Markera som klar" for one reporting unit."""
    round = get_round(pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        services.mark_unit_done(request.user, round, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(unit)s is marked as done. Thank you!") % {"unit": unit.name})
    return back_to_round(round, f"unit-{unit.pk}")


@requires(Capability.REPORT_ACTIONS)
@require_POST
def undo_done(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    round = get_round(pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        services.undo_unit_done(request.user, round, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(unit)s is no longer marked as done.") % {"unit": unit.name})
    return back_to_round(round, f"unit-{unit.pk}")


def goal_form_data(round: FollowUpRound, goal: Goal) -> dict[str, Any]:
    """What the assessment form needs of one goal: its proposal and its assessment."""
    assessment = GoalAssessment.objects.filter(round=round, goal=goal).first()
    return {
        "id": goal.pk,
        "judgement": services.judgement_json(goal_judgement(goal, year=round.period_end.year)),
        "assessment": None
        if assessment is None
        else {
            "status": assessment.status,
            "text": assessment.text,
            "override_reason": assessment.override_reason,
        },
    }


@requires(Capability.EDIT_PLANS, region_wide=True)
@require_POST
def assess(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Save a goal's assessment (HTMX: re-render the goal's form with "Sparat")."""
    round = get_round(pk)
    goal = get_object_or_404(
        Goal.objects.select_related("area"), pk=goal_pk, area__programme_id=round.programme_id
    )
    form = AssessmentForm(request.POST, prefix=f"goal-{goal.pk}")
    saved = False
    if form.is_valid():
        try:
            services.assess_goal(
                request.user,
                round,
                goal,
                form.cleaned_data["status"],
                form.cleaned_data["text"],
                form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
    if not request.htmx:  # type: ignore[attr-defined]
        if saved:
            messages.success(request, _("Saved."))
        else:
            for problems in form.errors.values():
                messages.error(request, " ".join(str(problem) for problem in problems))
        return back_to_round(round, f"goal-{goal.pk}")
    context = assessment_form(round, goal_form_data(round, goal), form=None if saved else form)
    context["saved"] = saved
    return render(request, "followups/round.html#assessment_form", {"assessment": context})


@requires(Capability.EDIT_PLANS, region_wide=True)
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round(pk)
    form = LockForm(request.POST)
    form.is_valid()
    try:
        services.lock_round(
            request.user, round, unreported_confirmed=form.cleaned_data.get("confirm", False)
        )
    except ValidationError as error:
        add_service_errors(form, error)
        context = round_context(request, round)
        context["lock_form"] = form
        return render(request, "followups/round.html", context, status=400)
    messages.success(request, _("The follow-up round is locked."))
    return back_to_round(round)


@requires(Capability.EDIT_PLANS, region_wide=True)
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round(pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_round(request.user, round, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up round is open again."))
            return back_to_round(round)
    context = round_context(request, round)
    context["reopen_form"] = form
    return render(request, "followups/round.html", context, status=400)


@requires(Capability.EDIT_PLANS, region_wide=True)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round(pk)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.record_approval(
                request.user,
                round,
                form.cleaned_data["approved_by"],
                form.cleaned_data["approved_on"],
                form.cleaned_data["decision"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The approval was recorded."))
            return back_to_round(round)
    context = round_context(request, round)
    context["approval_form"] = form
    return render(request, "followups/round.html", context, status=400)


# ---- history ------------------------------------------------------------------------------


@requires(Capability.VIEW_PUBLISHED)
def round_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the round itself (state, lock, approval), who, when, old and new."""
    round = get_round(pk)
    return render(
        request,
        "followups/history.html",
        {"round": round, "subject": round.name, "history": history_entries(round)},
    )


@requires(Capability.VIEW_PUBLISHED)
def assessment_history(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Every change to one goal's assessment in the round."""
    round = get_round(pk)
    assessment = get_object_or_404(
        GoalAssessment.objects.select_related("goal"), round=round, goal_id=goal_pk
    )
    return render(
        request,
        "followups/history.html",
        {
            "round": round,
            "subject": assessment.goal.text,
            "goal": assessment.goal,
            "history": history_entries(assessment),
        },
    )
