"""The reports Attraktiv produces (issue 13 §2) and what each needs to be built.

Each kind has one builder, ``attraktiv.reports.builders.<kind>.build(inputs, access)``, which
reads the database within ``access`` (a Chef gets their units only) and returns the
content model (``attraktiv.reports.content.Report``); the command, the Rapporter page and the
download buttons all go through ``build``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.access import Access, Capability
from attraktiv.reports.content import Report

if TYPE_CHECKING:
    from attraktiv.programmes.models import Programme

# The first and last year a report may be asked for (a typing error otherwise).
YEARS = (1990, 2100)


class ReportInputError(Exception):
    """The inputs cannot give this report: a Swedish ``message`` naming the ``field``
    (``programme``, ``round``, ``year``, ``unit`` or ``audit``) for the form or the command."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ReportInputs:
    """What the user chose: a programme's code, a follow-up round, a year, a unit
    (``Unit.unit_id``), an audit. Each kind reads the ones it needs (``Kind.inputs``)."""

    kind: str
    programme: str = ""
    round_id: int | None = None
    year: int | None = None
    unit: str = ""
    audit: str = ""  # Audit.identifier, e.g. "7/2022"


@dataclass(frozen=True)
class Kind:
    name: str
    title: str | Promise
    # The inputs it reads, in the order a form asks for them.
    inputs: tuple[str, ...]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("followup", _("Follow-up of the action plan"), ("programme", "round")),
        Kind("drawdown", _("Drawdown of funds"), ("programme",)),
        Kind("audit", _("Response to an audit"), ("programme", "audit")),
        Kind("sickleave", _("Sick leave in the annual report"), ("year", "unit")),
        Kind("supply", _("Competence supply plan"), ()),
    )
}


def build(inputs: ReportInputs, access: Access) -> Report:
    """The report ``inputs.kind`` asks for, as ``access`` may read it."""
    if inputs.kind not in KINDS:
        raise ReportInputError("kind", f"Okänd rapport {inputs.kind!r}")
    module = importlib.import_module(f"attraktiv.reports.builders.{inputs.kind}")
    return module.build(inputs, access)


def the_programme(inputs: ReportInputs) -> Programme:
    """The programme ``inputs.programme`` names, or the only one stored; with several and
    none named, the error lists their codes (``programmes.services.choose_programme``, the
    rule ``attraktiv programme export`` follows)."""
    from attraktiv.programmes.services import ProgrammeNotChosen, choose_programme

    try:
        return choose_programme(inputs.programme)
    except ProgrammeNotChosen as error:
        raise ReportInputError("programme", error.message) from error


def may_make(kind: str, access: Access) -> bool:
    """Whether ``access`` may make a report of ``kind`` at all: the published papers
    (follow-up, drawdown, audit) for every reader of published plans, the sick leave for a
    reader of some unit's figures, the supply plan (the region's) for a reader of the
    region's figures (``Access.may_read_region_figures``)."""
    if kind == "sickleave":
        return access.has(Capability.VIEW_FIGURES)
    if kind == "supply":
        return access.may_read_region_figures()
    return kind in KINDS and access.has(Capability.VIEW_PUBLISHED)


def check(inputs: ReportInputs, access: Access) -> None:
    """Refuse, before a job is queued, inputs that cannot give the report: an unknown kind
    or one ``access`` may not make (``may_make``), a programme, round, audit or unit that
    does not exist (or a unit outside what ``access`` may read figures for), a year out of
    range, and no programme chosen among several where the kind needs one and neither a
    round nor an audit names it. The builder checks the rest (``build``), and its
    ``ReportInputError`` fails the job with its message."""
    from attraktiv.audits.models import Audit
    from attraktiv.followups.models import FollowUpRound
    from attraktiv.organisation.models import Unit

    kind = KINDS.get(inputs.kind)
    if kind is None:
        raise ReportInputError("kind", f"Okänd rapport {inputs.kind!r}; välj {', '.join(KINDS)}")
    if not may_make(inputs.kind, access):
        raise ReportInputError("kind", f"Du får inte skapa rapporten {kind.title}.")
    if inputs.round_id is not None:
        found = FollowUpRound.objects.filter(pk=inputs.round_id).select_related("programme")
        round_ = found.first()
        if round_ is None:
            raise ReportInputError(
                "round", f"Det finns ingen uppföljningsomgång {inputs.round_id}."
            )
        if inputs.programme and round_.programme.code != inputs.programme:
            raise ReportInputError(
                "round", f"Omgången {round_.name} hör inte till programmet {inputs.programme}."
            )
    if inputs.audit and not Audit.objects.filter(identifier=inputs.audit).exists():
        codes = ", ".join(Audit.objects.values_list("identifier", flat=True)) or "–"
        raise ReportInputError(
            "audit", f"Det finns ingen granskning {inputs.audit!r}; välj en av: {codes}"
        )
    if inputs.unit:
        unit = Unit.objects.filter(unit_id=inputs.unit).first()
        if unit is None or not access.allows(Capability.VIEW_FIGURES, unit):
            raise ReportInputError(
                "unit", f"Enheten {inputs.unit!r} finns inte bland dem du får se nyckeltal för."
            )
    if inputs.year is not None and not YEARS[0] <= inputs.year <= YEARS[1]:
        raise ReportInputError("year", f"Året {inputs.year} ligger utanför {YEARS[0]}–{YEARS[1]}.")
    named_elsewhere = inputs.round_id is not None or bool(inputs.audit)
    if "programme" in kind.inputs and (inputs.programme or not named_elsewhere):
        the_programme(inputs)


def describe(inputs: ReportInputs) -> str:
    """The inputs in words, as the Rapporter page's list shows them ("Program:
    Attraktiv arbetsgivare 2018–2020")."""
    from attraktiv.followups.models import FollowUpRound
    from attraktiv.organisation.models import Unit
    from attraktiv.programmes.models import Programme

    parts = []
    if inputs.programme:
        programme = Programme.objects.filter(code=inputs.programme).first()
        name = programme.name if programme else inputs.programme
        parts.append(f"{gettext_now('Programme')}: {name}")
    if inputs.round_id is not None:
        round_ = FollowUpRound.objects.filter(pk=inputs.round_id).first()
        parts.append(
            f"{gettext_now('Follow-up round')}: {round_.name if round_ else inputs.round_id}"
        )
    if inputs.audit:
        parts.append(f"{gettext_now('Audit')}: {inputs.audit}")
    if inputs.year is not None:
        parts.append(f"{gettext_now('Year')}: {inputs.year}")
    if inputs.unit:
        unit = Unit.objects.filter(unit_id=inputs.unit).first()
        parts.append(f"{gettext_now('Unit')}: {unit.name if unit else inputs.unit}")
    return "; ".join(parts)
