"""The upload form: the data set's files (or one workbook) and an optional mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attraktiv.core.uploads import check_upload_size, safe_name

DATA_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".parquet")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(DATA_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    data_files = MultipleFileField(
        label=_("Data files"),
        validators=[check_upload_size],
        help_text=_(
            "One file per table (units.csv, persons.csv, employments.csv, absences.csv and the"
            " optional tables), as CSV, XLSX or Parquet; or one XLSX workbook with one sheet"
            " per table."
        ),
    )
    mapping = forms.FileField(
        label=_("Column mapping (optional)"),
        required=False,
        validators=[check_upload_size],
        help_text=_("A TOML file that renames columns and maps values, for other exports."),
        widget=forms.ClearableFileInput(attrs={"accept": ".toml"}),
    )

    def clean_data_files(self) -> list[Any]:
        files = self.cleaned_data["data_files"]
        names = [safe_name(upload.name) for upload in files]
        bad = [name for name in names if not name.lower().endswith(DATA_SUFFIXES)]
        if bad:
            raise ValidationError(
                _("Not a CSV, XLSX or Parquet file: %(names)s"),
                params={"names": ", ".join(bad)},
            )
        if len({name.lower() for name in names}) != len(names):
            raise ValidationError(_("Two files have the same name."))
        return files
