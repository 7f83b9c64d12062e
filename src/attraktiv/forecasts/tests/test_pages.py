"""The external-assessment page: the latest round as a table, the upload for importers, the
links edited in place, the partial the supply pages include, and who may do what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from attraktiv.forecasts import services
from attraktiv.forecasts.models import LabourMarketAssessment, OccupationLink
from attraktiv.forecasts.tests.helpers import sample_records, write_csv
from attraktiv.forecasts.views import dom_id

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def imported(sample, demo_users, competences):
    services.import_yrkesbarometer(demo_users["hrstrateg"], sample)
    services.link_occupation(
        demo_users["hrstrateg"], "Grundutbildade sjuksköterskor", competences["Sjuksköterska"]
    )


def upload(client, path, name=None):
    content = path.read_bytes()
    return client.post(
        "/prognoser/ladda-upp/",
        {"data_file": SimpleUploadedFile(name or path.name, content, "text/csv")},
    )


def test_a_manager_reads_the_round_without_edit_controls(client_as, imported):
    html = client_as("chef").get("/prognoser/").content.decode()
    assert "<h1>Externa bedömningar</h1>" in html
    assert "Arbetsförmedlingen Yrkesbarometer 2026-1" in html
    assert html.count('<th scope="row">') == 28
    # The recruitment situation is a word, never colour alone.
    row = html[html.index(">Barnmorskor<") :]
    row = row[: row.index("</tr>")]
    assert "Paradox" in row and "stora" in row and "vara oförändrad" in row
    row = html[html.index(">Grundutbildade sjuksköterskor<") :]
    row = row[: row.index("</tr>")]
    assert "Brist" in row and "<li>Sjuksköterska</li>" in row
    assert "Hela landet: 28 yrken" in html
    assert "brist 14, paradox 10, balans 3, överskott 1" in html
    assert "1 av 28 är kopplade till en kompetens" in html
    assert "Ändra kopplingar" not in html
    assert "Läs in Yrkesbarometern" not in html


def test_a_reader_without_figures_is_turned_away(client_as, imported):
    assert client_as("lasare").get("/prognoser/").status_code == 403


def test_the_page_without_a_round_says_so(client_as, demo_users):
    html = client_as("hrstrateg").get("/prognoser/").content.decode()
    assert "Inga externa bedömningar har lästs in än." in html
    assert "Läs in Yrkesbarometern" in html


def test_an_hr_strategist_uploads_the_sample(client_as, sample, demo_users):
    client = client_as("hrstrateg")
    response = upload(client, sample)
    assert response.status_code == 302
    assert LabourMarketAssessment.objects.count() == 28
    html = client.get("/prognoser/").content.decode()
    assert "28 rader" in html  # the success message
    assert "Inläst" in html and "av Hanna Strateg" in html


def test_a_bad_upload_lists_file_line_column_and_stores_nothing(client_as, tmp_path, demo_users):
    records = sample_records()
    records[3]["rekryteringssituation"] = "underskott"
    path = write_csv(tmp_path / "yb.csv", records, delimiter=";", encoding="cp1252")
    response = upload(client_as("hrstrateg"), path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filen har 1 problem. Inget sparades." in html
    assert "<td>yb.csv</td>" in html
    assert '<td class="numeric">5</td>' in html
    assert "<td>rekryteringssituation</td>" in html
    assert "underskott" in html
    assert not LabourMarketAssessment.objects.exists()


def test_a_file_that_is_neither_csv_nor_json_is_refused_by_name(client_as, tmp_path, demo_users):
    path = tmp_path / "yb.xlsx"
    path.write_bytes(b"PK")
    html = upload(client_as("hrstrateg"), path).content.decode()
    assert "Yrkesbarometerfil: välj en CSV- eller JSON-fil." in html
    assert not LabourMarketAssessment.objects.exists()


@pytest.mark.parametrize("username", ["chef", "forvaltningshr"])
def test_non_importers_may_not_upload(client_as, sample, username):
    assert upload(client_as(username), sample).status_code == 403
    assert not LabourMarketAssessment.objects.exists()


def test_an_occupation_is_linked_and_unlinked_in_place(client_as, imported, competences):
    client = client_as("hrstrateg")
    occupation = "Barnmorskor"
    target = dom_id(occupation)
    form = client.get("/prognoser/kopplingar/andra/", {"occupation": occupation}, **HTMX)
    html = form.content.decode()
    assert f'id="{target}"' in html and "Koppla till kompetens" in html
    assert "<html" not in html  # only the partial
    response = client.post(
        f"/prognoser/kopplingar/andra/?occupation={occupation}",
        {f"{target}-occupation": occupation, f"{target}-group": competences["Barnmorska"].pk},
        **HTMX,
    )
    html = response.content.decode()
    assert "Barnmorskor är nu kopplad till Barnmorska." in html
    link = OccupationLink.objects.get(af_occupation=occupation)
    assert link.group == competences["Barnmorska"]
    assert link.history.get().history_user.username == "hrstrateg"
    # The same link twice: the form says so beside the field.
    again = client.post(
        f"/prognoser/kopplingar/andra/?occupation={occupation}",
        {f"{target}-occupation": occupation, f"{target}-group": competences["Barnmorska"].pk},
        **HTMX,
    ).content.decode()
    assert "Kompetens: Barnmorskor är redan kopplad till Barnmorska." in again
    assert 'aria-invalid="true"' in again
    # No competence chosen.
    empty = client.post(
        f"/prognoser/kopplingar/andra/?occupation={occupation}",
        {f"{target}-occupation": occupation, f"{target}-group": ""},
        **HTMX,
    ).content.decode()
    assert "Kompetens: välj en kompetens." in empty
    # Remove it again, in place.
    html = client.post(f"/prognoser/kopplingar/{link.pk}/ta-bort/", **HTMX).content.decode()
    assert "Barnmorskor är inte längre kopplad till Barnmorska." in html
    assert not OccupationLink.objects.filter(af_occupation=occupation).exists()
    # "Klar" shows the cell as it is.
    shown = client.get("/prognoser/kopplingar/", {"occupation": occupation}, **HTMX)
    assert "Inte kopplad" in shown.content.decode()
    history = client.get("/prognoser/").content.decode()
    assert "Senaste ändringarna av kopplingarna" in history
    assert history.count("<td>Hanna Strateg</td>") == 3


def test_a_manager_may_not_link(client_as, imported, competences):
    client = client_as("chef")
    target = dom_id("Barnmorskor")
    assert (
        client.get("/prognoser/kopplingar/andra/", {"occupation": "Barnmorskor"}).status_code == 403
    )
    response = client.post(
        "/prognoser/kopplingar/andra/?occupation=Barnmorskor",
        {f"{target}-occupation": "Barnmorskor", f"{target}-group": competences["Barnmorska"].pk},
    )
    assert response.status_code == 403
    link = OccupationLink.objects.get()
    assert client.post(f"/prognoser/kopplingar/{link.pk}/ta-bort/").status_code == 403
    assert client.post("/prognoser/kopplingar/standard/").status_code == 403
    assert OccupationLink.objects.count() == 1


def test_the_default_mapping_button(client_as, imported):
    client = client_as("hrstrateg")
    response = client.post("/prognoser/kopplingar/standard/")
    assert response.status_code == 302
    html = client.get("/prognoser/").content.decode()
    assert "25 nya, 1 fanns redan" in html
    assert "22 av 28 är kopplade till en kompetens" in html


def test_the_filters_show_a_county(client_as, demo_users, tmp_path):
    county = [dict(record, lan="24") for record in sample_records()[:3]]
    path = write_csv(tmp_path / "yb.csv", sample_records() + county)
    services.import_yrkesbarometer(demo_users["hrstrateg"], path)
    client = client_as("chef")
    html = client.get("/prognoser/").content.decode()
    assert html.count('<th scope="row">') == 28
    assert '<label for="id_lan">Län:</label>' in html
    html = client.get("/prognoser/", {"lan": "24"}).content.decode()
    assert "Västerbottens län: 3 yrken" in html
    assert html.count('<th scope="row">') == 3


def test_the_partial_for_the_supply_pages(imported):
    view = services.external_view("Sjuksköterska")
    html = render_to_string("forecasts/external_view.html", {"external": view})
    text = " ".join(strip_tags(html).split())
    assert text == "Arbetsförmedlingen 2026-1: Brist (Grundutbildade sjuksköterskor)"
    assert "<strong>Brist</strong>" in html
