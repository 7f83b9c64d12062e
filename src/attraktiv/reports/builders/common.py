"""What every board paper's builder shares (issue 13 §3): the organisation's name, the front
page, the footer's provenance (the source import, the plan version, when it was generated),
and the Swedish words for stored codes.

Language: the papers are Swedish documents for a Swedish board whatever language the person
who asks for them uses, so the builders write plain Swedish strings, not gettext. Where a
model's choices already name a code (a status, a unit of measure), ``label_sv`` reads that
label in Swedish (the catalogue's translation) rather than repeating the word here.

Numbers in tables stay typed (the renderers present them); numbers inside running text are
formatted with ``attraktiv.formatting``.

API (used by the builders of ``followup``, ``sickleave``, ``supply``, ``drawdown``, ``audit``):

- ``organisation_name() -> str``: the root unit's name ("Region Exempel"), "" without units;
- ``front_page(title, subtitle, *, decision_body=DECISION_BODY, diarienummer="", date=None)
  -> FrontPage``: the organisation filled in, the date today unless given;
- ``provenance(source_import, plan_version, generated_at=None) -> Provenance``, where
  ``source_import`` is an ``ImportRecord`` (or None) and ``plan_version`` a ``PlanVersion``
  (or None) or a text of one's own (the supply plan's run);
- ``import_text(record) -> str`` and ``plan_version_text(version) -> str``: the same words
  on their own;
- ``latest_import()``: the stored HR data's import (``supplyplan.services.latest_import``);
- ``latest_plan_version(programme) -> PlanVersion | None``;
- ``decision_body(programme) -> str``: the body that decided the programme, else
  ``DECISION_BODY`` ("Regionstyrelsen");
- ``label_sv(choices, value) -> str``: a stored code's label in Swedish, the code itself if
  unknown.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation

from attraktiv.actionplans.models import PlanVersion
from attraktiv.datasets.models import ImportRecord
from attraktiv.formatting import format_date
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Programme
from attraktiv.reports.content import FrontPage, Provenance
from attraktiv.supplyplan.services import latest_import

__all__ = [
    "DECISION_BODY",
    "decision_body",
    "front_page",
    "import_text",
    "label_sv",
    "latest_import",
    "latest_plan_version",
    "organisation_name",
    "plan_version_text",
    "provenance",
]

# The body a region's personnel programmes and their follow-ups go to (seed 001, 003).
DECISION_BODY = "Regionstyrelsen"


def organisation_name() -> str:
    """The organisation as the front page names it: the root unit of the tree."""
    root = Unit.objects.roots().order_by("path").first()
    return root.name if root else ""


def front_page(
    title: str,
    subtitle: str,
    *,
    decision_body: str = DECISION_BODY,
    diarienummer: str = "",
    date: datetime.date | None = None,
) -> FrontPage:
    """The front page of a paper: the organisation, its title and subtitle, its date (today
    unless given), the body that decides and the diarienummer (empty unless stored)."""
    return FrontPage(
        organisation=organisation_name(),
        title=title,
        subtitle=subtitle,
        date=date or timezone.localdate(),
        decision_body=decision_body,
        diarienummer=diarienummer,
    )


def import_text(record: ImportRecord | None) -> str:
    """``HR-data importerad 2024-05-17 (persons.csv, employments.csv)``."""
    if record is None:
        return "Ingen HR-data importerad"
    names = [str(item.get("name", "")) for item in record.files if item.get("name")]
    when = format_date(timezone.localdate(record.started_at))
    files = f" ({', '.join(names)})" if names else ""
    return f"HR-data importerad {when}{files}"


def plan_version_text(version: PlanVersion | None) -> str:
    """``Handlingsplan version 1, fastställd 2022-12-13``."""
    if version is None:
        return "Handlingsplanen har ingen fastställd version"
    return f"Handlingsplan version {version.number}, fastställd {format_date(version.approved_on)}"


def provenance(
    source_import: ImportRecord | None,
    plan_version: PlanVersion | str | None,
    generated_at: datetime.datetime | None = None,
) -> Provenance:
    """The footer's words: where the figures came from, which plan, and when (now unless
    given)."""
    plan = plan_version if isinstance(plan_version, str) else plan_version_text(plan_version)
    return Provenance(
        source_import=import_text(source_import),
        plan_version=plan,
        generated_at=generated_at or timezone.now(),
    )


def latest_plan_version(programme: Programme) -> PlanVersion | None:
    """The programme's action plan's latest approved version."""
    return PlanVersion.objects.filter(action_plan__programme=programme).order_by("-number").first()


def decision_body(programme: Programme | None) -> str:
    """The body that decided the programme, else ``DECISION_BODY``."""
    if programme is not None and programme.decided_by.strip():
        return programme.decided_by.strip()
    return DECISION_BODY


def label_sv(choices: Any, value: str) -> str:
    """A stored code's label (a ``TextChoices`` member) in Swedish; the code if unknown."""
    try:
        member = choices(value)
    except ValueError:
        return value
    with translation.override("sv"):
        return str(member.label)
