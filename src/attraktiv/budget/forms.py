"""Forms of the budget pages: they only parse input; ``budget.services`` validates and stores.

pages.md, "Tone": numbers are typed the Swedish way; ``1 500`` and ``1500`` both work.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.programmes.models import Goal


class TkrField(forms.CharField):
    """A whole number of Tkr; spaces (also no-break) between thousands are allowed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 10}))
        super().__init__(*args, **kwargs)


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ref} {obj.text}".strip()


class DrawdownForm(forms.Form):
    """Add a drawdown (ianspråktagande) to an allocation, or change all of it."""

    area = forms.CharField(label=_("Area"), max_length=200)
    initiated = forms.CharField(
        label=_("Initiated"),
        max_length=64,
        help_text=_("The year the initiative started, or as the decision words it."),
    )
    initiative = forms.CharField(label=_("Initiative"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    amount_tkr = TkrField(label=_("Amount (Tkr)"))
    outcome_tkr = TkrField(label=_("Outcome (Tkr)"), required=False)
    decision = forms.CharField(label=_("Decision"), max_length=300)
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    goals = GoalChoiceField(
        label=_("Goals served"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, allocation: Allocation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)
        goals.queryset = Goal.objects.filter(area__programme=allocation.programme).select_related(
            "area"
        )
        self.fields["area"].widget.attrs["list"] = "budget-areas"

    @classmethod
    def for_drawdown(cls, drawdown: Drawdown, data: Any = None) -> DrawdownForm:
        initial = {
            "area": drawdown.area,
            "initiated": drawdown.initiated,
            "initiative": drawdown.initiative,
            "year": drawdown.year,
            "amount_tkr": drawdown.amount_tkr,
            "outcome_tkr": drawdown.outcome_tkr,
            "decision": drawdown.decision,
            "decided_on": drawdown.decided_on,
            "goals": list(drawdown.goals.all()),
        }
        return cls(data, allocation=drawdown.allocation, initial=initial)


class DrawdownRowForm(forms.Form):
    """The in-place edit of one row: its amount and its outcome."""

    amount_tkr = TkrField(label=_("Amount (Tkr)"))
    outcome_tkr = TkrField(label=_("Outcome (Tkr)"), required=False)

    def __init__(self, *args: Any, drawdown: Drawdown, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"amount_tkr": drawdown.amount_tkr, "outcome_tkr": drawdown.outcome_tkr}
        )
        kwargs.setdefault("auto_id", f"id_row{drawdown.pk}_%s")
        super().__init__(*args, **kwargs)


class AllocationAmountForm(forms.Form):
    amount_tkr = TkrField(
        label=_("Amount set aside (Tkr)"),
        required=False,
        help_text=_("Leave empty when the decision does not state it."),
    )
