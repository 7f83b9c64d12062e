"""The Kolada upload form: it parses input; ``benchmarks.services`` checks and stores."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attraktiv.core.uploads import check_upload_size

FILE_SUFFIXES = (".json",)


class UploadForm(forms.Form):
    data_file = forms.FileField(
        label=_("Kolada file"),
        validators=[check_upload_size],
        help_text=_(
            "Kolada's API answer as JSON (v2 or v3), for example saved from "
            "api.kolada.se/v2/data/kpi/N60030/year/2024. Figures of a KPI and year already "
            "stored are replaced."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_SUFFIXES)}),
    )

    def clean_data_file(self) -> Any:
        upload = self.cleaned_data["data_file"]
        if not str(upload.name).lower().endswith(FILE_SUFFIXES):
            raise forms.ValidationError(_("Kolada file: choose a JSON file."))
        return upload
