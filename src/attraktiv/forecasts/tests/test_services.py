"""Storing Yrkesbarometer rounds, linking AF occupations to our competences, the most-severe
rule of the external view, the default mapping, permissions and the command (issue 5, item 4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from attraktiv.core.history import history_entries
from attraktiv.forecasts import services
from attraktiv.forecasts.models import LabourMarketAssessment, OccupationLink
from attraktiv.forecasts.tests.helpers import sample_records, write_csv, write_json
from attraktiv.organisation.models import OccupationGroup

pytestmark = pytest.mark.django_db


def view_of(group: OccupationGroup | str, region_code: str = "00") -> services.ExternalView:
    view = services.external_view(group, region_code=region_code)
    assert view is not None
    return view


def situation(occupation: str, round_name: str = "2026-1") -> str:
    return LabourMarketAssessment.objects.get(
        round=round_name, region_code="00", occupation=occupation
    ).recruitment_situation


# ---- import ------------------------------------------------------------------------------------


def test_an_hr_strategist_imports_the_sample(sample, demo_users):
    result = services.import_yrkesbarometer(demo_users["hrstrateg"], sample)
    assert (result.rounds, result.rows, result.replaced) == (("2026-1",), 28, 0)
    assert LabourMarketAssessment.objects.count() == 28
    stored = LabourMarketAssessment.objects.get(occupation="Grundutbildade sjuksköterskor")
    assert stored.source == "Arbetsförmedlingen Yrkesbarometer"
    assert (stored.round, stored.region_code, stored.recruitment_situation) == (
        "2026-1",
        "00",
        "brist",
    )
    assert stored.get_recruitment_situation_display() == "Brist"
    assert stored.imported_by == demo_users["hrstrateg"]
    assert stored.line == 9
    assert situation("Barnmorskor") == "paradox"
    assert situation("Psykologer") == "balans"


def test_a_reimport_of_the_round_replaces_it_and_keeps_other_rounds(sample, demo_users, tmp_path):
    user = demo_users["hrstrateg"]
    older = [
        dict(record, omgang="2025-2", rekryteringssituation="balans") for record in sample_records()
    ]
    services.import_yrkesbarometer(user, write_csv(tmp_path / "2025-2.csv", older))
    services.import_yrkesbarometer(user, sample)
    # AF revises the round: Psykologer now brist, and Vårdbiträden is left out.
    revised = [
        dict(record, rekryteringssituation="brist") if record["yb_yrke"] == "Psykologer" else record
        for record in sample_records()
        if record["yb_yrke"] != "Vårdbiträden"
    ]
    result = services.import_yrkesbarometer(user, write_json(tmp_path / "revised.json", revised))
    assert (result.rows, result.replaced) == (27, 28)
    assert LabourMarketAssessment.objects.filter(round="2026-1").count() == 27
    assert situation("Psykologer") == "brist"
    assert not LabourMarketAssessment.objects.filter(round="2026-1", occupation="Vårdbiträden")
    assert LabourMarketAssessment.objects.filter(round="2025-2").count() == 28


def test_a_bad_file_stores_nothing_and_keeps_the_stored_round(sample, demo_users, tmp_path):
    user = demo_users["hrstrateg"]
    services.import_yrkesbarometer(user, sample)
    records = [dict(record, rekryteringssituation="balans") for record in sample_records()]
    records[27]["rekryteringssituation"] = "??"
    with pytest.raises(services.YrkesbarometerError) as caught:
        services.import_yrkesbarometer(user, write_csv(tmp_path / "yb.csv", records))
    assert caught.value.problems[0].startswith("yb.csv:29: rekryteringssituation: ")
    assert LabourMarketAssessment.objects.count() == 28
    assert situation("Grundutbildade sjuksköterskor") == "brist"


@pytest.mark.parametrize("username", ["chef", "forvaltningshr", "lasare"])
def test_only_region_wide_importers_may_import(sample, demo_users, username):
    with pytest.raises(PermissionDenied):
        services.import_yrkesbarometer(demo_users[username], sample)
    assert not LabourMarketAssessment.objects.exists()


# ---- links and the external view --------------------------------------------------------------


@pytest.fixture
def imported(sample, demo_users):
    services.import_yrkesbarometer(demo_users["hrstrateg"], sample)


def test_a_link_is_kept_with_its_history_and_removed_again(imported, demo_users, competences):
    user = demo_users["hrstrateg"]
    nurse = competences["Sjuksköterska"]
    link = services.link_occupation(user, "Grundutbildade sjuksköterskor", nurse)
    with pytest.raises(ValidationError):
        services.link_occupation(user, "Grundutbildade sjuksköterskor", nurse)
    history = history_entries(link)
    assert [(entry.what, entry.who) for entry in history] == [("created", "Hanna Strateg")]
    assert services.unlink_occupation(user, "Grundutbildade sjuksköterskor", nurse) is True
    assert services.unlink_occupation(user, "Grundutbildade sjuksköterskor", nurse) is False
    assert not OccupationLink.objects.exists()
    records = OccupationLink.history.order_by("history_date")
    assert [(r.history_type, r.history_user) for r in records] == [("+", user), ("-", user)]


def test_the_external_view_of_a_competence_with_one_occupation(imported, demo_users, competences):
    services.link_occupation(
        demo_users["hrstrateg"], "Grundutbildade sjuksköterskor", competences["Sjuksköterska"]
    )
    view = services.external_view(competences["Sjuksköterska"])
    assert view is not None
    assert (view.round, view.situation, view.occupations) == (
        "2026-1",
        "brist",
        ("Grundutbildade sjuksköterskor",),
    )
    assert view.is_shortage
    assert str(view) == "Arbetsförmedlingen 2026-1: Brist (Grundutbildade sjuksköterskor)"
    # By name too, as the supply plan asks; a competence without links has no view.
    assert services.external_view("Sjuksköterska") == view
    assert services.external_view(competences["Psykolog"]) is None
    assert services.external_view("Ingen sådan kompetens") is None


def test_the_most_severe_judgement_wins_and_every_occupation_is_listed(
    imported, demo_users, competences
):
    user = demo_users["hrstrateg"]
    group = competences["Undersköterska"]
    for occupation in (
        "Vårdbiträden",  # överskott
        "Undersköterskor inom vård- och specialavdelningar och mottagningar",  # balans
    ):
        services.link_occupation(user, occupation, group)
    view = services.external_view(group)
    assert view is not None and (view.situation, view.word) == ("balans", "Balans")
    assert not view.is_shortage
    services.link_occupation(user, "Barnmorskor", group)  # paradox
    assert view_of(group).situation == "paradox"
    services.link_occupation(user, "Tandsköterskor", group)  # brist
    view = view_of(group)
    assert view.situation == "brist"
    assert [(item.occupation, item.situation) for item in view.judgements] == [
        ("Tandsköterskor", "brist"),
        ("Barnmorskor", "paradox"),
        ("Undersköterskor inom vård- och specialavdelningar och mottagningar", "balans"),
        ("Vårdbiträden", "överskott"),
    ]
    assert str(view) == (
        "Arbetsförmedlingen 2026-1: Brist (Tandsköterskor: Brist; Barnmorskor: Paradox;"
        " Undersköterskor inom vård- och specialavdelningar och mottagningar: Balans;"
        " Vårdbiträden: Överskott)"
    )


def test_one_occupation_speaks_for_several_competences(imported, demo_users, competences):
    user = demo_users["hrstrateg"]
    for name in ("Specialistläkare", "Specialistläkare allmänmedicin"):
        services.link_occupation(user, "Specialistläkare", competences[name])
    views = services.external_views(
        ["Specialistläkare", "Specialistläkare allmänmedicin", "Psykolog"]
    )
    assert set(views) == {"Specialistläkare", "Specialistläkare allmänmedicin"}
    assert {view.situation for view in views.values()} == {"brist"}


def test_the_latest_round_decides(imported, demo_users, competences, tmp_path):
    user = demo_users["hrstrateg"]
    services.link_occupation(user, "Psykologer", competences["Psykolog"])
    older = [
        dict(record, omgang="2025-2", rekryteringssituation="brist") for record in sample_records()
    ]
    services.import_yrkesbarometer(user, write_csv(tmp_path / "older.csv", older))
    view = view_of("Psykolog")
    assert (view.round, view.situation) == ("2026-1", "balans")
    # A county's own judgement, when the file has it, is asked for by its code.
    # (The file is the whole round: the national rows and the county's.)
    county = [dict(sample_records()[12], lan="24", rekryteringssituation="brist")]
    both = sample_records() + county
    services.import_yrkesbarometer(user, write_csv(tmp_path / "ac.csv", both))
    assert view_of("Psykolog").situation == "balans"
    view = view_of("Psykolog", region_code="24")
    assert str(view) == "Arbetsförmedlingen 2026-1, Västerbottens län: Brist (Psykologer)"


@pytest.mark.parametrize("username", ["chef", "forvaltningshr", "lasare"])
def test_only_plan_editors_may_link(imported, demo_users, competences, username):
    nurse = competences["Sjuksköterska"]
    with pytest.raises(PermissionDenied):
        services.link_occupation(demo_users[username], "Grundutbildade sjuksköterskor", nurse)
    services.link_occupation(demo_users["hrstrateg"], "Grundutbildade sjuksköterskor", nurse)
    with pytest.raises(PermissionDenied):
        services.unlink_occupation(demo_users[username], "Grundutbildade sjuksköterskor", nurse)
    with pytest.raises(PermissionDenied):
        services.load_links(demo_users[username])
    assert OccupationLink.objects.count() == 1


# ---- the default mapping ----------------------------------------------------------------------


def test_the_default_mapping_links_the_sample_to_the_synthetic_competences(
    imported, demo_users, competences
):
    result = services.load_links(demo_users["hrstrateg"])
    assert result.missing_groups == ()
    pairs = set(OccupationLink.objects.values_list("af_occupation", "group__name"))
    assert len(pairs) == len(result.created) == 26
    assert ("Grundutbildade sjuksköterskor", "Sjuksköterska") in pairs
    assert ("Barnmorskor", "Barnmorska") in pairs
    assert ("Sjuksköterskor inom akutsjukvård", "Intensivvårdssjuksköterska") in pairs
    assert not OccupationLink.objects.filter(af_occupation__in=["Veterinärer", "Optiker"])
    # Every AF occupation in the mapping is one of the sample's.
    sample_names = {record["yb_yrke"] for record in sample_records()}
    assert {occupation for occupation, _group in pairs} <= sample_names
    # Loading again adds nothing.
    again = services.load_links(demo_users["hrstrateg"])
    assert (len(again.created), again.existing) == (0, 26)
    assert str(services.external_view("Barnmorska")) == (
        "Arbetsförmedlingen 2026-1: Paradox (Barnmorskor)"
    )


def test_the_default_mapping_links_only_competences_that_exist(demo_users, db):
    OccupationGroup.objects.create(name="Barnmorska")
    result = services.load_links(demo_users["hrstrateg"])
    assert [pair for pair in result.created] == [("Barnmorskor", "Barnmorska")]
    assert "Sjuksköterska" in result.missing_groups
    assert OccupationLink.objects.count() == 1


def test_a_bad_link_file_names_its_line(tmp_path, demo_users):
    path = tmp_path / "links.toml"
    path.write_text('[links]\n"Barnmorskor" = "Barnmorska"\n"Psykologer" = 3\n', encoding="utf-8")
    with pytest.raises(services.LinkFileError) as caught:
        services.load_links(demo_users["hrstrateg"], path)
    assert caught.value.problems == [
        f"links.toml:3: Psykologer: {caught.value.problems[0].split(': ', 2)[2]}"
    ]
    assert not OccupationLink.objects.exists()


def test_a_vanished_competence_takes_its_links_along(imported, demo_users, competences):
    services.link_occupation(demo_users["hrstrateg"], "Barnmorskor", competences["Barnmorska"])
    competences["Barnmorska"].delete()
    assert not OccupationLink.objects.exists()


# ---- the command ------------------------------------------------------------------------------


def test_the_command_imports_and_links(sample, competences, capsys):
    call_command("forecasts", "import", str(sample), "--links", str(services.DEFAULT_LINKS))
    out = capsys.readouterr().out
    assert "2026-1: 28 rader" in out
    assert "Kopplingar: 26 nya" in out
    assert LabourMarketAssessment.objects.count() == 28
    assert view_of("Psykolog").situation == "balans"


def test_the_command_exits_2_with_the_problems_and_stores_nothing(tmp_path, competences, capsys):
    records = sample_records()
    records[0]["rekryteringssituation"] = "okänd"
    path = write_csv(tmp_path / "yb.csv", records)
    links = tmp_path / "links.toml"
    links.write_text('[links]\n"Apotekare" = "Apotekare"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        call_command("forecasts", "import", str(path), "--links", str(links))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "yb.csv:2: rekryteringssituation: okänd rekryteringssituation ”okänd”" in err
    assert "1 fel: inget har sparats." in err
    assert not LabourMarketAssessment.objects.exists()
    assert not OccupationLink.objects.exists()


def test_the_links_command_loads_the_default_mapping(competences, capsys):
    call_command("forecasts", "links")
    assert "Kopplingar: 26 nya, 0 fanns redan." in capsys.readouterr().out
    assert OccupationLink.objects.count() == 26
    assert OccupationLink.history.filter(history_user__isnull=True).count() == 26
