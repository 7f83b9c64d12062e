"""Forms of the external-assessment page: they parse input; ``forecasts.services`` checks
and stores."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.core.uploads import check_upload_size
from attraktiv.organisation.models import OccupationGroup

FILE_SUFFIXES = (".csv", ".txt", ".json")


class UploadForm(forms.Form):
    data_file = forms.FileField(
        label=_("Yrkesbarometer file"),
        validators=[check_upload_size],
        help_text=_(
            "Arbetsförmedlingen's open data as CSV (comma or semicolon, UTF-8 or Windows-1252)"
            " or as JSON (an array of objects). A round already stored is replaced."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_SUFFIXES)}),
    )

    def clean_data_file(self) -> Any:
        upload = self.cleaned_data["data_file"]
        if not str(upload.name).lower().endswith(FILE_SUFFIXES):
            raise forms.ValidationError(_("Yrkesbarometer file: choose a CSV or JSON file."))
        return upload


class LinkForm(forms.Form):
    """Link one AF occupation to a competence (in place, per table row)."""

    occupation = forms.CharField(widget=forms.HiddenInput, max_length=200)
    group = forms.ModelChoiceField(
        label=_("Competence"),
        queryset=OccupationGroup.objects.all(),
        empty_label=_("Choose a competence"),
        error_messages={
            "required": _("Competence: choose a competence."),
            "invalid_choice": _("Competence: choose a competence."),
        },
    )


class FilterForm(forms.Form):
    """Which county and occupation area of the round the table shows."""

    lan = forms.ChoiceField(label=_("County"), required=False)
    area = forms.ChoiceField(label=_("Occupation area"), required=False)

    def __init__(
        self,
        *args: Any,
        counties: list[tuple[str, str]],
        areas: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lan"].choices = counties  # type: ignore[attr-defined]
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            ("", _("All occupation areas")),
            *((area, area) for area in areas),
        ]
