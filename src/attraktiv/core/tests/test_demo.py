"""``attraktiv demo`` (issue 6, item 3): generates, imports and computes the demo region,
loads the seed programmes, runs the supply plan and creates one user per role; twice is once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from attraktiv.accounts.access import Capability, access_for
from attraktiv.datasets.models import ImportRecord
from attraktiv.followups.models import FollowUpRound, RoundState
from attraktiv.measurements.models import Measurement
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Programme
from attraktiv.supplyplan.models import PlanRun, RunState

SMALL = ["--employees", "400", "--years", "2019-2022", "--runs", "10"]


def state() -> dict[str, object]:
    return {
        "imports": list(ImportRecord.objects.values_list("pk", flat=True)),
        "measurements": Measurement.objects.count(),
        "programmes": sorted(Programme.objects.values_list("code", flat=True)),
        "programme_pks": sorted(Programme.objects.values_list("pk", flat=True)),
        "rounds": list(FollowUpRound.objects.values_list("pk", "name", "state")),
        "runs": list(PlanRun.objects.values_list("pk", "state", "base_year")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "units": Unit.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_demo_loads_everything_and_a_second_run_changes_nothing(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", *SMALL, stdout=out)
    text = out.getvalue()
    folder = tmp_path / "demo-data" / "400-2019-2022-2021"
    assert (folder / "employments.csv").exists()
    record = ImportRecord.objects.get()
    assert (record.first_year, record.last_year) == (2019, 2022)
    assert Measurement.objects.filter(source_import=record, kpi="sick_leave_total").exists()
    assert Programme.objects.exists()
    run = PlanRun.objects.get()
    assert (run.state, run.base_year, run.unit, run.source_import) == (
        RunState.DONE,
        2022,
        None,
        record,
    )
    assert run.result
    # An open round of the current programme for the last year, for Förvaltnings-HR to report.
    round = FollowUpRound.objects.get(name="Uppföljning 2022")
    assert (round.programme.code, round.state) == ("pa-program-2027", RoundState.OPEN)
    for username in ["admin", "hrstrateg", "forvaltningshr", "chef", "lasare"]:
        assert username in text
    # Each demo user holds its role in the generated region's units: the Chef sees its own
    # verksamhet and the workplaces under it, nothing else.
    chef = get_user_model().objects.get(username="chef")
    assert chef.check_password("attraktiv-demo")
    seen = {unit.unit_id for unit in access_for(chef).units(Capability.VIEW_FIGURES)}
    assert "PV-NORR" in seen and len(seen) > 1
    assert all(unit_id.startswith("PV-NORR") for unit_id in seen)
    assert "2019–2022" in text

    client = Client()
    client.force_login(get_user_model().objects.get(username="hrstrateg"))
    start = " ".join(client.get("/").content.decode().split())
    shortages = run.plan["long_term_shortage_count"]
    assert f"{shortages} kompetenser med brist på lång sikt (4–10 år efter 2022)" in start
    assert "HR-data</strong></a>: 2019–2022, importerad" in start

    before = state()
    generated = (folder / "employments.csv").stat().st_mtime_ns
    again = StringIO()
    call_command("demo", *SMALL, stdout=again)
    assert state() == before
    assert (folder / "employments.csv").stat().st_mtime_ns == generated
    assert "already" in again.getvalue()


def test_generate_writes_a_data_set(tmp_path):
    out = StringIO()
    call_command(
        "demo",
        "generate",
        str(tmp_path / "out"),
        "--employees",
        "100",
        "--years",
        "2024-2025",
        stdout=out,
    )
    assert (tmp_path / "out" / "units.csv").exists()
    assert "100 employees" in out.getvalue()


def test_bad_years_are_refused(tmp_path):
    with pytest.raises(CommandError, match="--years"):
        call_command("demo", "generate", str(tmp_path), "--years", "2025-2017")


@pytest.mark.django_db
def test_the_demo_refuses_a_site_served_beyond_the_loopback_address(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SITE_ROOT = "https://hr.region.example"
    with pytest.raises(CommandError, match=r"127\.0\.0\.1"):
        call_command("demo", *SMALL)
    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-data").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_leaves_hr_data_that_did_not_come_from_it(settings, tmp_path):
    """Issue 12: the demo imported its region over a data set imported by someone else (and
    ``make run`` ran the demo before serving). It now changes nothing, says why, and returns
    without an error, so that ``make run`` goes on to serve those data."""
    from attraktiv.datasets.services import store_dataset
    from attraktiv.hrdata.reader import read_dataset

    settings.VAR_DIR = tmp_path
    own = tmp_path / "own"
    call_command("demo", "generate", str(own), "--employees", "60", "--years", "2021-2022")
    theirs = store_dataset(read_dataset(own, pseudonym_key=settings.PSEUDONYM_KEY).tables)
    units = sorted(Unit.objects.values_list("unit_id", "name"))
    err = StringIO()
    call_command("demo", *SMALL, stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"The stored HR data (import {theirs.pk}, 2021–2022, ")
    assert "did not come from the demo: the demo leaves them as they are" in err.getvalue()
    assert not get_user_model().objects.exists()
    assert not Programme.objects.exists()
    assert list(ImportRecord.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert sorted(Unit.objects.values_list("unit_id", "name")) == units
    assert not (tmp_path / "demo-data").exists()
