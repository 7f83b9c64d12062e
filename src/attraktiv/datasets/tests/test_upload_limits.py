"""Issue 11, part 8: the upload limit while a file is received, and a zip bomb uploaded on
the Data page, read by the import job without being unpacked."""

from __future__ import annotations

import resource
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attraktiv.core.uploads import LimitedUploadHandler, RejectedFile, save_upload
from attraktiv.datasets.models import ImportRecord, ImportStatus, Person
from attraktiv.datasets.tests.sample import demo_units, write_csv_folder
from attraktiv.hrdata.limits import MB, FileLimits
from attraktiv.hrdata.tests.bombs import BOMB_PROBLEM

TOO_LARGE = "Filen employments.csv är större än 1\u00a0MB, den största storlek som tas emot."


@pytest.fixture
def small_limit(settings, tmp_path):
    """An upload limit of 1 MB, and the folder Django receives large files into."""
    settings.FILE_LIMITS = FileLimits(upload_bytes=MB, unpacked_bytes=5 * MB)
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "incoming"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


def data_files(folder, **replaced: bytes) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(path.name, replaced.get(path.stem, path.read_bytes()))
        for path in sorted(folder.iterdir())
    ]


@pytest.mark.django_db
def test_a_file_over_the_limit_is_dropped_while_received_and_named_on_the_field(
    client_as, tmp_path, small_limit, var_dir, monkeypatch
):
    """A 3 MB file against a 1 MB limit: the part already written to disk is deleted the
    moment the limit is passed, the rest is never written, the field says why in Swedish,
    and nothing is kept, recorded or queued."""
    on_disk_at_the_limit: list[tuple[set[str], set[str]]] = []  # (before, after) discarding
    discard = LimitedUploadHandler.discard_partial_file

    def watched(handler: LimitedUploadHandler) -> None:
        before = {p.name for p in small_limit.iterdir()}
        discard(handler)
        on_disk_at_the_limit.append((before, {p.name for p in small_limit.iterdir()}))

    monkeypatch.setattr(LimitedUploadHandler, "discard_partial_file", watched)
    folder = write_csv_folder(tmp_path / "data")
    big = b"employment_id\n" + b"E" * (3 * MB)
    response = client_as("hrstrateg").post(
        "/data/ladda-upp/", {"data_files": data_files(folder, employments=big)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_data_files-error">{TOO_LARGE}</p>' in page
    [(before, after)] = on_disk_at_the_limit
    assert after < before and len(before - after) == 1  # the partial file, deleted at once
    assert list(small_limit.iterdir()) == []
    assert not (var_dir / "uploads").exists() or not list((var_dir / "uploads").iterdir())
    assert not ImportRecord.objects.exists()
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_says_the_limit(client_as, small_limit):
    page = client_as("hrstrateg").get("/data/ladda-upp/").content.decode()
    assert "Varje fil får vara högst 1\u00a0MB." in page


def test_the_chunked_save_stops_at_the_limit_and_deletes_the_partial_file(settings, tmp_path):
    settings.FILE_LIMITS = FileLimits(upload_bytes=MB, unpacked_bytes=5 * MB)
    upload = SimpleUploadedFile("employments.csv", b"x" * (MB + 1))
    with pytest.raises(RejectedFile) as rejected:
        save_upload(upload, tmp_path / "employments.csv")
    assert rejected.value.problems == [f"employments.csv: {TOO_LARGE}"]
    assert list(tmp_path.iterdir()) == []
    named = SimpleUploadedFile("19121212-1212.csv", b"x" * (MB + 1))
    with pytest.raises(RejectedFile) as rejected:
        save_upload(named, tmp_path / "named.csv")
    assert "1212" not in rejected.value.problems[0]  # a personnummer is never echoed
    save_upload(SimpleUploadedFile("units.csv", b"x" * MB), tmp_path / "units.csv")
    assert (tmp_path / "units.csv").stat().st_size == MB


@pytest.mark.django_db(transaction=True)
def test_a_zip_bomb_upload_is_kept_cheaply_and_refused_by_the_job_unparsed(
    client_as, tmp_path, zip_bomb, run_jobs, var_dir
):
    """The 0.4 MB workbook that unpacks to 400 MB (it raised the server process from 239 MB
    to 656 MB, and 177 MB to 1 340 MB here, when it was parsed in the request): the request
    only keeps it, the job refuses it from its ZIP directory, and neither holds more than a
    few MB."""
    folder = write_csv_folder(tmp_path / "data", units=demo_units())
    files = [f for f in data_files(folder) if f.name != "units.csv"]
    files.append(SimpleUploadedFile("units.xlsx", zip_bomb.read_bytes()))
    client = client_as("hrstrateg")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        started = time.monotonic()
        response = client.post("/data/ladda-upp/", {"data_files": files})
        request_seconds = time.monotonic() - started
        request_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        run_jobs()
        job_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    assert request_seconds < 5 and request_peak < 20 * MB, (request_seconds, request_peak)
    assert job_peak < 50 * MB, job_peak
    # The process's peak resident size (KiB on Linux) grew by less than 100 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 100_000
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    [problem] = record.error_lines
    assert BOMB_PROBLEM.fullmatch(problem), problem
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "Data importerades inte" in page and "mer än gränsen 100 gånger" in page
    assert not Person.objects.exists()
    assert list((var_dir / "uploads").iterdir()) == []
