"""Issue 12: an import that replaces stored data asks first and says what it replaces.

An upload over stored data waits for confirmation, its checked tables kept in
``var/uploads``; "Ersätt data" stores it through a job, "Avbryt" cancels it; a newer upload
supersedes an older one waiting; a decision taken twice is refused with a message, never
applied twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.datasets import services
from attraktiv.datasets.models import ImportRecord, ImportStatus, Person, RecomputeStatus
from attraktiv.datasets.tests.sample import HX_READING, demo_units, uploads, write_csv_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(tmp_path):
    """12 persons on the demo region's units, stored by the import command's path."""
    folder = write_csv_folder(tmp_path / "stored", units=demo_units())
    return services.import_dataset(folder, user=None, enqueue_recompute=False)


@pytest.fixture
def newer_folder(tmp_path):
    """A valid data set of 20 persons on the demo region's units."""
    return write_csv_folder(tmp_path / "newer", n=20, units=demo_units())


def read_upload(folder: Path, user) -> ImportRecord:
    """Upload ``folder`` and do the import job's reading (``tasks.import_upload``'s work)."""
    record = services.queue_upload(uploads(folder), None, user=user)
    return services.import_kept_upload(record.pk, record.upload_folder)


def upload_folders(var_dir: Path) -> list[Path]:
    root = var_dir / "uploads"
    return sorted(root.iterdir()) if root.exists() else []


def test_over_stored_data_a_valid_upload_awaits_confirmation_and_changes_nothing(
    stored, newer_folder, demo_users, var_dir
):
    record = read_upload(newer_folder, demo_users["hrstrateg"])
    assert record.status == ImportStatus.AWAITING
    assert Person.objects.count() == 12
    assert services.current_import() == stored
    # The checked tables wait, pseudonymised; the uploaded files are gone.
    [folder] = upload_folders(var_dir)
    assert folder.name == record.upload_folder
    assert sorted(p.name for p in folder.iterdir()) == ["checked"]
    assert (folder / "checked" / "persons.arrow").exists()
    assert (record.row_counts["persons"], record.first_year, record.last_year) == (20, 2023, 2024)
    assert record.recompute_status == RecomputeStatus.NONE
    rows = {what: (old, new) for what, old, new in services.comparison(stored, record)}
    assert rows["Anställda (personer)"] == ("12", "20")
    assert rows["Period"] == ("2023–2024", "2023–2024")
    assert rows["Av"] == ("importkommandot", "Hanna Strateg")
    assert rows["Enheter"][0] == rows["Enheter"][1] == str(len(demo_units()))


def test_confirming_stores_the_upload_once_and_logs_who_confirmed(
    stored, newer_folder, demo_users, var_dir
):
    record = read_upload(newer_folder, demo_users["hrstrateg"])
    confirmed = services.confirm_import(record.pk, user=demo_users["admin"])
    assert confirmed.status == ImportStatus.CONFIRMED
    assert confirmed.decided_by == demo_users["admin"]
    assert confirmed.recompute_status == RecomputeStatus.QUEUED
    assert Person.objects.count() == 12  # stored by the job, not here

    with pytest.raises(ValidationError, match="Importen är redan bekräftad"):
        services.confirm_import(record.pk, user=demo_users["hrstrateg"])
    with pytest.raises(ValidationError, match="Importen är redan bekräftad"):
        services.cancel_import(record.pk, user=demo_users["hrstrateg"])

    record = services.store_kept_upload(record.pk)
    assert record.status == ImportStatus.STORED
    assert Person.objects.count() == 20
    assert services.current_import() == record
    assert upload_folders(var_dir) == []
    record.refresh_from_db()
    assert record.upload_folder == ""
    with pytest.raises(ValidationError, match="Importen är redan bekräftad"):
        services.confirm_import(record.pk, user=demo_users["hrstrateg"])
    assert Person.objects.count() == 20

    event = AuditEvent.objects.filter(action=Action.IMPORT).order_by("pk").last()
    assert event is not None
    events = list(AuditEvent.objects.filter(action=Action.IMPORT).order_by("pk"))
    confirmation = next(e for e in events if "bekräftad" in e.subject)
    assert confirmation.username == "admin"
    assert confirmation.subject.startswith("HR-data, ersättning bekräftad: ")
    assert "persons.csv" in confirmation.subject


def test_cancelling_stores_nothing_removes_the_files_and_cannot_be_undone(
    stored, newer_folder, demo_users, var_dir
):
    record = read_upload(newer_folder, demo_users["hrstrateg"])
    cancelled = services.cancel_import(record.pk, user=demo_users["hrstrateg"])
    assert cancelled.status == ImportStatus.CANCELLED
    assert cancelled.decided_by == demo_users["hrstrateg"]
    assert upload_folders(var_dir) == []
    assert Person.objects.count() == 12
    assert services.current_import() == stored
    for decide in (services.confirm_import, services.cancel_import):
        with pytest.raises(ValidationError, match="Importen avbröts och ingenting lagrades"):
            decide(record.pk, user=demo_users["hrstrateg"])
    assert ImportRecord.objects.get(pk=record.pk).status == ImportStatus.CANCELLED
    event = AuditEvent.objects.filter(action=Action.IMPORT).order_by("pk").last()
    assert event is not None and event.username == "hrstrateg"
    assert event.subject.startswith("HR-data, ersättning avbruten: ")


def test_a_newer_upload_supersedes_one_awaiting(
    stored, newer_folder, tmp_path, demo_users, var_dir
):
    first = read_upload(newer_folder, demo_users["hrstrateg"])
    second = services.queue_upload(uploads(newer_folder), None, user=demo_users["hrstrateg"])
    first.refresh_from_db()
    assert first.status == ImportStatus.SUPERSEDED
    assert [p.name for p in upload_folders(var_dir)] == [second.upload_folder]
    with pytest.raises(ValidationError, match="En nyare uppladdning har ersatt den här"):
        services.confirm_import(first.pk, user=demo_users["hrstrateg"])
    second = services.import_kept_upload(second.pk, second.upload_folder)
    assert second.status == ImportStatus.AWAITING

    # Two uploads read in the other order: the newest one waits, the older is superseded.
    third = services.queue_upload(uploads(newer_folder), None, user=demo_users["hrstrateg"])
    fourth = services.queue_upload(uploads(newer_folder), None, user=demo_users["hrstrateg"])
    services.import_kept_upload(fourth.pk, fourth.upload_folder)
    third = services.import_kept_upload(third.pk, third.upload_folder)
    waiting = ImportRecord.objects.filter(status=ImportStatus.AWAITING)
    assert list(waiting.values_list("pk", flat=True)) == [fourth.pk]
    assert third.status == ImportStatus.SUPERSEDED
    assert [p.name for p in upload_folders(var_dir)] == [fourth.upload_folder]
    assert Person.objects.count() == 12


def test_with_no_data_stored_an_upload_is_stored_at_once(newer_folder, demo_users, var_dir):
    record = read_upload(newer_folder, demo_users["hrstrateg"])
    assert record.status == ImportStatus.STORED
    assert Person.objects.count() == 20
    assert upload_folders(var_dir) == []


def test_only_importers_may_confirm_or_cancel(stored, newer_folder, demo_users):
    record = read_upload(newer_folder, demo_users["hrstrateg"])
    for username in ("chef", "forvaltningshr", "lasare"):
        for decide in (services.confirm_import, services.cancel_import):
            with pytest.raises(PermissionDenied):
                decide(record.pk, user=demo_users[username])
    assert ImportRecord.objects.get(pk=record.pk).status == ImportStatus.AWAITING


# ---- the pages ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_page_compares_and_replace_data_stores_through_the_job(
    client_as, stored, newer_folder, run_jobs, var_dir
):
    client = client_as("hrstrateg")
    client.post("/data/ladda-upp/", {"data_files": uploads(newer_folder)})
    record = ImportRecord.objects.get(status=ImportStatus.PENDING)
    polled = client.get(f"/data/import/{record.pk}/forlopp/", headers=HX_READING)
    assert 'id="import-reading"' in polled.content.decode()

    run_jobs()

    record.refresh_from_db()
    assert record.status == ImportStatus.AWAITING
    polled = client.get(f"/data/import/{record.pk}/forlopp/", headers=HX_READING)
    assert polled.headers["HX-Refresh"] == "true"  # the page reloads with the comparison
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "Ersätta lagrade data?" in page
    assert "Lagrade data (ersätts)" in page and "Nya data" in page
    row = page.split('<th scope="row">Anställda (personer)</th>')[1].split("</tr>")[0]
    assert row == "<td>12</td><td>20</td>"
    assert "markeras som beräknad på äldre data" in page
    assert f'action="/data/import/{record.pk}/ersatt/"' in page
    assert f'action="/data/import/{record.pk}/avbryt/"' in page
    assert "Väntar på bekräftelse" in client.get("/data/").content.decode()
    assert Person.objects.count() == 12

    response = client.post(f"/data/import/{record.pk}/ersatt/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/data/import/{record.pk}/"
    assert "Data lagras" in page and "Lagrar data…" in page
    assert f'hx-get="/data/import/{record.pk}/forlopp/"' in page

    run_jobs()

    record.refresh_from_db()
    assert record.status == ImportStatus.STORED, record.error_lines
    assert record.recompute_status == RecomputeStatus.DONE, record.recompute_message
    assert Person.objects.count() == 20
    assert upload_folders(var_dir) == []
    page = client.get(f"/data/import/{record.pk}/").content.decode()
    assert "Data importerades" in page and "Ersättningen bekräftades av Hanna Strateg" in page

    # A second "Ersätt data" (another tab, a double click) is refused with a message.
    response = client.post(f"/data/import/{record.pk}/ersatt/", follow=True)
    assert response.status_code == 200
    assert "Importen är redan bekräftad." in response.content.decode()
    run_jobs()
    assert ImportRecord.objects.filter(status=ImportStatus.STORED).count() == 2
    assert Person.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_cancel_on_the_page_keeps_the_stored_data(
    client_as, stored, newer_folder, run_jobs, var_dir
):
    client = client_as("hrstrateg")
    client.post("/data/ladda-upp/", {"data_files": uploads(newer_folder)})
    run_jobs()
    record = ImportRecord.objects.get(status=ImportStatus.AWAITING)
    response = client.post(f"/data/import/{record.pk}/avbryt/", follow=True)
    page = response.content.decode()
    assert "Importen avbröts" in page and "Avbruten av Hanna Strateg" in page
    assert "Importen avbröts. De lagrade data är oförändrade." in page
    assert "Ersätt data" not in page
    response = client.post(f"/data/import/{record.pk}/ersatt/", follow=True)
    assert "Importen avbröts och ingenting lagrades." in response.content.decode()
    run_jobs()
    assert Person.objects.count() == 12
    assert services.current_import() == stored
    assert upload_folders(var_dir) == []


def test_the_decisions_take_a_post_and_the_right_to_import(client_as, stored):
    record = ImportRecord.objects.create(source="upload", status=ImportStatus.AWAITING)
    client = client_as("hrstrateg")
    assert client.get(f"/data/import/{record.pk}/ersatt/").status_code == 405
    chef = client_as("chef")
    assert chef.post(f"/data/import/{record.pk}/ersatt/").status_code == 403
    assert chef.post(f"/data/import/{record.pk}/avbryt/").status_code == 403
    assert ImportRecord.objects.get(pk=record.pk).status == ImportStatus.AWAITING
