"""The event log records each HR-data import attempt: who, the files' names, the outcome."""

from __future__ import annotations

import pytest

from attraktiv.auditlog.models import Action, AuditEvent, Outcome
from attraktiv.datasets.services import import_dataset

pytestmark = pytest.mark.django_db


def test_a_stored_and_a_rejected_import_are_logged_without_their_contents(
    good_folder, bad_folder, django_user_model
):
    user = django_user_model.objects.create(username="hrstrateg")
    import_dataset(good_folder, user=user, enqueue_recompute=False)
    import_dataset(bad_folder, user=user, enqueue_recompute=False)
    stored, rejected = AuditEvent.objects.filter(action=Action.IMPORT).order_by("pk")
    assert stored.outcome == Outcome.SUCCEEDED
    assert rejected.outcome == Outcome.FAILED
    for event in (stored, rejected):
        assert event.username == "hrstrateg"
        assert event.subject.startswith("HR-data: ")
        assert "employments.csv" in event.subject and "persons.csv" in event.subject
        # File names only: no figure, no person, no error text.
        assert "abc" not in event.subject
