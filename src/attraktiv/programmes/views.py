"""The programme pages (pages.md, "Programme overview"): the list, one programme on one
screen, a goal with its judgement and override, an indicator with its values and the
hand-entry form, the status rules, and the programme as a file.

Programmes are published to everybody with VIEW_PUBLISHED; only EDIT_PLANS changes them,
through ``programmes.services``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.core import charts, tables
from attraktiv.core.history import history_entries
from attraktiv.followups.services import current_round_summary
from attraktiv.programmes import exports, overview, services
from attraktiv.programmes.display import (
    chart_description,
    chart_options,
    chart_points,
    followed_indicator,
    observed_text,
    reference_lines_of,
)
from attraktiv.programmes.forms import ManualValueForm, OverrideForm
from attraktiv.programmes.models import Goal, Indicator, Programme
from attraktiv.programmes.planfile import dump, export_programme


def judged_year(request: HttpRequest, programme: Programme) -> int:
    """The year judged: ``?ar=``, else ``overview.default_year(programme)``."""
    default = overview.default_year(programme)
    try:
        year = int(request.GET.get("ar", default))
    except ValueError:
        return default
    return year if 1990 <= year <= 2100 else default


def year_choices(programme: Programme) -> list[int]:
    return list(range(programme.first_year - 1, programme.last_year + 1))


@requires(Capability.VIEW_PUBLISHED)
def index(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.all()
    return render(request, "programmes/index.html", {"programmes": programmes})


@requires(Capability.VIEW_PUBLISHED)
def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    """Areas → goals → indicators with status, latest value, target and sparkline; actions
    by status; the budget used; the current follow-up round."""
    programme = get_object_or_404(Programme, code=code)
    year = judged_year(request, programme)
    blocks = overview.programme_blocks(programme, year)
    return render(
        request,
        "programmes/overview.html",
        {
            "programme": programme,
            "year": year,
            "years": year_choices(programme),
            "blocks": blocks,
            "summary": overview.summary_line(blocks),
            "budget": overview.budget_line(programme),
            "current_round": current_round_summary(programme),
            "can_edit": request_access(request).may_edit_plans(),
        },
    )


def programme_goal(code: str, ref: str) -> Goal:
    return get_object_or_404(Goal, area__programme__code=code, ref=ref)


@requires(Capability.VIEW_PUBLISHED)
def goal_detail(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    """A goal: its judgement with the reasons, the override (with reason) and its history."""
    goal = programme_goal(code, ref)
    year = judged_year(request, goal.area.programme)
    judged = overview.goal_block(goal, year)
    form = OverrideForm(initial={"status_override": goal.status_override})
    can_edit = request_access(request).may_edit_plans()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                services.override_goal_status(
                    request.user,
                    goal,
                    form.cleaned_data["status_override"],
                    form.cleaned_data["override_reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(request.get_full_path())
    return render(
        request,
        "programmes/goal.html",
        {
            "programme": goal.area.programme,
            "goal": goal,
            "judged": judged,
            "year": year,
            "form": form,
            "can_edit": can_edit,
            "history": history_entries(goal),
        },
    )


@requires(Capability.VIEW_PUBLISHED)
def indicator_detail(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    """An indicator: judgement, values by year (women and men), chart with target and
    baseline, the hand-entry form where values are entered, and the history."""
    indicator = get_object_or_404(Indicator, goal__area__programme__code=code, ref=ref)
    year = judged_year(request, indicator.goal.area.programme)
    row = overview.indicator_row(indicator, year)
    may_edit = request_access(request).may_edit_plans()
    can_edit = may_edit and not indicator.engine_kpi
    form = ManualValueForm(initial={"year": year})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if not can_edit:
            raise Http404  # a computed indicator takes no hand entry
        form = ManualValueForm(request.POST)
        if form.is_valid():
            try:
                services.enter_value(
                    request.user,
                    indicator,
                    form.cleaned_data["year"],
                    form.cleaned_data["value"],
                    form.cleaned_data["gender"],
                    form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(request.get_full_path())
    series = row.judgement.series or services.Series(())
    table = value_table(indicator, series)
    return render(
        request,
        "programmes/indicator.html",
        {
            "programme": indicator.goal.area.programme,
            "indicator": indicator,
            "followed": followed_indicator(indicator),
            "row": row,
            "year": year,
            "table": table,
            "chart": indicator_chart(indicator, series),
            "form": form,
            "can_edit": can_edit,
            "history": history_entries(indicator),
            "manual_values": indicator.manual_values.select_related("entered_by"),
        },
    )


def value_table(indicator: Indicator, series: services.Series) -> list[dict[str, str]]:
    by_year: dict[int, dict[str, str]] = {}
    for key, observations in (
        ("total", series.total),
        ("women", series.women),
        ("men", series.men),
    ):
        for observation in observations:
            cell = by_year.setdefault(observation.year, {"year": str(observation.year)})
            cell[key] = observed_text(indicator, observation)
    return [by_year[year] for year in sorted(by_year)]


def indicator_chart(indicator: Indicator, series: services.Series) -> dict[str, str] | None:
    """Values over the years (all, women, men) with the target and the baseline marked."""
    if not series.total:
        return None
    pairs = [
        (name, [(o.year, o.value) for o in observations])
        for name, observations in (
            ("Alla", series.total),
            ("Kvinnor", series.women),
            ("Män", series.men),
        )
    ]
    lines = reference_lines_of(indicator)
    svg = charts.series_svg(
        chart_points(pairs), **chart_options(indicator.measure_unit, indicator.decimals, lines)
    )
    return {
        "svg": svg,
        "description": chart_description(
            indicator.name, indicator.measure_unit, indicator.decimals, pairs[0][1], lines
        ),
    }


@requires(Capability.VIEW_PUBLISHED)
def indicator_table(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    """The overview's indicators as CSV or XLSX, for the judged year."""
    programme = get_object_or_404(Programme, code=code)
    year = judged_year(request, programme)
    blocks = overview.programme_blocks(programme, year)
    filename = f"{programme.code}-indikatorer-{year}.{file_format}"
    if file_format == "csv":
        return tables.download(exports.csv_text(blocks, year), filename)
    if file_format == "xlsx":
        return tables.download(exports.xlsx_bytes(programme, year, blocks), filename)
    raise Http404


@requires(Capability.VIEW_PUBLISHED)
def status_rules(request: HttpRequest) -> HttpResponse:
    """The status rules in words (programmes.status), as the app applies them."""
    return render(request, "programmes/rules.html")


@requires(Capability.VIEW_PUBLISHED)
def programme_file(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    """The programme as a file (docs/programme-format.md), YAML or JSON."""
    programme = get_object_or_404(Programme, code=code)
    if file_format not in ("yaml", "json"):
        raise Http404
    text = dump(export_programme(programme), file_format)
    return tables.download(text, f"{programme.code}.{file_format}")
