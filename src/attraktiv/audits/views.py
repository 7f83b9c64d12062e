"""The audit pages (issue 4, item 6; seed ``004_…``): the list, one audit with its
recommendations, the board's responses and the measures with their follow-up, and each
recommendation's and measure's history.

Everybody who reads published plans sees audits; only users who may edit the region's plans
(HR strategists, administrators) see and use the editing controls. Views parse input with
``audits.forms`` and change state only through ``audits.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Capability, requires
from attraktiv.actionplans.models import Action
from attraktiv.audits import services
from attraktiv.audits.forms import (
    AuditForm,
    FollowUpForm,
    MeasureForm,
    RecommendationForm,
    StrategicAreasForm,
)
from attraktiv.audits.models import Audit, Measure, Recommendation
from attraktiv.core.forms import add_service_errors
from attraktiv.core.history import history_entries

TEMPLATE = "audits/audit.html"


def measures_queryset():
    return Measure.objects.prefetch_related(
        Prefetch("actions", Action.objects.select_related("action_plan__programme"))
    )


def audit_queryset():
    return Audit.objects.select_related("programme").prefetch_related(
        "strategic_areas",
        Prefetch(
            "recommendations",
            Recommendation.objects.prefetch_related(Prefetch("measures", measures_queryset())),
        ),
    )


def require_editor(request: HttpRequest) -> None:
    if not services.may_edit_audits(request.user):
        raise PermissionDenied


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    """Every audit: number, title, year, its recommendations, and its measures by status."""
    may_edit = services.may_edit_audits(request.user)
    form = AuditForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit or form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                audit = services.create_audit(request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The audit was registered."))
                return redirect("audits:audit", pk=audit.pk)
    rows = []
    for audit in audit_queryset():
        measures = [m for r in audit.recommendations.all() for m in r.measures.all()]
        rows.append(
            {
                "audit": audit,
                "recommendations": len(audit.recommendations.all()),
                "measures": len(measures),
                "by_status": services.status_counts(measures),
            }
        )
    return render(request, "audits/index.html", {"rows": rows, "form": form, "may_edit": may_edit})


def audit_context(request: HttpRequest, audit: Audit, **extra: Any) -> dict[str, Any]:
    may_edit = services.may_edit_audits(request.user)
    context: dict[str, Any] = {"audit": audit, "may_edit": may_edit}
    if may_edit:
        context["areas_form"] = StrategicAreasForm(
            initial={"names": "\n".join(a.name for a in audit.strategic_areas.all())}
        )
        context["recommendation_form"] = RecommendationForm(prefix="new")
        context["audit_form"] = AuditForm(
            prefix="audit",
            initial={
                "identifier": audit.identifier,
                "title": audit.title,
                "year": audit.year,
                "programme": audit.programme,
                "auditor": audit.auditor,
                "responded_by": audit.responded_by,
                "responded_on": audit.responded_on,
            },
        )
        context["forms"] = {
            recommendation.pk: {
                "edit": RecommendationForm(
                    prefix=f"rec-{recommendation.pk}",
                    initial={
                        "number": recommendation.number,
                        "text": recommendation.text,
                        "response": recommendation.response,
                    },
                ),
                "measure": MeasureForm(prefix=f"new-measure-{recommendation.pk}", audit=audit),
            }
            for recommendation in audit.recommendations.all()
        }
    context.update(extra)
    return context


@requires(Capability.VIEW_PUBLISHED)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One audit: its strategic action areas, recommendations, responses and measures."""
    audit = get_object_or_404(audit_queryset(), pk=pk)
    return render(request, TEMPLATE, audit_context(request, audit))


def rerender_with(request: HttpRequest, pk: int, key: str, form: Any, **extra: Any) -> HttpResponse:
    audit = get_object_or_404(audit_queryset(), pk=pk)
    context = audit_context(request, audit, **extra)
    if key.startswith("forms."):
        _prefix, recommendation_pk, name = key.split(".")
        context["forms"][int(recommendation_pk)][name] = form
    else:
        context[key] = form
    return render(request, TEMPLATE, context)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def edit_audit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    audit = get_object_or_404(Audit, pk=pk)
    form = AuditForm(request.POST, prefix="audit")
    if form.is_valid():
        try:
            services.update_audit(request.user, audit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The audit was saved."))
            return redirect("audits:audit", pk=pk)
    return rerender_with(request, pk, "audit_form", form)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def edit_areas(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    audit = get_object_or_404(Audit, pk=pk)
    form = StrategicAreasForm(request.POST)
    if form.is_valid():
        try:
            services.set_strategic_areas(
                request.user,
                audit,
                form.cleaned_data["names"],
                confirm_removal=form.cleaned_data["confirm_removal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategic action areas were saved."))
            return redirect("audits:audit", pk=pk)
    return rerender_with(request, pk, "areas_form", form)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def add_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    audit = get_object_or_404(Audit, pk=pk)
    form = RecommendationForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.add_recommendation(request.user, audit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recommendation was added."))
            return redirect("audits:audit", pk=pk)
    return rerender_with(request, pk, "recommendation_form", form)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def edit_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = RecommendationForm(request.POST, prefix=f"rec-{pk}")
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("number") is None:
            data.pop("number")
        try:
            services.update_recommendation(request.user, recommendation, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recommendation was saved."))
            return redirect("audits:audit", pk=recommendation.audit_id)
    return rerender_with(request, recommendation.audit_id, f"forms.{pk}.edit", form)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def add_measure(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    recommendation = get_object_or_404(Recommendation.objects.select_related("audit"), pk=pk)
    form = MeasureForm(request.POST, prefix=f"new-measure-{pk}", audit=recommendation.audit)
    if form.is_valid():
        try:
            services.add_measure(request.user, recommendation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measure was added."))
            return redirect("audits:audit", pk=recommendation.audit_id)
    return rerender_with(request, recommendation.audit_id, f"forms.{pk}.measure", form)


def measure_or_404(pk: int) -> Measure:
    return get_object_or_404(
        measures_queryset().select_related("recommendation__audit__programme"), pk=pk
    )


@requires(Capability.VIEW_PUBLISHED)
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    """One measure's follow-up as shown (HTMX: "Avbryt" of the in-place edit)."""
    return render(
        request,
        f"{TEMPLATE}#measure",
        {"measure": measure_or_404(pk), "may_edit": services.may_edit_audits(request.user)},
    )


@requires(Capability.EDIT_PLANS, region_wide=True)
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX in-place follow-up of a measure: status, comment and linked actions."""
    require_editor(request)
    item = measure_or_404(pk)
    form = FollowUpForm(request.POST or None, measure=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(
                request.user,
                item,
                status=form.cleaned_data["status"],
                follow_up_comment=form.cleaned_data["follow_up_comment"],
                actions=form.cleaned_data["actions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                return redirect("audits:audit", pk=item.recommendation.audit_id)
            return render(
                request,
                f"{TEMPLATE}#measure",
                {"measure": measure_or_404(pk), "may_edit": True, "saved": True},
            )
    return render(request, f"{TEMPLATE}#measure-form", {"measure": item, "form": form})


@requires(Capability.VIEW_PUBLISHED)
def recommendation_history(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("audit"), pk=pk)
    return render(
        request,
        "audits/history.html",
        {
            "audit": recommendation.audit,
            "title": _("Recommendation %(number)s") % {"number": recommendation.number},
            "text": recommendation.text,
            "history": history_entries(recommendation),
        },
    )


@requires(Capability.VIEW_PUBLISHED)
def measure_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Measure.objects.select_related("recommendation__audit"), pk=pk)
    return render(
        request,
        "audits/history.html",
        {
            "audit": item.recommendation.audit,
            "title": _("Measure under recommendation %(number)s")
            % {"number": item.recommendation.number},
            "text": item.text,
            "history": history_entries(item),
        },
    )
