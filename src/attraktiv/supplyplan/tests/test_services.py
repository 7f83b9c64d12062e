"""Running the plan from the stored HR data, saving scenarios, and the programme indicator fed
by the plan (issue 5: "the programme indicator … is fed by the plan")."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.programmes.models import Indicator
from attraktiv.programmes.services import indicator_series
from attraktiv.supply.plan import compute_plan
from attraktiv.supplyplan import services
from attraktiv.supplyplan.models import PlanRun, RunState, ScenarioVersion

# ADBC reads committed data only: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO = """\
name = "Senare pension"
base_year = 2024
horizon = 10

[defaults]
retirement_age_shift = 2.4
"""


def run_queued_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def test_a_run_from_the_stored_data_equals_the_engine_on_the_files(
    stored_region, synthetic_tables, demo_users
):
    run = services.request_run(demo_users["hrstrateg"], 2024, runs=100)
    assert run.state == RunState.QUEUED
    run_queued_jobs()
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.progress == 1.0
    # The stored data, read back through ADBC, give the same plan as the files.
    expected = compute_plan(synthetic_tables, 2024, runs=100)
    assert run.plan["long_term_shortage_count"] == expected["long_term_shortage_count"]
    stored = {group["group"]: group["years"] for group in run.plan["groups"]}
    assert stored == {group["group"]: group["years"] for group in expected["groups"]}
    assert services.latest_run() == run


def test_the_programme_indicator_is_fed_by_the_plan(stored_region, demo_users):
    load_demo_programmes()
    indicator = Indicator.objects.get(name="Antal bristkompetenser på lång sikt (4–10 år)")
    assert indicator_series(indicator).total == ()
    run = services.request_run(demo_users["hrstrateg"], 2024, runs=4)
    run_queued_jobs()
    run.refresh_from_db()
    count = run.plan["long_term_shortage_count"]
    assert [(o.year, o.value) for o in indicator_series(indicator).total] == [(2024, count)]
    # A scenario's run does not feed it: only the region's base plan does.
    version = services.save_scenario(demo_users["hrstrateg"], "Senare pension", SCENARIO)
    services.request_run(demo_users["hrstrateg"], 2024, scenario_version=version, runs=4)
    run_queued_jobs()
    assert [(o.year, o.value) for o in indicator_series(indicator).total] == [(2024, count)]


def test_only_hr_strategists_run_the_plan_or_save_scenarios(stored_region, demo_users):
    for username in ("chef", "forvaltningshr", "lasare"):
        with pytest.raises(PermissionDenied):
            services.request_run(demo_users[username], 2024)
        with pytest.raises(PermissionDenied):
            services.save_scenario(demo_users[username], "X", SCENARIO)
    assert not PlanRun.objects.exists()


def test_scenarios_are_versioned_and_a_bad_file_stores_nothing(demo_users):
    user = demo_users["hrstrateg"]
    first = services.save_scenario(user, "Senare pension", SCENARIO, note="första")
    second = services.save_scenario(user, "Senare pension", SCENARIO.replace("2.4", "3.0"))
    assert (first.number, second.number) == (1, 2)
    assert second.scenario.latest == second
    with pytest.raises(ValidationError) as caught:
        services.save_scenario(user, "Fel", SCENARIO.replace("horizon = 10", "horisont = 10"))
    assert any("Fel.toml:3" in problem for problem in caught.value.message_dict["toml"])
    assert ScenarioVersion.objects.count() == 2


def test_without_hr_data_there_is_nothing_to_run(demo_users):
    with pytest.raises(ValidationError) as caught:
        services.request_run(demo_users["hrstrateg"], 2024)
    assert "base_year" in caught.value.message_dict
    assert not PlanRun.objects.exists()


def test_a_failed_run_keeps_the_reason(stored_region, demo_users):
    version = services.save_scenario(demo_users["hrstrateg"], "Senare pension", SCENARIO)
    # A version changed behind the services' back no longer reads.
    ScenarioVersion.objects.filter(pk=version.pk).update(toml="name = 1")
    run = services.request_run(demo_users["hrstrateg"], 2024, scenario_version=version, runs=4)
    run_queued_jobs()
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert run.error.startswith("ScenarioError")
