"""Roles and unit scope (domain.md, "Roles and what they may see") through views and API."""

from __future__ import annotations

import pytest

from attraktiv.accounts.access import Capability, access_for

pytestmark = pytest.mark.django_db


def visible_unit_ids(user, capability=Capability.VIEW_ORGANISATION):
    return {unit.unit_id for unit in access_for(user).units(capability)}


def test_each_role_sees_its_units_subtree_and_nothing_else(demo_users, region):
    everything = set(region)
    assert visible_unit_ids(demo_users["admin"]) == everything
    assert visible_unit_ids(demo_users["hrstrateg"]) == everything
    assert visible_unit_ids(demo_users["forvaltningshr"]) == {
        "PV",
        "PV-NORR",
        "PV-NORR-1",
        "PV-NORR-2",
        "PV-SYD",
        "PV-SYD-1",
        "PV-SYD-2",
    }
    assert visible_unit_ids(demo_users["chef"]) == {"PV-NORR", "PV-NORR-1", "PV-NORR-2"}


def test_capabilities_follow_the_roles(demo_users):
    def held(username):
        return {c for c in Capability if access_for(demo_users[username]).has(c)}

    assert held("admin") == set(Capability)
    assert held("hrstrateg") == set(Capability) - {Capability.MANAGE_USERS}
    assert Capability.REPORT_ACTIONS in held("forvaltningshr")
    assert Capability.EDIT_PLANS not in held("forvaltningshr")
    assert held("chef") == {
        Capability.VIEW_PUBLISHED,
        Capability.VIEW_ORGANISATION,
        Capability.VIEW_FIGURES,
    }
    assert Capability.VIEW_FIGURES not in held("lasare")


def test_roles_in_several_units_add_up_and_nested_units_collapse(region, demo_users):
    from attraktiv.accounts.models import Role
    from attraktiv.accounts.services import assign_role

    chef = demo_users["chef"]
    assign_role(chef, Role.MANAGER, region["PV-NORR-1"])  # already inside PV-NORR
    assign_role(chef, Role.MANAGER, region["FT-ALL"])
    access = access_for(chef)
    assert [u.unit_id for u in access.top_units(Capability.VIEW_FIGURES)] == [
        "FT-ALL",
        "PV-NORR",
    ]  # tree order
    assert access.allows(Capability.VIEW_FIGURES, region["FT-ALL-1"])
    assert not access.allows(Capability.VIEW_FIGURES, region["FT"])


def test_unit_pages_outside_the_scope_are_not_found(client_as):
    client = client_as("chef")
    assert client.get("/organisation/enhet/PV-NORR-1/").status_code == 200
    assert client.get("/organisation/enhet/PV-SYD/").status_code == 404
    assert client.get("/organisation/enhet/R/").status_code == 404


def test_the_chef_lands_on_their_own_unit_with_only_its_children(client_as):
    page = client_as("chef").get("/organisation/").content.decode()
    assert "Primärvård norr" in page
    assert "Vårdcentralen Backa" in page
    assert "Vårdcentralen Strand" not in page
    assert "Primärvårdsförvaltningen" not in page  # the parent is outside the scope


def test_hr_strategist_sees_the_whole_region_with_workplace_counts(client_as):
    page = client_as("hrstrateg").get("/organisation/").content.decode()
    assert "Region Exempel" in page
    assert "Hälso- och sjukvårdsförvaltningen" in page
    assert 'numeric">4<' in page  # HS has four workplaces below it


def test_anonymous_users_are_sent_to_login(client, region):
    response = client.get("/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=/organisation/")


def test_the_api_is_scoped_like_the_pages(client_as, client):
    units = client_as("forvaltningshr").get("/api/organisation/units").json()
    assert {unit["unit_id"] for unit in units} == {
        "PV",
        "PV-NORR",
        "PV-NORR-1",
        "PV-NORR-2",
        "PV-SYD",
        "PV-SYD-1",
        "PV-SYD-2",
    }
    assert units[0] == {
        "unit_id": "PV",
        "name": "Primärvårdsförvaltningen",
        "kind": "forvaltning",
        "parent_id": "R",
        "depth": 1,
    }
    assert client.get("/api/organisation/units/HS").status_code == 404
    assert client.get("/api/organisation/units/PV-SYD-2").json()["parent_id"] == "PV-SYD"


def test_the_api_refuses_anonymous_requests(client, region):
    assert client.get("/api/organisation/units").status_code == 401


def test_the_openapi_document_is_published(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/organisation/units" in document["paths"]
