"""Programmes as data (issue 4, item 9): the file format, its checks with line numbers, and the
round trip through ``attraktiv programme export`` and ``import``."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from attraktiv.actionplans.models import Action
from attraktiv.audits.models import Audit
from attraktiv.core.management.commands.demo import DEMO_PROGRAMMES, load_demo_programmes
from attraktiv.programmes.models import Indicator, Programme
from attraktiv.programmes.planfile import (
    PlanFileError,
    dump,
    export_programme,
    read_programme_file,
    store_programme,
)

pytestmark = pytest.mark.django_db

SMALL = """\
format: attraktiv-programme/1
programme:
  code: litet
  name: Litet program
  first_year: 2024
  last_year: 2026
responsible:
  - code: CHR
    name: Centrum för HR
    units: [RK-CHR]
areas:
  - name: Hälsa
    goals:
      - ref: "1"
        text: Friska medarbetare
        indicators:
          - ref: "1.1"
            name: Korttidssjukfrånvaro
            unit: "%"
            direction: down
            baseline: {value: 3.6, date: 2023-12-31}
            targets: {2026: 3.0}
            source: {kind: engine, kpi: sick_leave_day1_14}
action_plan:
  name: Handlingsplan
  actions:
    - ref: A1
      goal: "1"
      text: Införa ROA
      responsible: [CHR]
      planned_year: 2025
"""


def write(tmp_path, text: str, name: str = "program.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        read_programme_file(path)
    return caught.value.problems


def test_a_small_file_is_stored(region, tmp_path):
    programme = store_programme(read_programme_file(write(tmp_path, SMALL)))
    indicator = Indicator.objects.get(goal__area__programme=programme)
    assert indicator.kpi == "sick_leave_day1_14"
    assert [t.year for t in indicator.targets.all()] == [2026]
    assert Action.objects.get(ref="A1").responsible.get().units.get().unit_id == "RK-CHR"


def test_every_problem_is_named_with_its_line_and_nothing_is_stored(region, tmp_path):
    bad = (
        SMALL.replace("direction: down", "direction: sideways")  # line 20
        .replace("kpi: sick_leave_day1_14", "kpi: sick_days")  # line 23
        .replace('goal: "1"', 'goal: "9"')  # line 28
        .replace("planned_year: 2025", "planned_year: soon")  # line 31
    )
    problems = problems_of(write(tmp_path, bad))
    assert problems == [
        "program.yaml:20: areas[1].goals[1].indicators[1].direction: ”sideways” är inte ett av: "
        "up, down",
        "program.yaml:23: areas[1].goals[1].indicators[1].source.kpi: ”sick_days” är inget "
        "nyckeltal i hr-data.md §3",
        "program.yaml:28: action_plan.actions[1].goal: inget mål har ref ”9”",
        "program.yaml:31: action_plan.actions[1].planned_year: ska vara ett år 1900–2100, inte "
        "”soon”",
    ]
    assert not Programme.objects.exists()


def test_unknown_units_parties_and_keys_are_reported(region, tmp_path):
    bad = (
        SMALL.replace("units: [RK-CHR]", "units: [NOWHERE]")
        .replace("responsible: [CHR]", "responsible: [CHR, HR]")
        .replace("  name: Litet program\n", "  name: Litet program\n  colour: blue\n")
    )
    problems = problems_of(write(tmp_path, bad))
    # The inserted key moves every later line down by one.
    assert problems == [
        "program.yaml:5: programme: okänd nyckel ”colour”",
        "program.yaml:11: responsible[1].units: enheten ”NOWHERE” finns inte i organisationsträdet",
        "program.yaml:31: action_plan.actions[1].responsible: ”HR” finns inte under responsible",
    ]


def test_broken_yaml_names_its_line(region, tmp_path):
    problems = problems_of(write(tmp_path, SMALL.replace("  name: Handlingsplan", "  name: [")))
    # The parser notices the unclosed list where the next item starts.
    assert problems == [
        "program.yaml:27: fil: filen är inte giltig YAML eller JSON: här ska ett värde stå; "
        "kontrollera att varje [ och { avslutas"
    ]


def test_a_stored_code_is_refused_unless_replaced(region, tmp_path):
    path = write(tmp_path, SMALL)
    store_programme(read_programme_file(path))
    assert problems_of(path) == [
        "program.yaml:2: programme.code: ett program med koden ”litet” finns redan"
    ]
    store_programme(read_programme_file(path, replace=True))
    assert Programme.objects.count() == 1


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_the_demo_programmes_survive_a_round_trip(region, tmp_path, file_format):
    load_demo_programmes()
    for programme in Programme.objects.all():
        exported = export_programme(programme)
        path = write(tmp_path, dump(exported, file_format), f"{programme.code}.{file_format}")
        store_programme(read_programme_file(path, replace=True))
        again = export_programme(Programme.objects.get(code=programme.code))
        assert json.loads(dump(again, "json")) == json.loads(dump(exported, "json"))
    assert Audit.objects.count() == 1


def test_the_export_says_what_the_demo_file_says(region):
    """Exporting the loaded 2023–2027 programme gives back the demo file's content."""
    load_demo_programmes()
    source = next(p for p in DEMO_PROGRAMMES if "2023" in p.name)
    written = yaml.safe_load(source.read_text(encoding="utf-8"))
    exported = export_programme(Programme.objects.get(code="pa-program-2027"))
    assert json.loads(dump(exported, "json"))["areas"] == json.loads(dump(written, "json"))["areas"]
    assert [a["ref"] for a in exported["action_plan"]["actions"]] == [
        a["ref"] for a in written["action_plan"]["actions"]
    ]


def test_the_command_exports_with_values_and_imports(region, tmp_path):
    load_demo_programmes()
    out = StringIO()
    call_command(
        "programme", "export", "pa-program-2027", "--format", "json", "--with-values", stdout=out
    )
    data = json.loads(out.getvalue())
    first = data["areas"][0]["goals"][0]["indicators"][1]
    assert first["name"] == "Genomsnittlig pensionsålder på regionnivå"
    assert first["latest"]["status"] == "not_measured"
    path = write(tmp_path, SMALL)
    out = StringIO()
    call_command("programme", "import", str(path), stdout=out)
    assert "Sparade Litet program" in out.getvalue()


def test_the_command_exits_2_with_the_problems(region, tmp_path):
    path = write(tmp_path, SMALL.replace("first_year: 2024", "first_year: last year"))
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("programme", "import", str(path), stderr=err)
    assert exit_.value.code == 2
    assert (
        "program.yaml:5: programme.first_year: ska vara ett år 1900–2100, inte ”last year”"
        in err.getvalue()
    )
    assert "1 fel: inget har sparats." in err.getvalue()
    assert not Programme.objects.filter(code="litet").exists()


def test_an_indicators_own_parameters_are_checked(region, tmp_path):
    own = SMALL.replace(
        "source: {kind: engine, kpi: sick_leave_day1_14}",
        "source: {kind: engine, kpi: sick_leave_day1_14, params: {relapse_days: 3}}",
    )
    programme = store_programme(read_programme_file(write(tmp_path, own)))
    indicator = Indicator.objects.get(goal__area__programme=programme)
    assert indicator.measurement_kpi == "sick_leave_day1_14?relapse_days=3"
    lowered = SMALL.replace(
        "source: {kind: engine, kpi: sick_leave_day1_14}",
        "source: {kind: engine, kpi: sick_leave_day1_14, params: {min_persons: 3}}",
    ).replace("code: litet", "code: annat")
    assert problems_of(write(tmp_path, lowered)) == [
        "program.yaml:23: areas[1].goals[1].indicators[1].source.params: parametern min_persons "
        "får inte vara lägre än 10 (§3.7)"
    ]


def test_a_revised_plan_survives_a_round_trip(region, demo_users, tmp_path):
    """Approved versions are exported with their numbers and read back (a number is a
    count, not a year)."""
    from attraktiv.actionplans.models import PlanVersion
    from attraktiv.actionplans.services import approve_revision

    load_demo_programmes()
    programme = Programme.objects.get(code="pa-program-2027")
    approve_revision(
        demo_users["hrstrateg"],
        programme.action_plan,
        2024,
        datetime.date(2024, 3, 12),
        "Regionstyrelsen § 41",
        "RV240012",
    )
    exported = export_programme(programme)
    # Version 1 is the plan as the board decided it (the demo's file); this is version 2.
    assert [v["number"] for v in exported["action_plan"]["versions"]] == [1, 2]
    path = write(tmp_path, dump(exported, "yaml"), "program.yaml")
    store_programme(read_programme_file(path, replace=True))
    again = export_programme(Programme.objects.get(code="pa-program-2027"))
    assert json.loads(dump(again, "json")) == json.loads(dump(exported, "json"))
    assert PlanVersion.objects.get(number=2).diarienummer == "RV240012"
