"""The reports Attraktiv produces (issue 13 §2) and what each needs to be built.

Each kind has one builder, ``attraktiv.reports.builders.<kind>.build(inputs, access)``, which
reads the database within ``access`` (a Chef gets their units only) and returns the
content model (``attraktiv.reports.content.Report``); the command, the Rapporter page and the
download buttons all go through ``build``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.access import Access
from attraktiv.reports.content import Report


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
