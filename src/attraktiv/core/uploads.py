"""What every importer of an outside file shares (Yrkesbarometer, Kolada): a file rejected
whole with its problems, and reading its bytes with a clear message instead of a traceback."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from attraktiv.auditlog.models import Action, Outcome
from attraktiv.auditlog.services import record
from attraktiv.hrdata.issues import Issue, format_issues

T = TypeVar("T")


class RejectedFile(Exception):
    """The file has problems and is rejected whole; ``issues`` says where, one by one."""

    def __init__(self, issues: list[Issue], warnings: list[Issue] | None = None):
        self.issues = list(issues)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(self.problems))

    @property
    def problems(self) -> list[str]:
        """``file:line: field: message`` lines (at most 50, then a count)."""
        return format_issues(self.issues)


def file_bytes(path: Path, name: str, error: type[RejectedFile]) -> bytes:
    """The file's bytes, or ``error`` naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as problem:
        raise error(
            [Issue(name, None, None, _("cannot read the file: %(error)s") % {"error": problem})]
        ) from None


def import_upload(form: Any, importer: Callable[[Path, str], T]) -> tuple[T | None, list[Issue]]:
    """The upload form's ``data_file`` handed to ``importer(path, name)`` (saved to a
    temporary folder, removed afterwards): ``(result, [])``, or ``(None, problems)`` when the
    file is rejected. An invalid form gives ``(None, [])`` and keeps its field errors.

    The event log records the import, or its rejection, by the file's name and the page."""
    if not form.is_valid():
        return None, []
    uploaded = form.cleaned_data["data_file"]
    name = safe_name(uploaded.name)
    with tempfile.TemporaryDirectory(prefix="attraktiv-upload-") as folder:
        path = Path(folder) / "upload"
        save_upload(uploaded, path)
        try:
            result = importer(path, name)
        except RejectedFile as rejected:
            record(Action.IMPORT, name, outcome=Outcome.FAILED)
            return None, rejected.issues
    record(Action.IMPORT, name)
    return result, []


def safe_name(name: str | None) -> str:
    """An uploaded file's own name, without any folder part."""
    return PurePath((name or "").replace("\\", "/")).name or "file"


def save_upload(uploaded: Any, path: Path) -> None:
    """Write an uploaded file to ``path``, chunk by chunk."""
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
