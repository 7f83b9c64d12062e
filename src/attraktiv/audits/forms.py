"""Forms of the audit pages: they parse input; ``audits.services`` validates and stores."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.actionplans.models import Action
from attraktiv.audits.models import Audit, Measure
from attraktiv.audits.services import status_choices
from attraktiv.programmes.models import Programme


def action_label(action: Action) -> str:
    return f"{action.ref} {action.text}".strip()


def actions_for(audit: Audit):
    """The actions a measure of ``audit`` may be linked to: its programme's, else all."""
    actions = Action.objects.select_related("action_plan__programme")
    if audit.programme_id is not None:
        actions = actions.filter(action_plan__programme_id=audit.programme_id)
    return actions


class AuditForm(forms.Form):
    identifier = forms.CharField(
        label=_("Audit number"), max_length=64, help_text=_("For example 7/2022.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )
    auditor = forms.CharField(label=_("Auditor"), max_length=200, required=False)
    responded_by = forms.CharField(label=_("Responded by"), max_length=200, required=False)
    responded_on = forms.DateField(
        label=_("Responded on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StrategicAreasForm(forms.Form):
    names = forms.CharField(
        label=_("Strategic action areas"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One area per line, in order."),
    )

    confirm_removal = forms.BooleanField(
        label=_("Remove the areas left out of the list"), required=False
    )

    def clean_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class RecommendationForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, required=False)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    response = forms.CharField(
        label=_("The board's response"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Follow-up status"), choices=status_choices)
    follow_up_comment = forms.CharField(
        label=_("Follow-up comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Linked actions"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["actions"]
        field.queryset = actions_for(audit)  # type: ignore[attr-defined]
        field.label_from_instance = action_label  # type: ignore[attr-defined]


class FollowUpForm(MeasureForm):
    """The in-place follow-up of a measure: status, comment and linked actions."""

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": measure.status,
                "follow_up_comment": measure.follow_up_comment,
                "actions": list(measure.actions.all()),
            },
        )
        kwargs.setdefault("prefix", f"measure-{measure.pk}")
        super().__init__(*args, audit=measure.recommendation.audit, **kwargs)
        del self.fields["text"]
