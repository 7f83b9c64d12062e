"""The Rapporter page's forms: they only parse the choice; ``reports.kinds.check`` (through
``services.request_report``) says what cannot give a report, on the field it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.access import Access, Capability
from attraktiv.audits.models import Audit
from attraktiv.followups.forms import DescribedForm
from attraktiv.followups.models import FollowUpRound
from attraktiv.measurements.models import Measurement
from attraktiv.programmes.models import Programme
from attraktiv.reports.kinds import KINDS, ReportInputs, may_make
from attraktiv.reports.render import FORMATS

NOT_CHOSEN = ("", "—")


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.name, kind.title) for kind in KINDS.values()]


class KindForm(forms.Form):
    """The first step: which report, among those the user may make (``kinds.may_make``)."""

    kind = forms.ChoiceField(label=_("Report"))

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (name, title) for name, title in kind_choices() if may_make(name, access)
        ]


class ReportForm(DescribedForm):
    """The second step: the inputs the chosen kind reads (``Kind.inputs``), each a select of
    what the user may read, and the format."""

    kind = forms.ChoiceField(choices=kind_choices, widget=forms.HiddenInput)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    round = forms.TypedChoiceField(
        label=_("Follow-up round"), required=False, coerce=int, empty_value=None
    )
    audit = forms.ChoiceField(label=_("Audit"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f.name, f.label) for f in FORMATS.values()], initial="pdf"
    )

    def __init__(
        self, *args: Any, kind: str, access: Access, with_format: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_format:  # the preview is HTML on the page
            del self.fields["format"]
        self.fields["kind"].initial = kind
        wanted = KINDS[kind].inputs if kind in KINDS else ()
        for name in ("programme", "round", "audit", "year", "unit"):
            if name not in wanted:
                del self.fields[name]
        choices: dict[str, Callable[[], list[tuple[Any, str]]]] = {
            "programme": lambda: [
                (p.code, p.name) for p in Programme.objects.order_by("-first_year", "code")
            ],
            "round": lambda: [
                (r.pk, f"{r.programme.name}: {r.name}")
                for r in FollowUpRound.objects.select_related("programme").order_by(
                    "programme__code", "-period_end"
                )
            ],
            "audit": lambda: [(a.identifier, str(a)) for a in Audit.objects.all()],
            "year": lambda: [(year, str(year)) for year in measured_years()],
            "unit": lambda: [
                (u.unit_id, u.name) for u in access.units(Capability.VIEW_FIGURES).order_by("path")
            ],
        }
        for name, filled in choices.items():
            if name in self.fields:
                self.fields[name].choices = [NOT_CHOSEN, *filled()]  # type: ignore[attr-defined]

    def inputs(self) -> ReportInputs:
        data = self.cleaned_data
        return ReportInputs(
            kind=data["kind"],
            programme=data.get("programme") or "",
            round_id=data.get("round"),
            year=data.get("year"),
            unit=data.get("unit") or "",
            audit=data.get("audit") or "",
        )


def measured_years() -> list[int]:
    """The calendar years the stored measurements cover, latest first."""
    periods = Measurement.objects.values_list("period", flat=True).distinct()
    return sorted({int(period[:4]) for period in periods if period[:4].isdigit()}, reverse=True)
