"""The competence supply plan paper (issue 13, ``supply``) built from the demo's published
plan: shortages at both horizons, supply against demand with the plan's hidden groups still
hidden, Arbetsförmedlingen's view where loaded, linked actions; region figures only."""

from __future__ import annotations

from pathlib import Path

import pytest

from attraktiv.actionplans.models import Action
from attraktiv.reports.content import Chart, Hidden, Report, Table
from attraktiv.reports.kinds import ReportInputError, ReportInputs, build
from attraktiv.supplyplan import display, services
from attraktiv.supplyplan.models import PlanRun

pytestmark = pytest.mark.django_db

YRKESBAROMETER = (
    Path(__file__).resolve().parents[4]
    / "tests"
    / "fixtures"
    / "external"
    / "af_yrkesbarometer"
    / "yrkesbarometer_2026-1_riket_halso_sjukvard.csv"
)


def supply(demo, username: str = "hrstrateg") -> Report:
    return build(ReportInputs(kind="supply"), demo.access(username))


def tables(report: Report) -> dict[str, Table]:
    return {table.caption: table for table in report.tables()}


def with_shortages() -> PlanRun:
    """The demo's small region projects no shortage: flag one competence in the short and one
    in the long term in the published run's stored result, with its gaps as computed."""
    run = services.latest_run(None)
    assert run is not None
    result = run.plan
    shown = [group for group in result["groups"] if not group.get("suppressed")]
    shown[0]["shortage_short"] = True
    shown[1]["shortage_long"] = True
    run.result = result
    run.save(update_fields=["result"])
    return run


def test_the_plan_lists_shortages_at_both_horizons_and_supply_against_demand(demo):
    run = with_shortages()
    groups = run.plan["groups"]
    shown = [group for group in groups if not group.get("suppressed")]
    report = supply(demo)
    assert report.front.title == "Kompetensförsörjningsplan"
    assert report.front.subtitle == f"Hela regionen, basår {run.base_year}"
    found = tables(report)
    short = found["Bristkompetenser på kort sikt (1–3 år)"]
    long = found["Bristkompetenser på lång sikt (4–10 år)"]
    assert [row[0] for row in short.rows] == [shown[0]["group"]]
    assert [row[0] for row in long.rows] == [shown[1]["group"]]
    assert short.rows[0][3] == display.gap_at(run.plan, shown[0]["group"], 3)
    assert long.rows[0][3] == display.gap_at(run.plan, shown[1]["group"], 10)
    assert long.rows[0][4] == pytest.approx(100 * shown[1]["years"][10]["rel_gap"])

    overview = found["Tillgång och efterfrågan per kompetens"]
    assert len(overview.rows) == len(groups)
    hidden_groups = {group["group"] for group in groups if group.get("suppressed")}
    assert hidden_groups
    for row in overview.rows:
        if row[0] in hidden_groups:
            assert all(isinstance(cell, Hidden) for cell in row[1:6])
            assert row[1].reason == "färre än 11 personer"  # type: ignore[union-attr]
        else:
            assert not any(isinstance(cell, Hidden) for cell in row)
    # One chart per competence in shortage, the competence page's own spec.
    drawn = list(report.charts())
    assert [chart.spec for chart in drawn] == [
        display.supply_demand_figure(group)[0] for group in shown[:2]
    ]
    assert all(isinstance(chart, Chart) and chart.alt_text for chart in drawn)


def test_external_view_and_linked_actions_are_in_the_paper(demo):
    from attraktiv.forecasts.services import import_yrkesbarometer, load_links

    strategist = demo.users["hrstrateg"]
    import_yrkesbarometer(strategist, YRKESBAROMETER)
    load_links(strategist)
    action = Action.objects.filter(action_plan__programme__code="pa-program-2027")[0]
    services.link_activity(strategist, "Sjuksköterska", action, "Fler VFU-platser")
    found = tables(supply(demo))
    external = found["Arbetsförmedlingens bedömning"]
    by_group = {row[0]: row for row in external.rows}
    assert by_group["Sjuksköterska"][1] == "Brist"
    linked = found["Åtgärder kopplade till kompetenser"]
    assert linked.rows == (
        (
            "Sjuksköterska",
            f"{action.ref} {action.text}",
            action.action_plan.programme.name,
            action.planned_year,
            linked.rows[0][4],
            "Fler VFU-platser",
        ),
    )


@pytest.mark.parametrize("username", ["chef", "forvaltningshr", "lasare"])
def test_users_without_the_regions_figures_are_refused(demo, username):
    with pytest.raises(ReportInputError) as error:
        supply(demo, username)
    assert error.value.field == "unit"
    assert "hela regionens siffror" in error.value.message


SCENARIO = """\
name = "Senare pension"
base_year = 2022
horizon = 10

[defaults]
retirement_age_shift = 2.4
"""


def test_the_scenarios_are_compared_with_the_base_and_their_levers_attributed(demo):
    strategist = demo.users["hrstrateg"]
    version = services.save_scenario(strategist, "Senare pension", SCENARIO)
    # Created and run as the demo runs its base (the small demo has fewer history years than
    # request_run asks of a new run).
    queued = PlanRun.objects.create(
        base_year=2022, runs=4, scenario_version=version, requested_by=strategist
    )
    scenario_run = services.execute_run(queued.pk)
    base = services.latest_run(None)
    assert base is not None and scenario_run.result is not None
    report = supply(demo)
    found = tables(report)
    compared = found["Scenarierna jämförda med basen"]
    assert [column.title for column in compared.columns] == [
        "Kompetens",
        "Bas: gap år 3",
        "Bas: gap år 10",
        "Senare pension: gap år 3",
        "Senare pension: gap år 10",
    ]
    for row in compared.rows:
        group = display.find_group(scenario_run.plan, str(row[0]))
        if group is not None and group.get("suppressed"):
            assert isinstance(row[3], Hidden) and isinstance(row[4], Hidden)
        else:
            assert row[1:] == (
                display.gap_at(base.plan, str(row[0]), 3),
                display.gap_at(base.plan, str(row[0]), 10),
                display.gap_at(scenario_run.plan, str(row[0]), 3),
                display.gap_at(scenario_run.plan, str(row[0]), 10),
            )
    levers = found["Hävstänger: Senare pension"]
    expected = display.lever_table(scenario_run.plan)
    assert [row[1:] for row in levers.rows] == [
        (lever["year3"], lever["year10"]) for lever in expected
    ]
    assert levers.rows[0][0] in display.LEVER_LABELS.values()
    assert any(chart.spec == display.lever_figure(expected)[0] for chart in report.charts())
