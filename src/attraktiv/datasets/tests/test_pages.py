"""The Data pages: who may import, the upload's validation report, and the history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attraktiv.datasets.models import ImportRecord, ImportStatus, Person, RecomputeStatus
from attraktiv.datasets.tests.sample import HX_READING, demo_units, uploads, write_csv_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_folder(tmp_path):
    """A valid data set on the demo region's units (so the demo users' roles remain)."""
    return write_csv_folder(tmp_path / "demo", units=demo_units())


def test_a_chef_cannot_upload_and_finds_the_organisation_under_data(client_as, region):
    client = client_as("chef")
    assert client.get("/data/ladda-upp/").status_code == 403
    assert client.post("/data/ladda-upp/", {}).status_code == 403
    response = client.get("/data/")
    assert response.status_code == 302 and response.url == "/organisation/"
    record = ImportRecord.objects.create(source="command", status=ImportStatus.STORED)
    assert client.get(f"/data/import/{record.pk}/").status_code == 403
    assert client.get(f"/data/import/{record.pk}/forlopp/").status_code == 403


def test_administration_hr_cannot_upload(client_as):
    assert client_as("forvaltningshr").get("/data/ladda-upp/").status_code == 403


def test_the_data_page_links_the_organisation_and_lists_imports(client_as):
    client = client_as("hrstrateg")
    ImportRecord.objects.create(
        source="command", status=ImportStatus.STORED, row_counts={"persons": 1200, "units": 30}
    )
    page = client.get("/data/").content.decode()
    assert 'href="/organisation/"' in page
    assert "Ladda upp data" in page
    assert "Importhistorik" in page
    assert "1\u00a0230" in page  # rows, with the Swedish thousands separator
    assert 'aria-current="page"' in page.split("Huvudmeny")[1].split("</nav>")[0]


@pytest.mark.django_db(transaction=True)
def test_a_bad_upload_shows_the_file_line_table_and_changes_nothing(
    client_as, bad_folder, run_jobs, var_dir
):
    client = client_as("hrstrateg")
    response = client.post("/data/ladda-upp/", {"data_files": uploads(bad_folder)}, follow=True)
    record = ImportRecord.objects.get()
    assert response.redirect_chain[-1][0] == f"/data/import/{record.pk}/"
    assert record.status == ImportStatus.PENDING
    run_jobs()
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.REJECTED
    assert "Data importerades inte" in page
    row = page.split("<td>employments.csv</td>")[1].split("</tr>")[0]
    assert '<td class="numeric">3</td>' in row and "<td>rate</td>" in row
    assert not Person.objects.exists()
    assert list((var_dir / "uploads").iterdir()) == []  # the job deleted the files


@pytest.mark.django_db(transaction=True)
def test_a_good_upload_is_read_stored_and_recomputed_by_the_job_with_progress(
    client_as, demo_folder, run_jobs, var_dir
):
    """Issue 11, part 8: the request keeps the files and queues the job; the page polls
    while the job reads them, reloads when they are stored, and follows the recompute."""
    client = client_as("hrstrateg")
    response = client.post("/data/ladda-upp/", {"data_files": uploads(demo_folder)}, follow=True)
    page = response.content.decode()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.PENDING
    assert record.user is not None and record.user.username == "hrstrateg"
    assert {f["name"] for f in record.files} == {p.name for p in demo_folder.iterdir()}
    assert not Person.objects.exists()  # nothing is read in the request
    assert "Data kontrolleras" in page and "Väntar på att läsa filerna" in page
    assert f'hx-get="/data/import/{record.pk}/forlopp/"' in page
    polled = client.get(f"/data/import/{record.pk}/forlopp/", headers=HX_READING)
    assert 'id="import-reading"' in polled.content.decode()
    assert [p.name for p in (var_dir / "uploads").iterdir()]  # kept for the job

    run_jobs()

    record.refresh_from_db()
    assert record.status == ImportStatus.STORED, record.error_lines
    assert record.recompute_status == RecomputeStatus.DONE, record.recompute_message
    assert Person.objects.count() == 12
    assert list((var_dir / "uploads").iterdir()) == []  # the job deleted the files
    polled = client.get(f"/data/import/{record.pk}/forlopp/", headers=HX_READING)
    assert polled.headers["HX-Refresh"] == "true"  # the page reloads to show the report
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "Data importerades" in page and "Nyckeltal uppdaterade" in page
    progress = client.get(f"/data/import/{record.pk}/forlopp/").content.decode()
    assert 'id="recompute-progress"' in progress and "<html" not in progress


@pytest.mark.django_db(transaction=True)
def test_a_mapping_that_cannot_be_used_rejects_the_import_on_its_page(
    client_as, demo_folder, run_jobs
):
    client = client_as("hrstrateg")
    mapping = SimpleUploadedFile("export.toml", b"[tables.units]\nsource = 'a.csv'\nbad = 1\n")
    client.post("/data/ladda-upp/", {"data_files": uploads(demo_folder), "mapping": mapping})
    run_jobs()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert [(e["file"], e["line"]) for e in record.errors] == [("export.toml", 3)]
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "<td>export.toml</td>" in page
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_that_breaks_rejects_the_import_and_says_so(
    client_as, demo_folder, run_jobs, var_dir, monkeypatch
):
    """A failure inside a library (here Arrow's CSV parser) while the job reads: the import
    is rejected with a message instead of waiting for ever, nothing is stored, the files go."""
    import pyarrow.csv

    def broken(*args, **kwargs):
        raise RuntimeError("the parser broke")

    monkeypatch.setattr(pyarrow.csv, "read_csv", broken)
    client = client_as("hrstrateg")
    client.post("/data/ladda-upp/", {"data_files": uploads(demo_folder)})
    run_jobs()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert record.error_lines == ["importen avbröts av ett fel i Attraktiv; ingenting ändrades"]
    assert record.recompute_status == RecomputeStatus.NONE
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "importen avbröts av ett fel i Attraktiv" in page
    assert not Person.objects.exists()
    assert list((var_dir / "uploads").iterdir()) == []


def test_files_of_other_kinds_are_refused(client_as):
    client = client_as("hrstrateg")
    upload = SimpleUploadedFile("units.exe", b"MZ", content_type="application/octet-stream")
    response = client.post("/data/ladda-upp/", {"data_files": [upload]})
    assert response.status_code == 200
    assert "units.exe" in response.content.decode()
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_report_of_many_errors_counts_the_summed_up_ones_once(client_as, tmp_path, run_jobs):
    """60 bad rates: the reader keeps 50 and sums up 10 in one issue; the page shows 50
    rows and says 10 more, counting the summary issue as the 10 problems it stands for."""
    folder = write_csv_folder(tmp_path / "many", n=60)
    path = folder / "employments.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    rows = [",".join(["abc" if i == 6 else c for i, c in enumerate(r.split(","))]) for r in rows]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    client = client_as("hrstrateg")
    client.post("/data/ladda-upp/", {"data_files": uploads(folder)})
    run_jobs()
    record = ImportRecord.objects.get()
    text = client.get(f"/data/import/{record.pk}/").content.decode()
    assert record.error_count == 60
    assert "60 fel" in text
    assert text.count("<td>employments.csv</td>") == 50
    assert "… och 10 fel till." in text
