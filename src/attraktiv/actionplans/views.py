"""The action plan pages (pages.md, "Action plan"): the plan table with filters and status
edited in place, an action with its reschedules and history, revisions, version comparison
and downloads.

Readers (VIEW_PUBLISHED) read; ``services.can_report`` decides who sees status controls and
``services.can_edit_plan`` who edits the plan. The services check again when saving.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Access, Capability, request_access, requires
from attraktiv.actionplans import exports, services
from attraktiv.actionplans.forms import (
    ActionForm,
    CompareForm,
    NewActionForm,
    PlanFilterForm,
    RescheduleForm,
    RevisionForm,
    status_choices,
)
from attraktiv.actionplans.models import Action, ActionPlan, Reschedule
from attraktiv.core import tables
from attraktiv.core.forms import add_service_errors
from attraktiv.core.history import history_entries
from attraktiv.followups.models import ActionReport
from attraktiv.formatting import format_exact
from attraktiv.programmes.models import Area, Goal, Indicator


def plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("programme").order_by(
        "-programme__first_year", "programme__name"
    )


def plan_for(programme_code: str) -> ActionPlan:
    return get_object_or_404(plans(), programme__code=programme_code)


def live_year(action_plan: ActionPlan) -> int:
    """The live plan's year: the year after the last approved version, else the first year."""
    last = action_plan.versions.order_by("-number").first()
    return action_plan.programme.first_year if last is None else last.year + 1


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    """Every programme's action plan; straight to the plan when there is only one."""
    all_plans = list(plans())
    if len(all_plans) == 1:
        return redirect("actionplans:plan", all_plans[0].programme.code)
    return render(request, "actionplans/index.html", {"plans": all_plans})


# ---- the plan table -------------------------------------------------------------------------


@dataclass
class Row:
    action: Action
    can_report: bool
    comment: ActionReport | None
    reschedule: Reschedule | None  # the latest, when the action was moved
    original_year: int

    @property
    def status_label(self) -> str:
        return services.status_label(self.action.status)

    @property
    def aruba_label(self) -> str:
        return services.aruba_label(self.action.aruba)


@dataclass
class GoalGroup:
    goal: Goal
    rows: list[Row] = field(default_factory=list)


@dataclass
class AreaGroup:
    area: Area
    goals: list[GoalGroup] = field(default_factory=list)


def plan_actions(action_plan: ActionPlan) -> QuerySet[Action]:
    return (
        action_plan.actions.select_related("goal__area")
        .prefetch_related(
            Prefetch("responsible__units"),
            Prefetch("reschedules", queryset=Reschedule.objects.order_by("recorded_at", "pk")),
        )
        .order_by("goal__area__position", "goal__position", "goal__pk", "position", "pk")
    )


def filtered(actions: QuerySet[Action], form: PlanFilterForm) -> QuerySet[Action]:
    if not form.is_valid():
        return actions
    data = form.cleaned_data
    if data.get("ansvarig"):
        actions = actions.filter(responsible__code=data["ansvarig"])
    if data.get("status"):
        actions = actions.filter(status=data["status"])
    if data.get("ar"):
        actions = actions.filter(planned_year=data["ar"])
    if data.get("mal"):
        actions = actions.filter(goal_id=data["mal"])
    return actions.distinct()


def latest_comments(actions: list[Action]) -> dict[int, ActionReport]:
    """Each action's latest follow-up comment (read-only here; the rounds own it)."""
    latest: dict[int, ActionReport] = {}
    reports = (
        ActionReport.objects.filter(action__in=[a.pk for a in actions])
        .exclude(comment="")
        .select_related("unit", "round")
        .order_by("reported_at", "pk")
    )
    for report in reports:
        latest[report.action_id] = report
    return latest


def make_row(access: Access, action: Action, comment: ActionReport | None) -> Row:
    moves = list(action.reschedules.all())
    return Row(
        action=action,
        can_report=services.can_report(access, action),
        comment=comment,
        reschedule=moves[-1] if moves else None,
        original_year=action.original_year,
    )


def grouped(rows: list[Row]) -> list[AreaGroup]:
    areas: list[AreaGroup] = []
    for row in rows:
        goal = row.action.goal
        if not areas or areas[-1].area.pk != goal.area_id:
            areas.append(AreaGroup(goal.area))
        goals = areas[-1].goals
        if not goals or goals[-1].goal.pk != goal.pk:
            goals.append(GoalGroup(goal))
        goals[-1].rows.append(row)
    return areas


def plan_rows(request: HttpRequest, action_plan: ActionPlan, form: PlanFilterForm) -> list[Row]:
    access = request_access(request)
    actions = list(filtered(plan_actions(action_plan), form))
    comments = latest_comments(actions)
    return [make_row(access, action, comments.get(action.pk)) for action in actions]


@requires(Capability.VIEW_PUBLISHED)
def plan(request: HttpRequest, programme_code: str) -> HttpResponse:
    """ "Handlingsplan <year>, version N": the live plan grouped by area and goal."""
    action_plan = plan_for(programme_code)
    form = PlanFilterForm(action_plan, request.GET or None)
    rows = plan_rows(request, action_plan, form)
    access = request_access(request)
    context = {
        "plan": action_plan,
        "programme": action_plan.programme,
        "year": live_year(action_plan),
        "version": action_plan.current_version_number,
        "versions": list(action_plan.versions.order_by("-number")),
        "form": form,
        "areas": grouped(rows),
        "row_count": len(rows),
        "filtered": bool(request.GET),
        "query": request.GET.urlencode(),
        "can_edit": services.can_edit_plan(access),
        "status_choices": status_choices(),
        "next": request.get_full_path(),
    }
    return render(request, "actionplans/plan.html", context)


@require_POST
@requires(Capability.VIEW_PUBLISHED)
def action_status(request: HttpRequest, programme_code: str, ref: str) -> HttpResponse:
    """Set one action's status; HTMX gets the row back, others go back where they were."""
    action_plan = plan_for(programme_code)
    action = get_object_or_404(plan_actions(action_plan), ref=ref)
    refused = None
    try:
        services.set_action_status(request.user, action, request.POST.get("status", ""))
    except ValidationError as error:
        refused = " ".join(error.messages)
        action.refresh_from_db()
    said = refused or _("Status of action %(ref)s is now “%(status)s”.") % {
        "ref": action.ref,
        "status": services.status_label(action.status),
    }
    if request.htmx:  # type: ignore[attr-defined]
        # The row comes back either way (HTMX swaps only a success), with the refusal in it.
        comment = latest_comments([action]).get(action.pk)
        context = {
            "row": make_row(request_access(request), action, comment),
            "plan": action_plan,
            "status_choices": status_choices(),
            "next": request.POST.get("next", ""),
            "said": said,
            "status_error": refused,
        }
        return render(request, "actionplans/status_response.html", context)
    if refused:
        messages.error(request, refused)
        return redirect(reverse("actionplans:action", args=[programme_code, ref]) + "#reschedule")
    messages.success(request, said)
    return redirect(safe_next(request, reverse("actionplans:action", args=[programme_code, ref])))


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@requires(Capability.VIEW_PUBLISHED)
def export(request: HttpRequest, programme_code: str, file_format: str) -> HttpResponse:
    """The plan table, with the page's filters, as CSV or XLSX."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    action_plan = plan_for(programme_code)
    form = PlanFilterForm(action_plan, request.GET or None)
    rows = [
        exports.row_for(r.action, r.original_year, r.comment)
        for r in plan_rows(request, action_plan, form)
    ]
    year, version = live_year(action_plan), action_plan.current_version_number
    name = f"handlingsplan_{action_plan.programme.code}_{year}_v{version}"
    if file_format == "csv":
        return tables.download(exports.csv_text(rows), f"{name}.csv")
    title = f"{action_plan.name}, {year}, version {version}"
    return tables.download(exports.xlsx_bytes(title, rows), f"{name}.xlsx")


# ---- one action -----------------------------------------------------------------------------


def action_initial(action: Action) -> dict[str, Any]:
    return {
        "ref": action.ref,
        "text": action.text,
        "goal": action.goal,
        "responsible": list(action.responsible.all()),
        "status": action.status,
        "aruba": action.aruba,
    }


@requires(Capability.VIEW_PUBLISHED)
def action_detail(request: HttpRequest, programme_code: str, ref: str) -> HttpResponse:
    """An action with its reschedules, linked audit measures, edit forms and history."""
    action_plan = plan_for(programme_code)
    action = get_object_or_404(plan_actions(action_plan), ref=ref)
    access = request_access(request)
    can_edit = services.can_edit_plan(access)
    can_report = services.can_report(access, action)
    edit_form = ActionForm(action_plan, initial=action_initial(action)) if can_edit else None
    reschedule_form = RescheduleForm(prefix="omplanera") if can_report else None
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "edit":
                edit_form = ActionForm(action_plan, request.POST)
                if not can_edit:
                    raise PermissionDenied
                if edit_form.is_valid():
                    services.update_action(request.user, action, **edit_form.cleaned_data)
                    messages.success(request, _("The action was saved."))
                    return redirect("actionplans:action", programme_code, action.ref)
            elif which == "reschedule":
                reschedule_form = RescheduleForm(request.POST, prefix="omplanera")
                if not can_report:
                    raise PermissionDenied
                if reschedule_form.is_valid():
                    data = reschedule_form.cleaned_data
                    services.reschedule_action(
                        request.user, action, data["new_year"], data["reason"], data["decided_on"]
                    )
                    messages.success(
                        request,
                        _("The action is moved to %(year)s.") % {"year": data["new_year"]},
                    )
                    return redirect("actionplans:action", programme_code, action.ref)
            elif which == "remove":
                if not can_edit:
                    raise PermissionDenied
                services.remove_action(request.user, action)
                messages.success(request, _("Action %(ref)s was removed.") % {"ref": ref})
                return redirect("actionplans:plan", programme_code)
            else:
                return HttpResponseBadRequest()
        except ValidationError as error:
            target = edit_form if which == "edit" else reschedule_form
            if which == "remove" or target is None:
                messages.error(request, " ".join(error.messages))
                return redirect("actionplans:action", programme_code, action.ref)
            add_service_errors(target, error)
        action.refresh_from_db()
    measures = action.audit_measures.select_related("recommendation__audit").order_by(
        "recommendation__audit__year", "recommendation__number", "position"
    )
    prefetch_related_objects(
        [action], Prefetch("reschedules", Reschedule.objects.select_related("recorded_by"))
    )
    moves = list(action.reschedules.all())
    context = {
        "plan": action_plan,
        "programme": action_plan.programme,
        "action": action,
        "status": services.status_label(action.status),
        "aruba": services.aruba_label(action.aruba),
        "original_year": action.original_year,
        "reschedules": moves,
        "measures": measures,
        "edit_form": edit_form,
        "reschedule_form": reschedule_form,
        "can_edit": can_edit,
        "can_report": can_report,
        "status_choices": status_choices(),
        "comment": latest_comments([action]).get(action.pk),
        "history": history_entries(action),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "actionplans/action.html", context, status=status)


@requires(Capability.EDIT_PLANS, region_wide=True)
def action_new(request: HttpRequest, programme_code: str) -> HttpResponse:
    """Add an action to the live plan (plan editors)."""
    action_plan = plan_for(programme_code)
    initial: dict[str, Any] = {"planned_year": live_year(action_plan)}
    goal_id = request.GET.get("mal")
    if goal_id and goal_id.isdigit():
        initial["goal"] = goal_id
    form = NewActionForm(action_plan, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(request.user, action_plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action %(ref)s was added.") % {"ref": action.ref})
            return redirect("actionplans:action", programme_code, action.ref)
    return render(
        request,
        "actionplans/action_new.html",
        {"plan": action_plan, "programme": action_plan.programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---- versions -------------------------------------------------------------------------------


@requires(Capability.EDIT_PLANS, region_wide=True)
def revise(request: HttpRequest, programme_code: str) -> HttpResponse:
    """Approve the live plan as a version (date, decision, diarienummer, plan year)."""
    action_plan = plan_for(programme_code)
    form = RevisionForm(
        request.POST or None,
        initial={"year": live_year(action_plan), "approved_on": datetime.date.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.approve_revision(request.user, action_plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is approved; the live plan is now version %(next)s.")
                % {"number": version.number, "next": version.number + 1},
            )
            return redirect("actionplans:plan", programme_code)
    last = action_plan.versions.order_by("-number").first()
    changes = (
        services.diff_snapshots(last.snapshot, services.plan_snapshot(action_plan))
        if last is not None
        else None
    )
    return render(
        request,
        "actionplans/revise.html",
        {
            "plan": action_plan,
            "programme": action_plan.programme,
            "form": form,
            "version": action_plan.current_version_number,
            "last": last,
            "changes": changes,
        },
        status=400 if request.method == "POST" else 200,
    )


@dataclass(frozen=True)
class ShownChange:
    label: str
    old: str
    new: str


def shown_field(name: str, value: Any) -> str:
    if name == "status":
        return services.status_label(value)
    if name == "aruba":
        return services.aruba_label(value) or "–"
    if name == "responsible":
        return ", ".join(value) or "–"
    return str(value)


def field_label(name: str) -> str:
    labels = {
        "text": _("Action"),
        "goal": _("Goal"),
        "responsible": _("Responsible"),
        "planned_year": _("Planned year"),
        "status": _("Status"),
        "aruba": _("ARUBA"),
    }
    return labels[name]


def shown_target(value: str | None) -> str:
    return "–" if value is None else format_exact(Decimal(value))


@requires(Capability.VIEW_PUBLISHED)
def compare(request: HttpRequest, programme_code: str) -> HttpResponse:
    """ "Jämför versioner": actions added, removed and changed, and targets changed."""
    action_plan = plan_for(programme_code)
    versions = list(action_plan.versions.order_by("number"))
    context: dict[str, Any] = {
        "plan": action_plan,
        "programme": action_plan.programme,
        "versions": versions,
    }
    if not versions:
        return render(request, "actionplans/compare.html", context)
    data = {
        "fran": request.GET.get("fran") or str(versions[-1].number),
        "till": request.GET.get("till") or "live",
    }
    form = CompareForm(action_plan, data)
    context["form"] = form
    if not form.is_valid():
        return render(request, "actionplans/compare.html", context, status=400)
    old_key, new_key = form.cleaned_data["fran"], form.cleaned_data["till"]
    diff = services.diff_snapshots(
        services.version_snapshot(action_plan, old_key),
        services.version_snapshot(action_plan, new_key),
    )
    indicator_names = dict(
        Indicator.objects.filter(goal__area__programme=action_plan.programme).values_list(
            "ref", "name"
        )
    )
    context.update(
        {
            "diff": diff,
            "from_label": version_label(action_plan, old_key),
            "to_label": version_label(action_plan, new_key),
            "added": [described(a) for a in diff.added],
            "removed": [described(a) for a in diff.removed],
            "changed": [
                {
                    "ref": change.ref,
                    "text": change.text,
                    "changes": [
                        ShownChange(
                            field_label(c.field),
                            shown_field(c.field, c.old),
                            shown_field(c.field, c.new),
                        )
                        for c in change.changes
                    ],
                }
                for change in diff.changed
            ],
            "targets": [
                {
                    "indicator": t.indicator,
                    "name": indicator_names.get(t.indicator, ""),
                    "year": t.year,
                    "old": shown_target(t.old),
                    "new": shown_target(t.new),
                    "old_missing": t.old is None,
                    "new_missing": t.new is None,
                }
                for t in diff.targets
            ],
        }
    )
    return render(request, "actionplans/compare.html", context)


def version_label(action_plan: ActionPlan, key: str) -> str:
    if key == "live":
        return _("the current plan (version %(number)s)") % {
            "number": action_plan.current_version_number
        }
    return _("version %(number)s") % {"number": key}


def described(action: services.SnapshotAction) -> dict[str, str]:
    return {
        "ref": action.ref,
        "text": action.text,
        "goal": action.goal,
        "responsible": shown_field("responsible", list(action.responsible)),
        "planned_year": str(action.planned_year),
        "status": shown_field("status", action.status),
        "aruba": shown_field("aruba", action.aruba),
    }
