"""Forms of the programme pages; the rules themselves live in ``programmes.services``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attraktiv.programmes.models import Gender, GoalStatus
from attraktiv.programmes.services import parse_decimal


class OverrideForm(forms.Form):
    status_override = forms.ChoiceField(
        label=_("Judgement"),
        choices=[("", _("As the rules propose")), *GoalStatus.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason for the override"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ManualValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    gender = forms.ChoiceField(label=_("For"), choices=Gender.choices, required=False)
    value = forms.CharField(label=_("Value"), max_length=30)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def clean_value(self):
        try:
            return parse_decimal(self.cleaned_data["value"], "value")
        except ValidationError as error:
            raise ValidationError(error.message_dict["value"]) from None
