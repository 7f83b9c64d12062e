"""The Rapporter page: choose, queue, the job, the list of versions, download and preview
(issue 13 §4), with the scope rules (docs/security.md, "Reports")."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.reports.models import GeneratedReport, ReportStatus

pytestmark = pytest.mark.usefixtures("programmes")

DRAWDOWN = {"kind": "drawdown", "programme": "attraktiv-arbetsgivare-2018", "format": "xlsx"}


def numbers(content: bytes) -> list[float]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, int | float)
    ]


def test_the_page_offers_every_kind_and_then_its_inputs(client_as):
    client = client_as("lasare")
    page = client.get("/rapporter/").content.decode()
    assert "<h1>Rapporter</h1>" in page
    assert "Ianspråktagande av medel" in page and "Svar på granskning" in page
    page = client.get("/rapporter/?kind=audit").content.decode()
    assert "7/2022" in page  # the audit select
    assert 'name="year"' not in page  # only the kind's inputs


@pytest.mark.django_db(transaction=True)
def test_a_report_is_queued_made_by_the_job_listed_and_downloaded(
    client_as, run_jobs, var_dir, demo_users
):
    client = client_as("hrstrateg")
    response = client.post("/rapporter/", DRAWDOWN)
    report = GeneratedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/rapporter/#rapport-{report.pk}")
    assert report.status == ReportStatus.QUEUED
    row = client.get(f"/rapporter/{report.pk}/rad/").content.decode()
    assert 'hx-trigger="every 1s"' in row  # the row polls until the job is done
    run_jobs()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.progress == 1.0
    assert report.requested_by == demo_users["hrstrateg"]
    stored = (var_dir / "reports" / report.stored_name).read_bytes()
    assert report.size == len(stored)
    assert report.checksum == hashlib.sha256(stored).hexdigest()
    assert report.file_name.startswith("ianspraktagande-av-medel_attraktiv-arbetsgivare-2018_")
    row = client.get(f"/rapporter/{report.pk}/rad/").content.decode()
    assert "every 1s" not in row and f"/rapporter/{report.pk}/hamta/" in row
    page = client.get("/rapporter/").content.decode()
    assert "Program: Attraktiv arbetsgivare" in page  # the inputs in words
    assert "Hanna Strateg" in page and "Excel" in page
    download = client.get(f"/rapporter/{report.pk}/hamta/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert report.file_name in download["Content-Disposition"]
    assert 26900 in numbers(download.content)
    events = AuditEvent.objects.filter(subject=report.file_name)
    assert set(events.values_list("action", flat=True)) == {Action.REPORT, Action.DOWNLOAD}


def test_several_programmes_and_none_chosen_are_named_on_the_form(client_as):
    response = client_as("hrstrateg").post("/rapporter/", {**DRAWDOWN, "programme": ""})
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_programme-error"')[1].split("</p>")[0]
    assert "Flera program finns" in error
    assert "attraktiv-arbetsgivare-2018" in error and "pa-program-2027" in error
    assert 'aria-describedby="id_programme-error"' in page
    assert not GeneratedReport.objects.exists()


def test_a_unit_outside_the_chefs_units_is_refused(client_as):
    response = client_as("chef").post(
        "/rapporter/", {"kind": "sickleave", "unit": "HS", "format": "pdf"}
    )
    assert response.status_code == 400
    assert not GeneratedReport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_inputs_the_builder_refuses_fail_the_job_with_their_message(client_as, run_jobs):
    client = client_as("hrstrateg")
    client.post("/rapporter/", {**DRAWDOWN, "kind": "audit"})  # the 2018 programme: no audit
    run_jobs()
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "har ingen granskning" in report.error and "7/2022" in report.error
    assert "har ingen granskning" in client.get("/rapporter/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_user_sees_their_own_reports_and_the_region_sees_all(client_as, run_jobs, var_dir):
    client_as("chef").post("/rapporter/", DRAWDOWN)
    run_jobs()
    report = GeneratedReport.objects.get()
    assert client_as("chef").get(f"/rapporter/{report.pk}/hamta/").status_code == 200
    for other in ("lasare", "forvaltningshr"):
        client = client_as(other)
        assert f"rapport-{report.pk}" not in client.get("/rapporter/").content.decode()
        assert client.get(f"/rapporter/{report.pk}/hamta/").status_code == 404
        assert client.get(f"/rapporter/{report.pk}/rad/").status_code == 404
    for region in ("hrstrateg", "admin"):
        assert f"rapport-{report.pk}" in client_as(region).get("/rapporter/").content.decode()
    # A file changed after it was kept is not handed out.
    (var_dir / "reports" / report.stored_name).write_bytes(b"changed")
    response = client_as("chef").get(f"/rapporter/{report.pk}/hamta/", follow=True)
    assert "har ändrats" in response.content.decode()


def test_the_preview_shows_the_report_as_html(client_as):
    page = client_as("lasare").get(
        "/rapporter/forhandsvisning/", {"kind": "audit", "audit": "7/2022"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Svar på granskning" in text and "7/2022" in text
    assert "Tydliggör ansvar och roller i det strategiska arbetet" in text
    refused = client_as("lasare").get("/rapporter/forhandsvisning/", {"kind": "drawdown"})
    assert refused.status_code == 400 and "Flera program finns" in refused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_pages_where_a_paper_belongs_offer_it_through_the_rapporter_form(client_as, run_jobs):
    from django.urls import reverse

    from attraktiv.audits.models import Audit
    from attraktiv.budget.models import Allocation
    from attraktiv.followups.models import FollowUpRound

    client = client_as("hrstrateg")
    allocation = Allocation.objects.get(programme__code="attraktiv-arbetsgivare-2018")
    round_ = FollowUpRound.objects.all()[0]
    pages = {
        reverse("budget:allocation", args=[allocation.pk]): ("drawdown", "programme"),
        reverse("audits:audit", args=[Audit.objects.get().pk]): ("audit", "audit"),
        reverse("followups:round", args=[round_.pk]): ("followup", "round"),
        reverse("indicators:index"): ("sickleave", "unit"),
    }
    for url, (kind, given) in pages.items():
        page = client.get(url).content.decode()
        block = page.split('<form method="post" action="/rapporter/" class="report-download">')[1]
        block = block.split("</form>")[0]
        assert f'name="kind" value="{kind}"' in block, url
        assert f'name="{given}"' in block, url
        assert 'name="format" value="pdf"' in block and "Word" in block and "Excel" in block
    response = client.post(
        "/rapporter/",
        {
            "kind": "followup",
            "programme": round_.programme.code,
            "round": round_.pk,
            "format": "docx",
        },
    )
    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert (report.kind, report.format) == ("followup", "docx")
    assert report.inputs == {"programme": round_.programme.code, "round_id": round_.pk}
    run_jobs()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert client.get(f"/rapporter/{report.pk}/hamta/")["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_only_the_kinds_a_user_may_make_are_offered(client_as):
    """Sick leave takes some unit's figures (not a Läsare's), the supply plan the region's
    (not a Chef's): neither is offered nor accepted where it is not the user's."""
    for user, refused in (("lasare", "sickleave"), ("chef", "supply")):
        client = client_as(user)
        page = client.get("/rapporter/").content.decode()
        assert f'value="{refused}"' not in page, user
        assert 'value="drawdown"' in page
        response = client.post("/rapporter/", {"kind": refused, "format": "pdf"})
        assert response.status_code == 400, user
        assert client.get("/rapporter/forhandsvisning/", {"kind": refused}).status_code == 404
    assert not GeneratedReport.objects.exists()
    assert 'value="supply"' in client_as("hrstrateg").get("/rapporter/").content.decode()
