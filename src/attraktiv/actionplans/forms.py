"""Forms of the action plan pages (pages.md, "Action plan"): filters, edits, reschedules,
revisions and the choice of versions to compare. Saving goes through ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.actionplans.models import ActionPlan, ActionStatus, Aruba, ResponsibleParty
from attraktiv.actionplans.services import ARUBA_LABELS, STATUS_LABELS
from attraktiv.programmes.models import Goal

YEAR_MIN, YEAR_MAX = 2000, 2100


def status_choices() -> list[tuple[str, Any]]:
    return [(value, STATUS_LABELS[value]) for value in ActionStatus.values]


def aruba_choices() -> list[tuple[str, Any]]:
    return [("", _("none"))] + [(value, ARUBA_LABELS[value]) for value in Aruba.values]


class AccessibleForm(forms.Form):
    """Ties each control to its help text and error messages (WCAG 1.3.1, 3.3.1)."""

    def full_clean(self) -> None:
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-help")
            if name in self.errors:
                described.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"


class PlanFilterForm(forms.Form):
    """The GET filters of the plan table: ansvarig, status, år and mål."""

    ansvarig = forms.ChoiceField(label=_("Responsible"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    ar = forms.TypedChoiceField(
        label=_("Planned year"), required=False, coerce=int, empty_value=None
    )
    mal = forms.TypedChoiceField(label=_("Goal"), required=False, coerce=int, empty_value=None)

    def __init__(self, action_plan: ActionPlan, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = ("", _("All"))
        parties = ResponsibleParty.objects.filter(actions__action_plan=action_plan).distinct()
        set_choices(self, "ansvarig", [everyone] + [(p.code, p.code) for p in parties])
        set_choices(self, "status", [everyone, *status_choices()])
        years = sorted(set(action_plan.actions.values_list("planned_year", flat=True)))
        set_choices(self, "ar", [everyone] + [(str(year), str(year)) for year in years])
        goals = Goal.objects.filter(area__programme=action_plan.programme).select_related("area")
        set_choices(
            self,
            "mal",
            [everyone] + [(str(goal.pk), f"{goal.ref} {shorten(goal.text)}") for goal in goals],
        )


def shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ref} {shorten(obj.text, 90)}"


class PartyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} ({obj.name})"


class ActionForm(AccessibleForm):
    """An action's fields for plan editors; the planned year moves by rescheduling."""

    ref = forms.CharField(label=_("Reference"), max_length=32)
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    goal = GoalChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    responsible = PartyChoiceField(
        label=_("Responsible"),
        queryset=ResponsibleParty.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"))
    aruba = forms.ChoiceField(label=_("ARUBA"), required=False)

    def __init__(self, action_plan: ActionPlan, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, GoalChoiceField)
        goal_field.queryset = Goal.objects.filter(
            area__programme=action_plan.programme
        ).select_related("area")
        set_choices(self, "status", status_choices())
        set_choices(self, "aruba", aruba_choices())


class NewActionForm(ActionForm):
    planned_year = forms.IntegerField(
        label=_("Planned completion year"), min_value=YEAR_MIN, max_value=YEAR_MAX
    )


class RescheduleForm(AccessibleForm):
    new_year = forms.IntegerField(label=_("New year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        help_text=_("Optional. The date of the decision, as 2024-03-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RevisionForm(AccessibleForm):
    year = forms.IntegerField(label=_("Plan year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    approved_on = forms.DateField(
        label=_("Approved on"),
        help_text=_("As 2024-03-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=300,
        help_text=_("Who decided, for example “Regionstyrelsen § 123”."),
    )
    diarienummer = forms.CharField(label=_("Record number"), max_length=64, required=False)


class CompareForm(forms.Form):
    fran = forms.ChoiceField(label=_("From version"))
    till = forms.ChoiceField(label=_("To version"))

    def __init__(self, action_plan: ActionPlan, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = [
            (
                str(v.number),
                _("Version %(number)s (%(year)s, approved %(date)s)")
                % {"number": v.number, "year": v.year, "date": v.approved_on.isoformat()},
            )
            for v in action_plan.versions.order_by("number")
        ]
        live = (
            "live",
            _("Current plan (version %(number)s, not approved)")
            % {"number": action_plan.current_version_number},
        )
        set_choices(self, "fran", versions)
        set_choices(self, "till", [*versions, live])
