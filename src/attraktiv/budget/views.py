"""The budget pages (issue 4, item 5; pages.md, "Programme overview": claimed vs set aside).

Everybody who reads published plans sees the budget; only users who may edit the region's
plans (HR strategists, administrators) see and use the editing controls. Views parse input
with ``budget.forms`` and change state only through ``budget.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Capability, requires
from attraktiv.budget import exports, services
from attraktiv.budget.forms import AllocationAmountForm, DrawdownForm, DrawdownRowForm
from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.core import tables
from attraktiv.core.forms import add_service_errors
from attraktiv.core.history import history_entries
from attraktiv.programmes.models import Programme

TEMPLATE = "budget/allocation.html"


def allocation_queryset():
    return Allocation.objects.select_related("programme").prefetch_related(
        Prefetch("drawdowns", Drawdown.objects.prefetch_related("goals"))
    )


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    """Every programme's allocations with what is claimed against what is set aside."""
    programmes = []
    for programme in Programme.objects.prefetch_related(
        Prefetch("allocations", allocation_queryset())
    ):
        rows = [
            (allocation, services.summarise(allocation.drawdowns.all(), allocation.amount_tkr))
            for allocation in programme.allocations.all()
        ]
        if rows:
            programmes.append((programme, rows))
    return render(request, "budget/index.html", {"programmes": programmes})


def allocation_context(
    request: HttpRequest, allocation: Allocation, **extra: Any
) -> dict[str, Any]:
    summary = services.summarise(allocation.drawdowns.all(), allocation.amount_tkr)
    may_edit = services.may_edit_budget(request.user)
    context: dict[str, Any] = {
        "allocation": allocation,
        "summary": summary,
        "may_edit": may_edit,
        "columns": 7 + (1 if may_edit else 0),
    }
    if may_edit:
        context.setdefault("add_form", DrawdownForm(allocation=allocation))
        context.setdefault(
            "amount_form",
            AllocationAmountForm(
                prefix="allocation", initial={"amount_tkr": allocation.amount_tkr}
            ),
        )
        context["areas"] = [group.name for group in summary.groups]
    context.update(extra)
    if "history" not in context:
        context["history"] = history_entries(allocation)
    return context


@requires(Capability.VIEW_PUBLISHED)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One allocation: the drawdowns in the decision's order, totals, what is left, outcome."""
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    return render(request, TEMPLATE, allocation_context(request, allocation))


@requires(Capability.VIEW_PUBLISHED)
def allocation_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The drawdown table as CSV or XLSX."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    summary = services.summarise(allocation.drawdowns.all(), allocation.amount_tkr)
    name = f"ianspraktaganden_{allocation.pk}.{file_format}"
    if file_format == "csv":
        return tables.download(exports.csv_text(summary), name)
    return tables.download(exports.xlsx_bytes(allocation, summary), name)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def add_drawdown(request: HttpRequest, pk: int) -> HttpResponse:
    """The add-drawdown form of the allocation page."""
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    form = DrawdownForm(request.POST, allocation=allocation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_drawdown(
                request.user,
                allocation,
                area=data["area"],
                initiative=data["initiative"],
                initiated=data["initiated"],
                year=data["year"],
                amount_tkr=data["amount_tkr"],
                outcome_tkr=data["outcome_tkr"],
                decision=data["decision"],
                decided_on=data["decided_on"],
                goals=data["goals"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The drawdown was added."))
            return redirect("budget:allocation", pk=allocation.pk)
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    return render(request, TEMPLATE, allocation_context(request, allocation, add_form=form))


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def set_amount(request: HttpRequest, pk: int) -> HttpResponse:
    """The amount set aside; empty when the decision does not state it."""
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    form = AllocationAmountForm(request.POST, prefix="allocation")
    if form.is_valid():
        try:
            services.set_allocation_amount(
                request.user, allocation, form.cleaned_data["amount_tkr"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The amount set aside was saved."))
            return redirect("budget:allocation", pk=allocation.pk)
    allocation = get_object_or_404(allocation_queryset(), pk=pk)
    return render(request, TEMPLATE, allocation_context(request, allocation, amount_form=form))


def drawdown_or_404(pk: int) -> Drawdown:
    return get_object_or_404(
        Drawdown.objects.select_related("allocation__programme").prefetch_related("goals"), pk=pk
    )


@requires(Capability.VIEW_PUBLISHED)
def drawdown_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the table as shown (HTMX: "Avbryt" of the in-place edit)."""
    drawdown = drawdown_or_404(pk)
    return render(
        request,
        f"{TEMPLATE}#drawdown-row",
        {"drawdown": drawdown, "may_edit": services.may_edit_budget(request.user)},
    )


@requires(Capability.EDIT_PLANS, region_wide=True)
def drawdown_row_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX in-place edit of a row's amount and outcome; on save the totals follow."""
    drawdown = drawdown_or_404(pk)
    if not services.may_edit_budget(request.user):
        raise PermissionDenied
    if request.method != "POST":
        form = DrawdownRowForm(drawdown=drawdown)
        return render(
            request, f"{TEMPLATE}#drawdown-row-form", {"drawdown": drawdown, "form": form}
        )
    form = DrawdownRowForm(request.POST, drawdown=drawdown)
    if form.is_valid():
        try:
            services.update_drawdown(
                request.user,
                drawdown,
                amount_tkr=form.cleaned_data["amount_tkr"],
                outcome_tkr=form.cleaned_data["outcome_tkr"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return render(
            request, f"{TEMPLATE}#drawdown-row-form", {"drawdown": drawdown, "form": form}
        )
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("budget:allocation", pk=drawdown.allocation_id)
    allocation = get_object_or_404(allocation_queryset(), pk=drawdown.allocation_id)
    context = allocation_context(request, allocation, history=[])
    context["drawdown"] = drawdown_or_404(pk)
    return render(request, "budget/row_saved.html", context)


@requires(Capability.VIEW_PUBLISHED)
def drawdown_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One drawdown: all its fields, the goals it serves, its history; editors change it."""
    drawdown = drawdown_or_404(pk)
    may_edit = services.may_edit_budget(request.user)
    form = None
    if may_edit:
        form = DrawdownForm.for_drawdown(drawdown)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = DrawdownForm.for_drawdown(drawdown, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_drawdown(
                    request.user,
                    drawdown,
                    area=data["area"],
                    initiative=data["initiative"],
                    initiated=data["initiated"],
                    year=data["year"],
                    amount_tkr=data["amount_tkr"],
                    outcome_tkr=data["outcome_tkr"] or None,
                    decision=data["decision"],
                    decided_on=data["decided_on"],
                    goals=data["goals"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The drawdown was saved."))
                return redirect("budget:drawdown", pk=drawdown.pk)
    return render(
        request,
        "budget/drawdown.html",
        {
            "drawdown": drawdown,
            "allocation": drawdown.allocation,
            "form": form,
            "may_edit": may_edit,
            "history": history_entries(drawdown),
            "areas": sorted(set(drawdown.allocation.drawdowns.values_list("area", flat=True))),
        },
    )


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def remove_drawdown(request: HttpRequest, pk: int) -> HttpResponse:
    drawdown = drawdown_or_404(pk)
    allocation_pk = drawdown.allocation_id
    services.remove_drawdown(request.user, drawdown)
    messages.success(request, _("The drawdown was removed."))
    return redirect("budget:allocation", pk=allocation_pk)
