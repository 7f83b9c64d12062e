"""What every importer of an outside file shares (Yrkesbarometer, Kolada): a file rejected
whole with its problems, and reading its bytes with a clear message instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from attraktiv.hrdata.issues import Issue, format_issues


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
