"""The event log records a Kolada upload (core.uploads.import_upload), stored or rejected."""

from __future__ import annotations

import pytest

from attraktiv.auditlog.models import Action, AuditEvent, Outcome

pytestmark = pytest.mark.django_db


def test_a_kolada_upload_is_logged_by_file_name_page_and_outcome(kolada_file, tmp_path, client_as):
    client = client_as("hrstrateg")
    with kolada_file.open("rb") as handle:
        client.post("/jamforelser/ladda-upp/", {"data_file": handle}, REMOTE_ADDR="10.3.3.3")
    broken = tmp_path / "trasig.json"
    broken.write_text('{\n  "values": [\n', encoding="utf-8")
    with broken.open("rb") as handle:
        client.post("/jamforelser/ladda-upp/", {"data_file": handle}, REMOTE_ADDR="10.3.3.3")
    stored, rejected = AuditEvent.objects.filter(action=Action.IMPORT).order_by("pk")
    assert (stored.subject, stored.outcome) == ("kolada_N60030_2023.json", Outcome.SUCCEEDED)
    assert (rejected.subject, rejected.outcome) == ("trasig.json", Outcome.FAILED)
    for event in (stored, rejected):
        assert (event.username, event.path, event.address) == (
            "hrstrateg",
            "/jamforelser/ladda-upp/",
            "10.3.3.3",
        )
