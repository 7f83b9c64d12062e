"""Running the plan from the stored HR data, saving scenarios, and the programme indicator fed
by the plan (issue 5: "the programme indicator … is fed by the plan")."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

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


def test_a_base_year_without_data_is_refused_naming_the_years_covered(stored_region, demo_users):
    """Issue 12: a run for 1990 was accepted and replaced the published plan."""
    assert services.allowed_base_years() == (2023, 2024)
    for year in (1990, 2022, 2025):
        with pytest.raises(ValidationError) as caught:
            services.request_run(demo_users["hrstrateg"], year)
        assert caught.value.message_dict["base_year"] == [
            "HR-data omfattar 2018–2024. En plan behöver data för sitt basår och de 5 åren "
            "före det: välj ett basår från 2023 till 2024."
        ]
    assert not PlanRun.objects.exists()


def test_a_failed_or_empty_run_never_replaces_the_published_plan(stored_region, demo_users):
    published = services.request_run(demo_users["hrstrateg"], 2024, runs=4)
    run_queued_jobs()
    published.refresh_from_db()
    assert services.latest_run() == published
    # An empty run (no one in the stock on the base year's reference date) fails.
    empty = PlanRun.objects.create(base_year=1990, runs=4, requested_by=demo_users["hrstrateg"])
    services.execute_run(empty.pk)
    empty.refresh_from_db()
    assert empty.state == RunState.FAILED
    assert empty.error == (
        "Planen för basåret 1990 har ingen kompetens med siffror: inga anställda i HR-data på "
        "referensdagen, eller för få att visa."
    )
    assert empty.result is None
    assert services.latest_run() == published
    assert services.long_term_shortage_counts() == {
        2024: published.plan["long_term_shortage_count"]
    }


def test_after_a_new_import_the_plan_says_it_is_older_and_offers_a_run(
    client_as, stored_region, synthetic_tables, demo_users
):
    from attraktiv.datasets.services import store_dataset

    run = services.request_run(demo_users["hrstrateg"], 2024, runs=4)
    run_queued_jobs()
    run.refresh_from_db()
    assert services.newer_import(run) is None
    page = client_as("hrstrateg").get("/kompetensforsorjning/").content.decode()
    assert "Planen är beräknad på data" not in page
    newer = store_dataset(synthetic_tables)
    assert services.newer_import(run) == newer
    page = client_as("hrstrateg").get("/kompetensforsorjning/").content.decode()
    assert stored_region.finished_at and newer.finished_at
    computed = timezone.localdate(stored_region.finished_at).isoformat()
    imported = timezone.localdate(newer.finished_at).isoformat()
    assert f"Planen är beräknad på data inlästa {computed}; nya data lästes in {imported}." in page
    assert "Beräkna planen igen nedan" in page and '<details class="panel" open>' in page


def test_the_migration_fails_an_empty_run_stored_as_done(stored_region, demo_users):
    """The 1990 run of issue 12, stored as done before the fix, stops being the plan."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("attraktiv.supplyplan.migrations.0002_fail_empty_runs")
    empty = {"groups": [{"group": "Sjuksköterska", "suppressed": True, "years": []}]}
    stored = PlanRun.objects.create(base_year=1990, state=RunState.DONE, result=empty)
    migration.fail_empty_runs(apps, None)
    stored.refresh_from_db()
    assert stored.state == RunState.FAILED and "basåret 1990" in stored.error
    assert services.latest_run() is None
