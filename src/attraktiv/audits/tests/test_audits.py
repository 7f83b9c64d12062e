"""Audit 7/2022 of seed ``004_…``: recommendations, responses, measures and their follow-up,
strategic action areas, links to actions, history, validation and permission (issue 4, item 6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.actionplans.models import Action, ActionPlan
from attraktiv.audits import services
from attraktiv.audits.models import Audit, Measure, MeasureStatus
from attraktiv.audits.tests.helpers import SEED_AREAS, SEED_RECOMMENDATIONS
from attraktiv.core.history import history_entries
from attraktiv.programmes.models import Area, Goal, Programme

pytestmark = pytest.mark.django_db


def first_measure(audit: Audit) -> Measure:
    return Measure.objects.get(recommendation__audit=audit, recommendation__number=1)


def make_action(programme: Programme, ref: str, text: str) -> Action:
    plan, _created = ActionPlan.objects.get_or_create(
        programme=programme, defaults={"name": f"Handlingsplan {programme.name}"}
    )
    area, _created = Area.objects.get_or_create(programme=programme, name="Kompetensförsörjning")
    goal, _created = Goal.objects.get_or_create(area=area, ref="1", defaults={"text": "Mål 1"})
    return Action.objects.create(action_plan=plan, goal=goal, ref=ref, text=text, planned_year=2024)


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        code="pap-2023",
        name="Personal- och arbetsgivarpolitiskt program",
        first_year=2023,
        last_year=2027,
    )


# ---- the pages -------------------------------------------------------------------------------


def test_the_audit_page_shows_areas_recommendations_responses_and_measures(client_as, audit):
    html = client_as("lasare").get(f"/granskningar/{audit.pk}/").content.decode()
    assert "Granskning 7/2022: Strategisk kompetensförsörjning" in html
    assert "2022" in html
    areas = html[
        html.index('<ol class="audit-areas"') : html.index("</ol>", html.index("audit-areas"))
    ]
    assert areas.count("<li>") == 8
    positions = [areas.index(name) for name in SEED_AREAS]
    assert positions == sorted(positions)
    for number, (text, response, measure) in enumerate(SEED_RECOMMENDATIONS, start=1):
        assert f"Rekommendation {number}</h3>" in html
        assert text in html
        assert response in html
        assert measure in html
    assert html.count("Regionstyrelsens svar") == 4
    # Status is a word (and a symbol), never colour alone.
    assert html.count("Ej påbörjad") == 4
    assert "Uppdatera uppföljningen" not in html  # a reader has no edit controls


def test_the_index_lists_the_audit_with_its_counts(client_as, audit, demo_users):
    services.update_measure(demo_users["hrstrateg"], first_measure(audit), status="done")
    html = client_as("chef").get("/granskningar/").content.decode()
    assert "7/2022" in html
    assert "Strategisk kompetensförsörjning" in html
    assert '<td class="numeric">4</td>' in html
    assert "Ej påbörjad: 3" in html
    assert "Klar: 1" in html
    assert "Registrera en granskning" not in html


# ---- follow-up and history -------------------------------------------------------------------


def test_a_status_change_keeps_who_the_old_and_the_new_value(audit, demo_users):
    measure = first_measure(audit)
    services.update_measure(
        demo_users["hrstrateg"],
        measure,
        status=MeasureStatus.IN_PROGRESS,
        follow_up_comment="Strategin införlivas i nämndplanerna.",
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    latest, previous = measure.history.order_by("-history_date", "-pk")[:2]
    assert latest.history_user == demo_users["hrstrateg"]
    assert (previous.status, latest.status) == ("not_started", "in_progress")
    entry = history_entries(measure)[0]
    assert entry.who == "Hanna Strateg"
    changed = {change.field: (change.old, change.new) for change in entry.changes}
    assert changed["kommentar till uppföljningen"] == ("–", "Strategin införlivas i nämndplanerna.")
    assert "uppföljningsstatus" in changed


def test_the_measure_history_page_shows_the_change(client_as, audit, demo_users):
    measure = first_measure(audit)
    services.update_measure(demo_users["hrstrateg"], measure, follow_up_comment="Påbörjad 2023")
    html = client_as("lasare").get(f"/granskningar/atgard/{measure.pk}/historik/").content.decode()
    assert "Historik" in html and "Hanna Strateg" in html and "Påbörjad 2023" in html


def test_the_recommendation_history_shows_a_changed_response(client_as, audit, demo_users):
    recommendation = audit.recommendations.get(number=2)
    services.update_recommendation(
        demo_users["hrstrateg"], recommendation, response="Nytt svar från regionstyrelsen."
    )
    url = f"/granskningar/rekommendation/{recommendation.pk}/historik/"
    html = client_as("lasare").get(url).content.decode()
    assert "Rekommendation 2" in html
    assert "Nytt svar från regionstyrelsen." in html
    assert SEED_RECOMMENDATIONS[1][1] in html  # the old response


def test_htmx_follow_up_in_place(client_as, audit):
    client = client_as("hrstrateg")
    measure = first_measure(audit)
    url = f"/granskningar/atgard/{measure.pk}/andra/"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'name="measure-{measure.pk}-status"' in form
    assert "<html" not in form  # a partial, not a page
    response = client.post(
        url,
        {
            f"measure-{measure.pk}-status": "done",
            f"measure-{measure.pk}-follow_up_comment": "Klart",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert f'id="measure-{measure.pk}"' in html
    assert "Klar" in html and "Sparat." in html
    measure.refresh_from_db()
    assert (measure.status, measure.follow_up_comment) == ("done", "Klart")


def test_a_bad_status_is_refused_with_the_field_named(client_as, audit, demo_users):
    measure = first_measure(audit)
    with pytest.raises(ValidationError) as caught:
        services.update_measure(demo_users["hrstrateg"], measure, status="finished")
    assert caught.value.message_dict["status"][0].startswith("Uppföljningsstatus:")
    html = (
        client_as("hrstrateg")
        .post(
            f"/granskningar/atgard/{measure.pk}/andra/",
            {f"measure-{measure.pk}-status": "finished"},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "field-error" in html
    measure.refresh_from_db()
    assert measure.status == "not_started"


# ---- linking measures to actions -------------------------------------------------------------


def test_measures_link_to_actions_of_the_audits_programme(client_as, audit, demo_users, programme):
    services.update_audit(demo_users["hrstrateg"], audit, programme=programme)
    own = make_action(programme, "1.1.1", "Ta fram en kompetensförsörjningsplan per förvaltning")
    other_programme = Programme.objects.create(
        code="other", name="Annat", first_year=2018, last_year=2020
    )
    foreign = make_action(other_programme, "9.9", "Annan aktivitet")
    measure = first_measure(audit)
    services.link_measure_to_actions(demo_users["hrstrateg"], measure, [own])
    assert list(measure.actions.all()) == [own]
    with pytest.raises(ValidationError) as caught:
        services.link_measure_to_actions(demo_users["hrstrateg"], measure, [own, foreign])
    assert "actions" in caught.value.message_dict
    assert list(measure.actions.all()) == [own]
    # The change of links is kept in the measure's history.
    linked = history_entries(measure)[0]
    assert linked.who == "Hanna Strateg"
    assert [(c.old, c.new) for c in linked.changes] == [("–", own.text)]
    html = client_as("lasare").get(f"/granskningar/{audit.pk}/").content.decode()
    assert "1.1.1 Ta fram en kompetensförsörjningsplan per förvaltning" in html


# ---- services: creating and validating -------------------------------------------------------


def test_an_audit_is_built_through_the_services(demo_users):
    user = demo_users["hrstrateg"]
    audit = services.create_audit(user, identifier="3/2024", title="Arbetsmiljö", year=2024)
    services.set_strategic_areas(user, audit, ["Ledarskap", "Arbetsmiljö"])
    services.set_strategic_areas(user, audit, ["Arbetsmiljö", "Ledarskap", "Löner"])
    assert [a.name for a in audit.strategic_areas.all()] == ["Arbetsmiljö", "Ledarskap", "Löner"]
    first = services.add_recommendation(user, audit, text="Följ upp arbetsmiljön.")
    second = services.add_recommendation(user, audit, text="Rapportera till nämnden.")
    assert (first.number, second.number) == (1, 2)
    measure = services.add_measure(user, first, text="Årlig mätning.")
    assert measure.status == MeasureStatus.NOT_STARTED
    assert audit.history.first().history_user == user


def test_validation_names_the_field_and_stores_nothing(audit, demo_users):
    user = demo_users["hrstrateg"]
    with pytest.raises(ValidationError) as caught:
        services.create_audit(user, identifier="7/2022", title=" ", year=1800)
    errors = caught.value.message_dict
    assert errors["identifier"][0].startswith("Granskningsnummer:")
    assert errors["title"][0].startswith("Titel:")
    assert errors["year"][0].startswith("År:")
    with pytest.raises(ValidationError) as caught:
        services.add_recommendation(user, audit, number=2, text="Dubblett")
    assert caught.value.message_dict["number"][0].startswith("Nummer:")
    with pytest.raises(ValidationError):
        services.add_strategic_area(user, audit, "Löner och villkor")
    assert Audit.objects.count() == 1
    assert audit.recommendations.count() == 4
    assert audit.strategic_areas.count() == 8


# ---- permission and scope --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["chef", "lasare", "forvaltningshr"])
def test_only_plan_editors_may_change_audits(audit, demo_users, username):
    user = demo_users[username]
    measure = first_measure(audit)
    calls = [
        lambda: services.update_measure(user, measure, status="done"),
        lambda: services.link_measure_to_actions(user, measure, []),
        lambda: services.update_recommendation(user, measure.recommendation, response="x"),
        lambda: services.add_strategic_area(user, audit, "Nytt"),
        lambda: services.create_audit(user, identifier="1/2030", title="x", year=2030),
        lambda: services.update_audit(user, audit, title="x"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    measure.refresh_from_db()
    assert measure.status == "not_started"


def test_an_hr_strategist_of_one_branch_may_not_change_the_regions_audit(audit, region):
    branch = ensure_user("grenstrateg", "x", Role.HR_STRATEGIST, [region["PV"]])
    with pytest.raises(PermissionDenied):
        services.update_measure(branch, first_measure(audit), status="done")


@pytest.mark.parametrize("username", ["chef", "lasare"])
def test_readers_get_403_on_every_change(client_as, audit, username):
    client = client_as(username)
    measure = first_measure(audit)
    prefix = f"measure-{measure.pk}"
    posts = [
        (f"/granskningar/atgard/{measure.pk}/andra/", {f"{prefix}-status": "done"}),
        (f"/granskningar/{audit.pk}/andra/", {"audit-title": "x"}),
        (f"/granskningar/{audit.pk}/omraden/", {"names": "x"}),
        (f"/granskningar/{audit.pk}/ny-rekommendation/", {"new-text": "x"}),
        (f"/granskningar/rekommendation/{measure.recommendation_id}/andra/", {}),
        (f"/granskningar/rekommendation/{measure.recommendation_id}/ny-atgard/", {}),
        ("/granskningar/", {"identifier": "1/2030", "title": "x", "year": "2030"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(f"/granskningar/atgard/{measure.pk}/andra/").status_code == 403
    measure.refresh_from_db()
    assert measure.status == "not_started"
    assert Audit.objects.count() == 1


def test_editors_register_an_audit_from_the_index(client_as, audit):
    client = client_as("hrstrateg")
    response = client.post(
        "/granskningar/", {"identifier": "7/2022", "title": "Dubblett", "year": "2024"}
    )
    assert "Granskningsnummer: en annan granskning har redan detta nummer." in (
        response.content.decode()
    )
    response = client.post(
        "/granskningar/", {"identifier": "2/2024", "title": "Chefsförsörjning", "year": "2024"}
    )
    created = Audit.objects.get(identifier="2/2024")
    assert response.status_code == 302 and response["Location"] == f"/granskningar/{created.pk}/"


def test_removing_action_areas_needs_a_confirmation(demo_users):
    """Issue 12: saving the action areas with an empty form deleted all 8 without a question."""
    user = demo_users["hrstrateg"]
    audit = services.create_audit(user, identifier="3/2024", title="Arbetsmiljö", year=2024)
    areas = ["Ledarskap", "Arbetsmiljö", "Löner"]
    services.set_strategic_areas(user, audit, areas)
    with pytest.raises(ValidationError) as empty:
        services.set_strategic_areas(user, audit, [])
    assert empty.value.message_dict == {
        "confirm_removal": [
            "Alla 3 åtgärdsområden skulle tas bort. Bekräfta borttagningen, eller skriv "
            "tillbaka områdena i listan."
        ]
    }
    with pytest.raises(ValidationError) as shorter:
        services.set_strategic_areas(user, audit, ["Ledarskap"])
    assert shorter.value.message_dict["confirm_removal"] == [
        "2 åtgärdsområden skulle tas bort: Arbetsmiljö, Löner. Bekräfta borttagningen, eller "
        "skriv tillbaka dem i listan."
    ]
    assert [a.name for a in audit.strategic_areas.all()] == areas
    services.set_strategic_areas(user, audit, ["Ledarskap"], confirm_removal=True)
    assert [a.name for a in audit.strategic_areas.all()] == ["Ledarskap"]
