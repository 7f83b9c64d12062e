"""Forms of the supply pages: a run, the levers of a scenario, a scenario file, an activity."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attraktiv.actionplans.models import Action
from attraktiv.core.uploads import check_upload_size
from attraktiv.supply.plan import scenario_from_levers
from attraktiv.supplyplan.models import Scenario


class RunForm(forms.Form):
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100)
    runs = forms.IntegerField(
        label=_("Stochastic runs"), min_value=1, max_value=10_000, initial=1000
    )


class CompareForm(forms.Form):
    """The two scenarios of the comparison page (``?a=…&b=…``)."""

    a = forms.ModelChoiceField(label=_("Compare"), queryset=Scenario.objects.all())
    b = forms.ModelChoiceField(label=_("with"), queryset=Scenario.objects.all())


class LeverForm(forms.Form):
    """The levers of supply-plan.md §4 for every competence ([defaults] of the file)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100)
    horizon = forms.IntegerField(label=_("Horizon (years)"), min_value=1, max_value=30, initial=10)
    retirement_age_shift = forms.DecimalField(
        label=_("Retirement age +Δ years"),
        max_digits=4,
        decimal_places=2,
        required=False,
        localize=True,
    )
    full_time_target = forms.DecimalField(
        label=_("Mean employment rate target (%)"),
        min_value=1,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        required=False,
        localize=True,
    )
    full_time_year = forms.IntegerField(
        label=_("…reached in the year"), min_value=1990, max_value=2100, required=False
    )
    turnover_factor = forms.DecimalField(
        label=_("Staff turnover ×"),
        min_value=0,
        max_digits=4,
        decimal_places=2,
        required=False,
        localize=True,
    )
    recruits_factor = forms.DecimalField(
        label=_("Recruitment ×"),
        min_value=0,
        max_digits=4,
        decimal_places=2,
        required=False,
        localize=True,
    )
    demand_growth = forms.DecimalField(
        label=_("Demand growth per year (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,
    )

    step_group = forms.CharField(label=_("Demand step: competence"), max_length=200, required=False)
    step_year = forms.IntegerField(
        label=_("…in the year"), min_value=1990, max_value=2100, required=False
    )
    step_fte = forms.DecimalField(
        label=_("…FTE added to demand"),
        max_digits=7,
        decimal_places=1,
        required=False,
        localize=True,
    )

    def clean(self):
        data = super().clean() or {}
        step = [data.get("step_group"), data.get("step_year"), data.get("step_fte")]
        if any(value not in (None, "") for value in step) and not all(
            value not in (None, "") for value in step
        ):
            raise ValidationError(_("Give the competence, the year and the FTE of the step."))
        if (
            data.get("step_year")
            and data.get("base_year")
            and data["step_year"] <= data["base_year"]
        ):
            self.add_error("step_year", _("The year must come after the base year."))
        target, year = data.get("full_time_target"), data.get("full_time_year")
        if (target is None) != (year is None):
            raise ValidationError(_("Give both the employment rate target and its year."))
        if year is not None and data.get("base_year") and year <= data["base_year"]:
            self.add_error("full_time_year", _("The year must come after the base year."))
        return data

    def scenario_text(self) -> str:
        data = self.cleaned_data

        def number(key: str) -> float | None:
            return None if data.get(key) is None else float(data[key])

        growth = number("demand_growth")
        return scenario_from_levers(
            name=data["name"],
            base_year=data["base_year"],
            horizon=data["horizon"],
            retirement_age_shift=number("retirement_age_shift"),
            mean_rate=(
                {data["full_time_year"]: float(data["full_time_target"])}
                if data.get("full_time_target") is not None
                else None
            ),
            turnover_factor=number("turnover_factor"),
            recruits_factor=number("recruits_factor"),
            demand_growth=None if growth is None else growth / 100,
            demand_step=(
                (data["step_group"].strip(), data["step_year"], float(data["step_fte"]))
                if data.get("step_group")
                else None
            ),
        )


class ScenarioFileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    toml_file = forms.FileField(label=_("Scenario file (TOML)"), validators=[check_upload_size])

    def clean_toml_file(self):
        upload = self.cleaned_data["toml_file"]
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None

    def scenario_text(self) -> str:
        return self.cleaned_data["toml_file"]


class ActivityForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action"),
        queryset=Action.objects.select_related("action_plan").order_by("action_plan", "ref"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
