"""The Data pages: who may import, the upload's validation report, and the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attraktiv.datasets.models import ImportRecord, ImportStatus, Person
from attraktiv.datasets.tests.sample import demo_units, write_csv_folder

pytestmark = pytest.mark.django_db


def uploads(folder: Path) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted(folder.iterdir())
    ]


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


def test_a_bad_upload_shows_the_file_line_table_and_changes_nothing(client_as, bad_folder):
    client = client_as("hrstrateg")
    response = client.post("/data/ladda-upp/", {"data_files": uploads(bad_folder)}, follow=True)
    page = response.content.decode()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert response.redirect_chain[-1][0] == f"/data/import/{record.pk}/"
    assert "Data importerades inte" in page
    row = page.split("<td>employments.csv</td>")[1].split("</tr>")[0]
    assert '<td class="numeric">3</td>' in row and "<td>rate</td>" in row
    assert not Person.objects.exists()


def test_a_good_upload_is_stored_and_queues_the_recompute(client_as, demo_folder):
    client = client_as("hrstrateg")
    response = client.post("/data/ladda-upp/", {"data_files": uploads(demo_folder)}, follow=True)
    page = response.content.decode()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.STORED, record.error_lines
    assert record.user is not None and record.user.username == "hrstrateg"
    assert "Data importerades" in page
    assert "hx-get" in page and f"/data/import/{record.pk}/forlopp/" in page
    assert Person.objects.count() == 12
    progress = client.get(f"/data/import/{record.pk}/forlopp/").content.decode()
    assert "<progress" in progress and "<html" not in progress


def test_uploaded_files_are_deleted_afterwards(client_as, demo_folder, monkeypatch):
    import tempfile

    folders = []
    real = tempfile.TemporaryDirectory

    def spy(*args, **kwargs):
        folder = real(*args, **kwargs)
        folders.append(Path(folder.name))
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", spy)
    client_as("hrstrateg").post("/data/ladda-upp/", {"data_files": uploads(demo_folder)})
    assert folders and not any(folder.exists() for folder in folders)


def test_files_of_other_kinds_are_refused(client_as):
    client = client_as("hrstrateg")
    upload = SimpleUploadedFile("units.exe", b"MZ", content_type="application/octet-stream")
    response = client.post("/data/ladda-upp/", {"data_files": [upload]})
    assert response.status_code == 200
    assert "units.exe" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_a_report_of_many_errors_counts_the_summed_up_ones_once(client_as, tmp_path):
    """60 bad rates: the reader keeps 50 and sums up 10 in one issue; the page shows 50
    rows and says 10 more, counting the summary issue as the 10 problems it stands for."""
    folder = write_csv_folder(tmp_path / "many", n=60)
    path = folder / "employments.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    rows = [",".join(["abc" if i == 6 else c for i, c in enumerate(r.split(","))]) for r in rows]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    client = client_as("hrstrateg")
    page = client.post("/data/ladda-upp/", {"data_files": uploads(folder)}, follow=True)
    text = page.content.decode()
    assert ImportRecord.objects.get().error_count == 60
    assert "60 fel" in text
    assert text.count("<td>employments.csv</td>") == 50
    assert "… och 10 fel till." in text
