"""What every importer of an outside file shares (HR data, Yrkesbarometer, Kolada, scenario
files): a file rejected whole with its problems, reading its bytes with a clear message
instead of a traceback, and the upload limit (issue 11, part 8).

The upload limit (``settings.FILE_LIMITS.upload_bytes``, ``ATTRAKTIV_MAX_UPLOAD_MB``) holds
while a file is received: ``LimitedUploadHandler``, first in ``FILE_UPLOAD_HANDLERS``, stops
passing a file on once it passes the limit, deletes what was already written of it, and
hands the form an ``OversizedUpload``; every upload field's ``check_upload_size`` turns that
into the Swedish message on the field. ``save_upload`` holds the same limit as it copies.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from attraktiv.auditlog.models import Action, Outcome
from attraktiv.auditlog.services import record
from attraktiv.hrdata.issues import Issue, format_issues, redact
from attraktiv.hrdata.limits import megabytes

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


def too_large_message(name: str | None) -> str:
    """The Swedish message for a file over the upload limit, naming it (never a personnummer
    in its name)."""
    return _("The file %(name)s is larger than %(limit)s, the largest size accepted.") % {
        "name": redact(safe_name(name)),
        "limit": megabytes(settings.FILE_LIMITS.upload_bytes),
    }


def save_upload(uploaded: Any, path: Path) -> None:
    """Write an uploaded file to ``path``, chunk by chunk, at most the upload limit: past it
    the partial file is deleted and ``RejectedFile`` says why."""
    limit = settings.FILE_LIMITS.upload_bytes
    written = 0
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            written += len(chunk)
            if written > limit:
                break
            handle.write(chunk)
    if written > limit:
        path.unlink()
        name = redact(safe_name(uploaded.name))
        raise RejectedFile([Issue(name, None, None, too_large_message(name))])


def check_upload_size(uploaded: UploadedFile) -> None:
    """Every upload field's validator: the file is within the upload limit (an
    ``OversizedUpload`` never is)."""
    if uploaded.size is not None and uploaded.size > settings.FILE_LIMITS.upload_bytes:
        raise ValidationError(too_large_message(uploaded.name), code="file_too_large")


class OversizedUpload(UploadedFile):
    """A file dropped while it was received because it passed the upload limit: its name and
    the bytes received until then, no content."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size)


class LimitedUploadHandler(FileUploadHandler):
    """Receives each uploaded file up to the upload limit (first of ``FILE_UPLOAD_HANDLERS``).

    Past the limit the rest of the file is read from the request and dropped, the part the
    next handler already wrote (a temporary file) is closed and so deleted at once, and the
    field gets an ``OversizedUpload``. A request is never refused whole: the form says which
    file was too large.
    """

    received = 0
    oversized = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received <= settings.FILE_LIMITS.upload_bytes:
            return raw_data
        if not self.oversized:
            self.oversized = True
            self.discard_partial_file()
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.oversized:
            return None
        return OversizedUpload(str(self.file_name), str(self.content_type), self.received)

    def discard_partial_file(self) -> None:
        """Close (and so delete) what the later handlers received of the current file."""
        assert self.request is not None
        for handler in self.request.upload_handlers:
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
