"""The indicator pages ("Nyckeltal", pages.md): the list, one indicator, and downloads.

Every page is scoped with the one permission helper: the list takes VIEW_FIGURES in the unit
asked for; one indicator's page and download take ``Access.may_read_measurements`` (the
user's VIEW_FIGURES units, or a published programme's level for a reader of published plans).
Only disclosure-controlled aggregates are shown.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from attraktiv.accounts.access import Capability, request_access, requires
from attraktiv.benchmarks.services import comparison
from attraktiv.core import charts, tables
from attraktiv.formatting import format_date
from attraktiv.indicators.catalogue import Entry, entry_for
from attraktiv.indicators.output import shown_dimension, value_text
from attraktiv.measurements import exports, queries
from attraktiv.measurements.display import (
    cell,
    change_text,
    suppression_reason,
)
from attraktiv.measurements.models import Measurement
from attraktiv.organisation.models import Unit
from attraktiv.programmes.services import reference_lines

# The breakdown tabs of pages.md: URL value → (dimension, label).
BREAKDOWNS = {
    "kon": ("gender", "Kön"),
    "alder": ("age_group", "Åldersgrupp"),
    "yrke": ("occupation_group", "Yrkesgrupp"),
    "roll": ("role", "Roll"),
    "enhet": ("unit", "Enhet"),
}


def chosen_unit(request: HttpRequest) -> Unit:
    """The unit in ``?enhet=``, or the user's first unit; 404 outside the user's scope."""
    access = request_access(request)
    unit_id = request.GET.get("enhet")
    if not unit_id:
        return access.top_units(Capability.VIEW_FIGURES)[0]
    unit = Unit.objects.filter(unit_id=unit_id).first()
    if unit is None or not access.allows(Capability.VIEW_FIGURES, unit):
        raise Http404
    return unit


def readable_unit(request: HttpRequest, kpi: str) -> Unit:
    """The unit in ``?enhet=`` (else ``Access.measurement_start``) whose figures of ``kpi``
    the user may read (``Access.may_read_measurements``): 403 for a user who may read the
    indicator nowhere, 404 for a unit outside what they may read."""
    access = request_access(request)
    if not access.may_read_indicator(kpi):
        raise PermissionDenied
    unit_id = request.GET.get("enhet")
    unit = (
        Unit.objects.filter(unit_id=unit_id).first() if unit_id else access.measurement_start(kpi)
    )
    if unit is None or not access.may_read_measurements(kpi, unit):
        raise Http404
    return unit


def known_entry(kpi: str) -> Entry:
    try:
        return entry_for(kpi)
    except KeyError:
        raise Http404 from None


def source_text(measurement: Measurement | None) -> str:
    if measurement is None or measurement.source_import is None:
        return "HR-data"
    return f"HR-data, inläst {format_date(measurement.source_import.started_at.date())}"


@requires(Capability.VIEW_FIGURES)
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator for the unit: its latest value and the change since the year before."""
    unit = chosen_unit(request)
    rows = []
    for latest in queries.latest_by_kpi(unit):
        rows.append(
            {
                "entry": latest.entry,
                "period": latest.period,
                "cell": cell(latest.entry, latest.current, source_text(latest.current)),
                "change": change_text(latest.entry, latest.change),
            }
        )
    return render(
        request,
        "measurements/indicator_list.html",
        {
            "unit": unit,
            "rows": rows,
            "reason": suppression_reason(),
            "breadcrumbs": visible_ancestors(request, unit),
        },
    )


def visible_ancestors(request: HttpRequest, unit: Unit, kpi: str | None = None) -> list[Unit]:
    """The unit's ancestors the breadcrumbs may link: for the list, those in the user's
    VIEW_FIGURES; for one indicator, those whose figures of it the user may read."""
    access = request_access(request)
    if kpi is None:
        return [u for u in unit.ancestors() if access.allows(Capability.VIEW_FIGURES, u)]
    return [u for u in unit.ancestors() if access.may_read_measurements(kpi, u)]


@requires(Capability.VIEW_PUBLISHED)
def indicator_detail(request: HttpRequest, kpi: str) -> HttpResponse:
    """One indicator for one unit: latest value, chart over years, table and breakdowns."""
    entry = known_entry(kpi)
    unit = readable_unit(request, kpi)
    tab = request.GET.get("uppdelning", "kon")
    if tab not in BREAKDOWNS:
        raise Http404
    series = list(queries.totals(kpi, unit).select_related("source_import"))
    latest = series[-1] if series else None
    previous = series[-2] if len(series) > 1 else None
    change = (
        latest.value - previous.value
        if latest and previous and latest.value is not None and previous.value is not None
        else None
    )
    source = source_text(latest)
    context = {
        "entry": entry,
        "unit": unit,
        "breadcrumbs": visible_ancestors(request, unit, kpi),
        "latest": latest,
        "latest_cell": cell(entry, latest, source),
        "change": change_text(entry, change),
        "previous": previous,
        "years": [(m, cell(entry, m, source)) for m in series],
        "chart": chart_for(entry, unit, series),
        "tab": tab,
        "tabs": [(key, label) for key, (_dim, label) in BREAKDOWNS.items()],
        "breakdown_rows": breakdown_rows(request, entry, unit, tab, latest, source),
        "reason": suppression_reason(),
        "source": source,
        # Other regions' figures from Kolada, on the region's page only (issue 6, item 5).
        "benchmark": comparison(entry, unit),
    }
    template = "measurements/indicator_detail.html"
    if request.htmx and request.htmx.target == "breakdown":  # type: ignore[attr-defined]
        template += "#breakdown"
    return render(request, template, context)


def chart_for(entry: Entry, unit: Unit, series: list[Measurement]) -> dict[str, str] | None:
    """The chart over years (all, women, men) as inline SVG with its text alternative."""
    if not series:
        return None
    points = [
        {"year": int(m.period), "series": "Alla", "value": None if m.suppressed else m.value}
        for m in series
    ]
    for m in queries.breakdown(entry.kpi, unit, "gender"):
        name = shown_dimension("gender", m.gender)
        points.append(
            {"year": int(m.period), "series": name, "value": None if m.suppressed else m.value}
        )
    lines = reference_lines(entry.kpi, unit)
    svg = charts.series_svg(
        points,
        unit_label=unit_axis(entry),
        value_format=",.2f" if entry.decimals == 2 else ",.1f" if entry.decimals == 1 else ",.0f",
        reference_lines=lines,
    )
    described = "; ".join(
        f"{m.period}: {value_text(entry, m.value) if not m.suppressed else 'dolt'}" for m in series
    )
    marked = "".join(f" {line['label']}." for line in lines)
    return {
        "svg": svg,
        "description": f"{entry.name_sv} för {unit.name} per år: {described}.{marked}",
    }


def unit_axis(entry: Entry) -> str:
    return {
        "%": "Procent",
        "år": "År",
        "kr": "Kronor",
        "antal": "Antal",
        "årsarbetare": "Årsarbetare",
        "index": "Index (0–100)",
    }[entry.unit]


def breakdown_rows(
    request: HttpRequest,
    entry: Entry,
    unit: Unit,
    tab: str,
    latest: Measurement | None,
    source: str,
) -> list[dict[str, object]]:
    """The latest period's cells of the chosen breakdown; for "enhet" the child units."""
    if latest is None:
        return []
    dimension, _label = BREAKDOWNS[tab]
    if dimension == "unit":
        access = request_access(request)
        children = [
            child
            for child in unit.children.order_by("path")
            if access.may_read_measurements(entry.kpi, child)
        ]
        values = queries.children_totals(entry.kpi, children, latest.period)
        return [
            {"label": child.name, "unit": child, "cell": cell(entry, values.get(child.pk), source)}
            for child in children
        ]
    return [
        {
            "label": shown_dimension(dimension, getattr(m, dimension)),
            "unit": None,
            "cell": cell(entry, m, source),
        }
        for m in queries.breakdown(entry.kpi, unit, dimension, latest.period)
    ]


@requires(Capability.VIEW_PUBLISHED)
def indicator_export(request: HttpRequest, kpi: str, file_format: str) -> HttpResponse:
    """The indicator's table for the unit (every year, total and breakdowns) as CSV or XLSX."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    entry = known_entry(kpi)
    unit = readable_unit(request, kpi)
    measurements = list(
        Measurement.objects.filter(kpi=kpi, unit=unit)
        .select_related("unit")
        .order_by("period", "gender", "age_group", "occupation_group", "role")
    )
    name = f"{kpi.replace(':', '-')}_{unit.unit_id}.{file_format}"
    if file_format == "csv":
        return tables.download(exports.csv_text(measurements), name)
    return tables.download(exports.xlsx_bytes(entry, unit, measurements), name)
