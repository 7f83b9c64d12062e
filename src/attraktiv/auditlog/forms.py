"""The event log page's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.auditlog.models import Action


class EventFilterForm(forms.Form):
    """GET filters: user, event, first and last day, free text (names in Swedish in the URL)."""

    anvandare = forms.CharField(label=_("User"), required=False, max_length=150)
    handelse = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *Action.choices]
    )
    fran = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    till = forms.DateField(
        label=_("To (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(label=_("Free text"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("fran"), cleaned.get("till")
        if since and until and since > until:
            self.add_error("till", _("The last day comes before the first."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters as ``services.filtered_events`` takes them (none when invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "username": data["anvandare"].strip(),
            "action": data["handelse"],
            "since": data["fran"],
            "until": data["till"],
            "text": data["text"].strip(),
        }
