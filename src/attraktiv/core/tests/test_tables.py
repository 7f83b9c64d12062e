"""Downloads (core.tables.download): the media type from the suffix, the file name in
Content-Disposition, with Swedish letters sent as RFC 6266's ``filename*``; each one logged."""

from __future__ import annotations

import pytest

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.core import tables

pytestmark = pytest.mark.django_db


def test_an_ascii_name_is_sent_as_it_is():
    response = tables.download("a;b\r\n", "plan_2024.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="plan_2024.csv"'
    assert response.content == b"a;b\r\n"
    assert AuditEvent.objects.get().subject == "plan_2024.csv"


def test_a_swedish_name_survives_the_header():
    response = tables.download(b"PK", "kompetensförsörjning-2025.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''kompetensf%C3%B6rs%C3%B6rjning-2025.xlsx"
    )


def test_an_unknown_suffix_is_refused():
    with pytest.raises(KeyError):
        tables.download("x", "plan.exe")
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()
