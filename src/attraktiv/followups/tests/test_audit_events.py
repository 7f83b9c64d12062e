"""The event log records a round's lock, reopening and the board's approval."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.followups import services

pytestmark = pytest.mark.django_db


def test_locking_on_the_page_then_reopening_and_approval_are_logged(plan, client_as, demo_users):
    client = client_as("hrstrateg")
    url = reverse("followups:lock", args=[plan.round.pk])
    # The round has units that have not reported: the box confirms the lock.
    assert client.post(url, {"confirm": "on"}, REMOTE_ADDR="10.4.4.4").status_code == 302
    lock = AuditEvent.objects.get(action=Action.ROUND_LOCK)
    assert lock.subject == f"pap-2023: {plan.round.name}"
    assert (lock.username, lock.path, lock.address) == ("hrstrateg", url, "10.4.4.4")

    strategist = demo_users["hrstrateg"]
    services.reopen_round(strategist, plan.round, "HS rapporterade fel status")
    services.lock_round(strategist, plan.round, unreported_confirmed=True)
    services.record_approval(
        strategist, plan.round, "Regionstyrelsen", timezone.localdate(), "RS § 4"
    )
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))[-3:] == [
        Action.ROUND_REOPEN,
        Action.ROUND_LOCK,
        Action.BOARD_APPROVAL,
    ]
    approval = AuditEvent.objects.get(action=Action.BOARD_APPROVAL)
    assert approval.subject == f"pap-2023: {plan.round.name}: Regionstyrelsen"
    # The reason for reopening is free text and stays out of the log.
    assert not AuditEvent.objects.filter(subject__contains="rapporterade").exists()
