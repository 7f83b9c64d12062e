"""The event log records the approval of an action plan revision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from attraktiv.actionplans import services
from attraktiv.auditlog.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def test_an_approved_revision_is_logged_and_a_refused_one_is_not(plan, demo_users):
    user = demo_users["hrstrateg"]
    with pytest.raises(ValidationError):
        services.approve_revision(user, plan.plan, 2024, datetime.date(2024, 2, 20), "")
    assert not AuditEvent.objects.filter(action=Action.PLAN_APPROVAL).exists()
    services.approve_revision(user, plan.plan, 2024, datetime.date(2024, 2, 20), "RS § 12")
    event = AuditEvent.objects.get(action=Action.PLAN_APPROVAL)
    assert (event.username, event.user) == ("hrstrateg", user)
    assert event.subject == f"{plan.plan.name}, version 1"
