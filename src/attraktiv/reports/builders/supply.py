"""*Kompetensförsörjningsplan* (issue 13 §2, ``supply``; seed ``002_…``; supply-plan.md): the
region's published plan, its latest finished base run (``supplyplan.services.latest_run``).

The competences in shortage in the short (1–3 years) and the long term (4–10 years), supply
against demand per competence (a table, and the chart the competence page draws for each
competence in shortage), the scenarios the region has run compared with the base, the FTE
each lever closes, Arbetsförmedlingen's judgement where it is loaded
(``forecasts.services.external_views``) and the action plan's activities linked to each
competence. The plan already hides the groups too small to show (hr-data.md §3.7); they stay
hidden here, with the reason. The plan's figures are the whole region's, so only users who
may read the region's figures get it (``Access.may_read_region_figures``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from attraktiv.accounts.access import Access
from attraktiv.actionplans.models import ActionStatus
from attraktiv.forecasts.services import external_views
from attraktiv.formatting import format_date
from attraktiv.reports.builders import common
from attraktiv.reports.content import (
    Block,
    Chart,
    Column,
    Hidden,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
)
from attraktiv.reports.kinds import ReportInputError, ReportInputs
from attraktiv.supplyplan import display, services
from attraktiv.supplyplan.models import CompetenceActivity, PlanRun, Scenario

TITLE = "Kompetensförsörjningsplan"
SHORT, LONG = display.SHORT_YEAR, display.LONG_YEAR


def build(inputs: ReportInputs, access: Access) -> Report:
    if not access.may_read_region_figures():
        raise ReportInputError(
            "unit",
            "Kompetensförsörjningsplanen visar hela regionens siffror, och du har behörighet "
            "att läsa siffror bara för dina egna enheter.",
        )
    run = services.latest_run(None)
    if run is None:
        raise ReportInputError("kind", "Regionen har ingen beräknad kompetensförsörjningsplan.")
    plan = run.plan
    hidden = Hidden(f"färre än {display.fewer_than(plan)} personer")
    groups = plan["groups"]
    shown = [group for group in groups if not group.get("suppressed")]
    with translation.override("sv"):
        sections = (
            introduction(run, plan),
            shortage_section(shown),
            supply_section(groups, hidden),
            scenario_section(plan, hidden),
            external_section(groups),
            activities_section(),
        )
    finished = timezone.localdate(run.finished_at) if run.finished_at else None
    return Report(
        kind="supply",
        front=common.front_page(TITLE, f"Hela regionen, basår {run.base_year}"),
        provenance=common.provenance(
            run.source_import,
            f"Planen beräknad {format_date(finished)}, basår {run.base_year}",
        ),
        sections=sections,
        keywords=("kompetensförsörjning", "bristkompetenser"),
    )


def gap_row(group: dict[str, Any], offset: int) -> dict[str, Any]:
    return display.year_row(group, offset) or {}


def percent(fraction: float | None) -> float | None:
    """A relative gap (a fraction, supply-plan.md §3) in percent units for the table."""
    return None if fraction is None else 100 * fraction


def introduction(run: PlanRun, plan: dict[str, Any]) -> Section:
    groups = plan["groups"]
    long = sum(1 for group in groups if group.get("shortage_long"))
    short = sum(1 for group in groups if group.get("shortage_short"))
    hidden = sum(1 for group in groups if group.get("suppressed"))
    return Section(
        "Inledning",
        (
            Paragraph(
                f"Planen skriver fram tillgång och efterfrågan på årsarbetare för "
                f"{len(groups)} kompetenser från basåret {run.base_year} och "
                f"{plan.get('horizon', LONG)} år framåt, med {plan.get('runs', run.runs)} "
                "slumpmässiga körningar för osäkerheten. En kompetens är en bristkompetens när "
                "gapet mellan tillgång och efterfrågan i genomsnitt är större än planens "
                "tröskel (supply-plan.md §3).",
                style="lead",
            ),
            Paragraph(
                f"{short} kompetenser har brist på kort sikt (1–3 år) och {long} på lång sikt "
                f"(4–10 år). {hidden} kompetenser har för få anställda för att visas."
            ),
        ),
    )


def shortage_table(groups: list[dict[str, Any]], flag: str, offset: int, caption: str) -> Table:
    chosen = sorted(
        (group for group in groups if group.get(flag)),
        key=lambda group: (gap_row(group, offset).get("gap") or 0.0, group["group"]),
    )
    return Table(
        caption=caption,
        columns=(
            Column("Kompetens"),
            Column("Årsarbetare basår", "number", 1),
            Column("Efterfrågan basår", "number", 1),
            Column(f"Gap år {offset} (årsarbetare)", "number", 1),
            Column(f"Gap år {offset}", "percent", 1),
        ),
        rows=tuple(
            (
                group["group"],
                gap_row(group, 0).get("fte"),
                gap_row(group, 0).get("demand"),
                gap_row(group, offset).get("gap"),
                percent(gap_row(group, offset).get("rel_gap")),
            )
            for group in chosen
        ),
    )


def shortage_section(shown: list[dict[str, Any]]) -> Section:
    blocks: list[Block] = []
    for flag, offset, caption, term in (
        ("shortage_short", SHORT, "Bristkompetenser på kort sikt (1–3 år)", "kort"),
        ("shortage_long", LONG, "Bristkompetenser på lång sikt (4–10 år)", "lång"),
    ):
        table = shortage_table(shown, flag, offset, caption)
        if table.rows:
            blocks.append(table)
        else:
            blocks.append(Paragraph(f"Ingen kompetens har brist på {term} sikt."))
    return Section("Bristkompetenser", tuple(blocks))


def supply_section(groups: list[dict[str, Any]], hidden: Hidden) -> Section:
    """Every competence's supply, demand and gap; a hidden group's figures stay hidden."""
    rows: list[tuple[Value, ...]] = []
    for group in sorted(groups, key=lambda group: group["group"]):
        if group.get("suppressed"):
            rows.append((group["group"], *([hidden] * 5), "–", "–"))
            continue
        rows.append(
            (
                group["group"],
                gap_row(group, 0).get("fte"),
                gap_row(group, 0).get("demand"),
                gap_row(group, SHORT).get("gap"),
                gap_row(group, LONG).get("gap"),
                percent(gap_row(group, LONG).get("rel_gap")),
                display.shortage_word(group.get("shortage_short")),
                display.shortage_word(group.get("shortage_long")),
            )
        )
    table = Table(
        caption="Tillgång och efterfrågan per kompetens",
        columns=(
            Column("Kompetens"),
            Column("Årsarbetare basår", "number", 1),
            Column("Efterfrågan basår", "number", 1),
            Column(f"Gap år {SHORT} (årsarbetare)", "number", 1),
            Column(f"Gap år {LONG} (årsarbetare)", "number", 1),
            Column(f"Gap år {LONG}", "percent", 1),
            Column("Brist kort sikt"),
            Column("Brist lång sikt"),
        ),
        rows=tuple(rows),
        notes=(
            "Gapet är tillgång minus efterfrågan: ett negativt gap är en brist.",
            f"{hidden.reason.capitalize()}: kompetensen har för få anställda för att visas "
            "(hr-data.md §3.7).",
        ),
    )
    blocks: list[Block] = [table]
    charted = [
        group
        for group in groups
        if not group.get("suppressed")
        and group.get("years")
        and (group.get("shortage_short") or group.get("shortage_long"))
    ]
    for group in charted:
        spec, description = display.supply_demand_figure(group)
        blocks.append(
            Chart(spec, description, caption=f"{group['group']}: tillgång och efterfrågan")
        )
    if not charted:
        blocks.append(Paragraph("Ingen kompetens har brist, så inget diagram visas.", "note"))
    return Section("Tillgång och efterfrågan", tuple(blocks))


def scenario_runs() -> list[tuple[Scenario, PlanRun]]:
    """The region's scenarios with a finished run of their latest version."""
    found = []
    for scenario in Scenario.objects.order_by("name"):
        version = scenario.latest
        run = services.latest_run(None, version) if version else None
        if run is not None:
            found.append((scenario, run))
    return found


def scenario_section(plan: dict[str, Any], hidden: Hidden) -> Section:
    """The base beside each scenario: the gap in year 3 and year 10 per competence, then the
    FTE each scenario's levers close (supply-plan.md §4)."""
    runs = scenario_runs()
    if not runs:
        return Section(
            "Scenarier",
            (Paragraph("Regionen har inga beräknade scenarier; planen visar basen."),),
        )
    results = [("Bas", plan), *((scenario.name, run.plan) for scenario, run in runs)]
    names = sorted({group["group"] for _name, result in results for group in result["groups"]})

    def cell(result: dict[str, Any], name: str, offset: int) -> Value:
        group = display.find_group(result, name)
        if group is not None and group.get("suppressed"):
            return hidden
        return display.gap_at(result, name, offset)

    compared = Table(
        caption="Scenarierna jämförda med basen",
        columns=(
            Column("Kompetens"),
            *(
                Column(f"{label}: gap år {offset}", "number", 1)
                for label, _result in results
                for offset in (SHORT, LONG)
            ),
        ),
        rows=tuple(
            (
                name,
                *(cell(result, name, offset) for _l, result in results for offset in (SHORT, LONG)),
            )
            for name in names
        ),
        notes=("Gap i årsarbetare, tillgång minus efterfrågan.",),
    )
    subsections = []
    for scenario, run in runs:
        levers = display.lever_table(run.plan)
        if not levers:
            continue
        table = Table(
            caption=f"Hävstänger: {scenario.name}",
            columns=(
                Column("Hävstång"),
                Column(f"År {SHORT} (årsarbetare)", "number", 1),
                Column(f"År {LONG} (årsarbetare)", "number", 1),
            ),
            rows=tuple(
                (
                    display.LEVER_LABELS.get(lever["lever"], lever["lever"]),
                    lever["year3"],
                    lever["year10"],
                )
                for lever in levers
            ),
        )
        spec, description = display.lever_figure(levers)
        subsections.append(
            Section(
                f"Hävstänger i scenariot {scenario.name}",
                (
                    Paragraph(
                        "Årsarbetare som varje hävstång sluter av gapet, summerat över "
                        "kompetenserna."
                    ),
                    table,
                    Chart(spec, description, caption=f"Hävstänger: {scenario.name}"),
                ),
            )
        )
    return Section("Scenarier", (compared,), tuple(subsections))


def external_section(groups: list[dict[str, Any]]) -> Section:
    """Arbetsförmedlingen's judgement beside the plan's, where it is loaded (issue 5)."""
    views = external_views([group["group"] for group in groups])
    rows = []
    for group in groups:
        view = views.get(group["group"])
        if view is None:
            continue
        ours = bool(group.get("shortage_short") or group.get("shortage_long"))
        rows.append(
            (
                group["group"],
                view.word,
                f"{view.publisher} {view.round}",
                "–" if group.get("suppressed") else ("Brist" if ours else "Ingen brist"),
                display.disagreement(group.get("shortage_short"), group.get("shortage_long"), view),
            )
        )
    if not rows:
        return Section(
            "Extern bedömning",
            (Paragraph("Ingen extern bedömning (Arbetsförmedlingens yrkesbarometer) är inläst."),),
        )
    return Section(
        "Extern bedömning",
        (
            Table(
                caption="Arbetsförmedlingens bedömning",
                columns=(
                    Column("Kompetens"),
                    Column("Bedömning"),
                    Column("Källa"),
                    Column("Planen"),
                    Column("Kommentar"),
                ),
                rows=tuple(rows),
            ),
        ),
    )


def activities_section() -> Section:
    """The action plan's actions linked to a competence's gap (supplyplan activities)."""
    activities = CompetenceActivity.objects.select_related(
        "action__goal", "action__action_plan__programme"
    ).order_by("group", "action__ref")
    rows = tuple(
        (
            activity.group,
            f"{activity.action.ref} {activity.action.text}",
            activity.action.action_plan.programme.name,
            activity.action.planned_year,
            common.label_sv(ActionStatus, activity.action.status),
            activity.note,
        )
        for activity in activities
    )
    if not rows:
        return Section(
            "Kopplade åtgärder",
            (Paragraph("Ingen åtgärd i handlingsplanen är kopplad till en kompetens ännu."),),
        )
    return Section(
        "Kopplade åtgärder",
        (
            Table(
                caption="Åtgärder kopplade till kompetenser",
                columns=(
                    Column("Kompetens"),
                    Column("Åtgärd"),
                    Column("Program"),
                    Column("Planerat år", "year"),
                    Column("Status"),
                    Column("Anteckning"),
                ),
                rows=rows,
            ),
        ),
    )
