"""The competence supply pages ("Kompetensförsörjning", pages.md): the overview, one
competence, a run's progress, and the scenario workbench (levers, saved and versioned
scenarios, side-by-side comparison, TOML export and import).

Figures are aggregates of the user's VIEW_FIGURES units: the region's plan is shown to users
who see the whole region, a unit's plan to users who see that unit. Scenarios carry no unit
and their results are the whole region's, so the workbench, a scenario, its file and the
comparison are for users who see the whole region (``Access.may_read_region_figures``).
Running the plan, saving scenarios and linking activities is for HR strategists
(``Access.may_edit_plans``, checked again in ``supplyplan.services``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from attraktiv.accounts.access import Access, Capability, request_access, requires
from attraktiv.core import tables
from attraktiv.core.forms import add_service_errors
from attraktiv.core.history import history_entries
from attraktiv.forecasts.services import external_views
from attraktiv.organisation.models import Unit
from attraktiv.supplyplan import display, services
from attraktiv.supplyplan.forms import (
    ActivityForm,
    CompareForm,
    LeverForm,
    RunForm,
    ScenarioFileForm,
)
from attraktiv.supplyplan.models import CompetenceActivity, PlanRun, Scenario, ScenarioVersion


def plan_unit(request: HttpRequest) -> Unit | None:
    """The unit asked for in ``?enhet=`` (None: the region), within the user's figures."""
    access = request_access(request)
    unit_id = request.GET.get("enhet")
    if not unit_id:
        if access.may_read_region_figures():
            return None
        return access.top_units(Capability.VIEW_FIGURES)[0]
    unit = Unit.objects.filter(unit_id=unit_id).first()
    if unit is None or not access.allows(Capability.VIEW_FIGURES, unit):
        raise Http404
    return None if unit.parent_id is None else unit


def unit_choices(access: Access) -> list[Unit]:
    """The förvaltningar (and the region) the user may filter the plan by."""
    units = access.units(Capability.VIEW_FIGURES).filter(depth__lte=1)
    return list(units)


def can_plan(request: HttpRequest) -> bool:
    return request_access(request).may_edit_plans()


@requires(Capability.VIEW_FIGURES)
def index(request: HttpRequest) -> HttpResponse:
    """Per competence: FTE and demand now, the gap in year 3 and 10, shortage flags and
    Arbetsförmedlingen's judgement, the largest year-10 shortfall first."""
    unit = plan_unit(request)
    run = services.latest_run(unit)
    file_format = request.GET.get("format")
    if run and file_format in ("csv", "xlsx"):
        return overview_download(run, display.overview_rows(run.plan), file_format)
    return render_overview(request, unit, new_run_form())


def new_run_form() -> RunForm:
    return RunForm(initial={"base_year": services.default_base_year(), "runs": 1000})


def render_overview(
    request: HttpRequest, unit: Unit | None, form: RunForm, status: int = 200
) -> HttpResponse:
    """The overview of ``unit``'s plan, with the run form as given (its errors shown)."""
    run = services.latest_run(unit)
    rows = display.overview_rows(run.plan) if run else []
    external = external_views([row.group for row in rows])
    pending = PlanRun.objects.filter(
        unit=unit, scenario_version=None, state__in=["queued", "running"]
    ).first()
    return render(
        request,
        "supplyplan/index.html",
        {
            "unit": unit,
            "units": unit_choices(request_access(request)),
            "run": run,
            "fewer_than": display.fewer_than(run.plan) if run else None,
            "pending": pending,
            "rows": rows,
            "items": [
                (
                    row,
                    external.get(row.group),
                    display.disagreement(
                        row.shortage_short, row.shortage_long, external.get(row.group)
                    ),
                )
                for row in rows
            ],
            "can_plan": can_plan(request),
            "region_figures": request_access(request).may_read_region_figures(),
            "form": form,
            "newer_import": services.newer_import(run) if run else None,
        },
        status=status,
    )


OVERVIEW_HEADERS = [
    "Kompetens",
    "Årsarbetare nu",
    "Efterfrågan nu",
    "Gap år 3 (åa)",
    "Gap år 3 (%)",
    "Gap år 10 (åa)",
    "Gap år 10 (%)",
    "Brist kort sikt",
    "Brist lång sikt",
]


def overview_download(run: PlanRun, rows, file_format: str) -> HttpResponse:
    cells = [
        [
            row.group,
            row.fte_now,
            row.demand_now,
            row.gap_short,
            row.rel_gap_short,
            row.gap_long,
            row.rel_gap_long,
            display.shortage_word(row.shortage_short),
            display.shortage_word(row.shortage_long),
        ]
        for row in rows
    ]
    name = f"kompetensforsorjning-{run.base_year}.{file_format}"
    if file_format == "csv":
        return tables.download(tables.csv_text(OVERVIEW_HEADERS, cells), name)
    title = f"Kompetensförsörjning, basår {run.base_year}"
    return tables.download(
        tables.xlsx_bytes("Kompetenser", title, "Källa: Attraktiv", OVERVIEW_HEADERS, cells), name
    )


@requires(Capability.VIEW_FIGURES)
def competence(request: HttpRequest, group: str) -> HttpResponse:
    """One competence: the age pyramid, supply and demand with the P10–P90 band, the gap,
    exits split into retirements and other exits, the backtest, and its activities."""
    unit = plan_unit(request)
    run = services.latest_run(unit)
    data = display.find_group(run.plan, group) if run else None
    if run is None or data is None:
        raise Http404
    external = external_views([group]).get(group)
    activities = CompetenceActivity.objects.filter(group=group).select_related("action__goal")
    form = ActivityForm()
    if request.method == "POST":
        if not can_plan(request):
            raise PermissionDenied
        form = ActivityForm(request.POST)
        if form.is_valid():
            services.link_activity(
                request.user, group, form.cleaned_data["action"], form.cleaned_data["note"]
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "supplyplan/competence.html",
        {
            "unit": unit,
            "run": run,
            "group": data,
            "fewer_than": display.fewer_than(run.plan),
            "supply_chart": None if data.get("suppressed") else display.supply_demand_chart(data),
            "gap_chart": None if data.get("suppressed") else display.gap_chart(data),
            "pyramid": display.pyramid_chart(data, display.fewer_than(run.plan)),
            "table": [] if data.get("suppressed") else display.path_table(data),
            "backtest_rows": display.backtest_rows(data),
            "external": external,
            "disagreement": display.disagreement(
                data.get("shortage_short"), data.get("shortage_long"), external
            ),
            "activities": activities,
            "form": form,
            "can_plan": can_plan(request),
        },
    )


@requires(Capability.EDIT_PLANS, region_wide=True)
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(CompetenceActivity, pk=pk)
    if request.method != "POST":
        raise Http404
    group = activity.group
    services.unlink_activity(request.user, activity)
    return redirect(reverse("supply:competence", args=[group]))


@requires(Capability.EDIT_PLANS, region_wide=True)
def start_run(request: HttpRequest) -> HttpResponse:
    """Queue a run ("Räkna") for the region or a unit, the base or a scenario version."""
    if request.method != "POST":
        raise Http404
    form = RunForm(request.POST)
    unit_id = request.POST.get("enhet") or None
    unit = get_object_or_404(Unit, unit_id=unit_id) if unit_id else None
    version = None
    if request.POST.get("version"):
        version = get_object_or_404(ScenarioVersion, pk=parse_pk(request.POST["version"]))
    if form.is_valid():
        try:
            run = services.request_run(
                request.user,
                form.cleaned_data["base_year"],
                unit=unit,
                scenario_version=version,
                runs=form.cleaned_data["runs"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("supply:run", args=[run.pk]))
    # The form again with its errors, on the page it was sent from.
    if version is not None:
        return render_scenario(request, version.scenario, form, status=400)
    return render_overview(request, unit, form, status=400)


def parse_pk(value: str) -> int:
    """A primary key from a form or query value; anything else is not found (404)."""
    if not value.isdigit():
        raise Http404
    return int(value)


@requires(Capability.VIEW_FIGURES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress, polled by the page while it runs (HTMX)."""
    run = get_object_or_404(PlanRun.objects.select_related("scenario_version__scenario"), pk=pk)
    access = request_access(request)
    if not (
        access.may_read_region_figures()
        if run.unit is None
        else access.allows(Capability.VIEW_FIGURES, run.unit)
    ):
        raise Http404
    partial = request.htmx  # type: ignore[attr-defined]
    template = "supplyplan/run.html#progress" if partial else "supplyplan/run.html"
    return render(request, template, {"run": run})


@requires(Capability.VIEW_FIGURES, region_wide=True)
def scenarios(request: HttpRequest) -> HttpResponse:
    """The scenario workbench: the levers as a form, saved scenarios, a scenario file upload."""
    lever_form = LeverForm(initial={"base_year": services.default_base_year()})
    file_form = ScenarioFileForm()
    if request.method == "POST":
        if not can_plan(request):
            raise PermissionDenied
        form: LeverForm | ScenarioFileForm
        if "toml_file" in request.FILES:
            form = file_form = ScenarioFileForm(request.POST, request.FILES)
        else:
            form = lever_form = LeverForm(request.POST)
        if form.is_valid():
            try:
                version = services.save_scenario(
                    request.user,
                    form.cleaned_data["name"],
                    form.scenario_text(),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as error:
                # A problem of the scenario text (the stored ``toml``) goes above the form.
                add_service_errors(form, error)
            else:
                return redirect(reverse("supply:scenario", args=[version.scenario.pk]))
    return render(
        request,
        "supplyplan/scenarios.html",
        {
            "scenarios": Scenario.objects.prefetch_related("versions"),
            "lever_form": lever_form,
            "file_form": file_form,
            "can_plan": can_plan(request),
        },
    )


@requires(Capability.VIEW_FIGURES, region_wide=True)
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A scenario: its versions, its latest result beside the base, and the FTE each lever
    closes in year 3 and year 10."""
    return render_scenario(request, get_object_or_404(Scenario, pk=pk), new_run_form())


def render_scenario(
    request: HttpRequest, scenario: Scenario, form: RunForm, status: int = 200
) -> HttpResponse:
    """A scenario's page, with the run form as given (its errors shown)."""
    version = scenario.latest
    run = services.latest_run(None, version) if version else None
    base = services.latest_run(None)
    comparison = display.side_by_side(base.plan if base else None, run.plan if run else None)
    levers = display.lever_table(run.plan) if run else []
    return render(
        request,
        "supplyplan/scenario.html",
        {
            "scenario": scenario,
            "version": version,
            "versions": scenario.versions.select_related("saved_by"),
            "run": run,
            "base": base,
            "comparison": comparison,
            "levers": levers,
            "lever_chart": display.lever_chart(levers) if run else None,
            "can_plan": can_plan(request),
            "form": form,
            "history": history_entries(scenario),
        },
        status=status,
    )


@requires(Capability.VIEW_FIGURES, region_wide=True)
def scenario_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A scenario version as its TOML file (supply-plan.md §7)."""
    version = get_object_or_404(ScenarioVersion.objects.select_related("scenario"), pk=pk)
    return tables.download(version.toml, f"scenario-{version.scenario.pk}-v{version.number}.toml")


@requires(Capability.VIEW_FIGURES, region_wide=True)
def compare(request: HttpRequest) -> HttpResponse:
    """Two scenarios side by side: each one's gap in year 3 and year 10 per competence."""
    form = CompareForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(
            request,
            "supplyplan/compare.html",
            {"form": form, "chosen": [], "runs": [], "comparison": None},
            status=400,
        )
    chosen = [form.cleaned_data[key] for key in ("a", "b")] if request.GET else []
    runs = [services.latest_run(None, scenario.latest) for scenario in chosen]
    comparison = display.side_by_side(
        runs[0].plan if len(runs) > 0 and runs[0] else None,
        runs[1].plan if len(runs) > 1 and runs[1] else None,
    )
    return render(
        request,
        "supplyplan/compare.html",
        {
            "form": form,
            "chosen": chosen,
            "runs": runs,
            "comparison": comparison,
        },
    )
