"""Forms of the follow-up pages; they only parse input, the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.actionplans.models import ActionStatus
from attraktiv.followups.models import RoundKind
from attraktiv.programmes.models import GoalStatus, Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DescribedForm(forms.Form):
    """Each control points at its help text and its errors (``aria-describedby``)."""

    def describe(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if name in (getattr(self, "_errors", None) or {}):
                ids.append(f"{bound.auto_id}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self.describe()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self.describe()


class OpenRoundForm(DescribedForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    deadline = forms.DateField(label=_("Reporting deadline"), widget=DateInput())


class ReportForm(DescribedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentForm(DescribedForm):
    status = forms.ChoiceField(label=_("Goal status"), choices=GoalStatus.choices)
    text = forms.CharField(
        label=_("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    override_reason = forms.CharField(
        label=_("Reason for another status than the proposed one"),
        required=False,
        help_text=_("Required when the status differs from the proposed one."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LockForm(DescribedForm):
    """Locking; while units have not reported, the box confirms it (the service asks)."""

    confirm = forms.BooleanField(
        label=_("Lock even though not every unit has reported"), required=False
    )


class ReopenForm(DescribedForm):
    reason = forms.CharField(
        label=_("Reason for opening the round again"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for opening the round again.")},
    )


class ApprovalForm(DescribedForm):
    approved_by = forms.CharField(label=_("Approved by"), max_length=200, initial="Regionstyrelsen")
    approved_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    decision = forms.CharField(label=_("Decision"), max_length=300)
