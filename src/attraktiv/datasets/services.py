"""Importing a data set into the database, and reading it back to Arrow for the engines.

``import_dataset`` reads and validates a folder (``attraktiv.hrdata.reader``), then, only if
it is valid, replaces all microdata in one transaction: the unit tree and occupations
through ``attraktiv.organisation.services``, the other tables by a bulk load (``COPY`` on
PostgreSQL, ``executemany`` on SQLite, straight from the Arrow tables). Every attempt is kept
as an ``ImportRecord``; a rejected one changes nothing else.

An upload on the Data page is not read in the web request (issue 11, part 8): ``queue_upload``
keeps its files (each within the upload limit) and queues the import job
(``datasets.tasks.import_upload``), which runs ``import_kept_upload`` and then the recompute.

``extract_dataset`` reads the stored tables back through ADBC into Arrow tables of exactly
``hrdata.schema.TABLES``: the engines get columnar data without the ORM in between.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.feather as feather
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, transaction
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attraktiv.accounts.access import access_for
from attraktiv.auditlog import services as auditlog
from attraktiv.auditlog.models import Action, Outcome
from attraktiv.core.uploads import safe_name, save_upload
from attraktiv.datasets.models import (
    MICRODATA_MODELS,
    ImportRecord,
    ImportSource,
    ImportStatus,
    RecomputeStatus,
)
from attraktiv.datasets.sqlite_child import read_queries
from attraktiv.formatting import MISSING, format_number, format_person
from attraktiv.hrdata.schema import TABLES
from attraktiv.organisation.models import Occupation, OccupationGroup, Unit
from attraktiv.organisation.services import (
    OccupationRow,
    UnitRow,
    UnitTreeError,
    replace_occupations,
    replace_unit_tree,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Rows handed to the database per round trip of a bulk load.
LOAD_BATCH_ROWS = 100_000


# ---- importing ----------------------------------------------------------------------------


# (what, the stored data set, the new one), as ``comparison`` shows it
ComparisonRow = tuple[str, str, str]


@dataclass(frozen=True)
class CheckedDataset:
    """A data set the reader found valid, not yet stored: its tables, files and warnings."""

    tables: Mapping[str, pa.Table]
    files: list[dict[str, Any]]
    warnings: list[dict[str, Any]]

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: self.tables[name].num_rows for name in ("units", "occupations")} | {
            name: self.tables[name].num_rows for name in MICRODATA_MODELS
        }


def import_dataset(
    folder: Path,
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    mapping: Any = None,
    source: ImportSource = ImportSource.COMMAND,
    enqueue_recompute: bool = True,
    record: ImportRecord | None = None,
    confirm: Callable[[list[ComparisonRow]], bool] | None = None,
) -> ImportRecord:
    """Validate the data set in ``folder`` and, if it is valid, store it as a whole.

    Returns the ``ImportRecord`` of the attempt (``record``, a queued upload's, filled in, or
    a new one): ``status`` stored or rejected, with the files' checksums, the rows per table,
    the warnings and, for a rejected attempt, every error as ``file:line: column: message``.
    With ``confirm`` and data already stored, ``confirm`` is asked after the check with the
    comparison of the stored data set and the new one (``comparison``); if it says no, the
    attempt is kept as cancelled and nothing is stored (issue 12: an import that replaces
    data asks first). After a stored import the measurements' recompute job is enqueued
    (``enqueue_recompute=False`` leaves it to the caller, as the ``import`` command does to
    run it in-process, and the upload's import job to run it next).
    """
    started = time.monotonic()
    user = user if user is not None and user.is_authenticated else None
    checked = check_dataset(
        folder, mapping=mapping, record=record, user=user, source=source, started=started
    )
    if isinstance(checked, ImportRecord):
        return checked
    current = current_import()
    if confirm is not None and current is not None:
        new = unsaved_record(checked, user=user, source=source)
        if not confirm(comparison(current, new)):
            return record_cancelled(
                record,
                decided_by=user,
                **record_fields(checked, user=user, source=source),
                seconds=time.monotonic() - started,
            )
    return store_checked(
        checked,
        user=user,
        source=source,
        record=record,
        started=started,
        enqueue_recompute=enqueue_recompute,
    )


def check_dataset(
    folder: Path,
    *,
    mapping: Any,
    record: ImportRecord | None,
    user: AbstractBaseUser | None,
    source: ImportSource,
    started: float,
) -> CheckedDataset | ImportRecord:
    """Read and validate the data set in ``folder`` (``hrdata.reader.read_dataset``): the
    checked data set, or the attempt's record rejected with every error."""
    from attraktiv.hrdata.reader import DatasetError, read_dataset

    try:
        result = read_dataset(Path(folder), pseudonym_key=settings.PSEUDONYM_KEY, mapping=mapping)
    except DatasetError as error:
        return record_rejected(
            record,
            user=user,
            source=source,
            errors=[issue_dict(issue) for issue in error.errors],
            warnings=[issue_dict(issue) for issue in error.warnings],
            files=folder_files(Path(folder)),
            started=started,
        )
    return CheckedDataset(
        tables=result.tables,
        files=[
            {"table": f.table, "name": f.name, "sha256": f.sha256, "rows": f.rows}
            for f in result.files
        ],
        warnings=[issue_dict(issue) for issue in result.warnings],
    )


def store_checked(
    checked: CheckedDataset,
    *,
    user: AbstractBaseUser | None,
    source: ImportSource,
    record: ImportRecord | None,
    started: float,
    enqueue_recompute: bool,
) -> ImportRecord:
    """Store a checked data set (``store_dataset``), log it and queue the recompute; a unit
    that disappears while still in use rejects the attempt instead."""
    try:
        record = store_dataset(
            checked.tables,
            user=user,
            source=source,
            files=checked.files,
            warnings=checked.warnings,
            record=record,
        )
    except UnitTreeError as error:
        return record_rejected(
            record,
            user=user,
            source=source,
            errors=[
                {"file": "units", "line": None, "column": None, "message": problem}
                for problem in error.problems
            ],
            warnings=checked.warnings,
            files=checked.files,
            started=started,
        )
    record.seconds = time.monotonic() - started
    record.save(update_fields=["seconds"])
    log_import(record)
    if enqueue_recompute:
        enqueue_recompute_job(record)
    return record


def log_import(record: ImportRecord) -> None:
    """The event log's line for an import attempt: its files' names, stored or rejected."""
    names = ", ".join(file["name"] for file in record.files if file.get("name"))
    auditlog.record(
        Action.IMPORT,
        f"HR-data: {names}" if names else "HR-data",
        user=record.user,
        outcome=Outcome.SUCCEEDED if record.status == ImportStatus.STORED else Outcome.FAILED,
    )


def enqueue_recompute_job(record: ImportRecord) -> None:
    """Queue the background job that recomputes the measurements from the stored data."""
    from attraktiv.measurements.tasks import recompute_measurements

    ImportRecord.objects.filter(pk=record.pk).update(
        recompute_status=RecomputeStatus.QUEUED, recompute_progress=0.0, recompute_message=""
    )
    record.refresh_from_db()
    recompute_measurements.enqueue(record.pk)


def issue_dict(issue: Any) -> dict[str, Any]:
    """A reader's ``Issue`` as stored on the import record."""
    return {
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "message": issue.message,
        "count": issue.count,
    }


def save_record(record: ImportRecord | None, **fields: Any) -> ImportRecord:
    """A new import record with ``fields``, or ``record`` (a queued upload's) given them."""
    if record is None:
        return ImportRecord.objects.create(**fields)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def record_rejected(
    record: ImportRecord | None,
    *,
    user: AbstractBaseUser | None,
    source: ImportSource,
    errors: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    files: list[dict[str, Any]],
    started: float,
) -> ImportRecord:
    record = save_record(
        record,
        user_id=user.pk if user is not None else None,
        source=source,
        status=ImportStatus.REJECTED,
        finished_at=timezone.now(),
        files=files,
        warnings=warnings,
        errors=errors,
        error_count=problem_count(errors),
        seconds=time.monotonic() - started,
        recompute_status=RecomputeStatus.NONE,
    )
    log_import(record)
    return record


def folder_files(folder: Path) -> list[dict[str, Any]]:
    """Name and SHA-256 of each file in ``folder`` (for an attempt that was rejected)."""
    if not folder.is_dir():
        return []
    return [
        {"table": path.stem.lower(), "name": path.name, "sha256": sha256_file(path), "rows": None}
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problem_count(issues: list[dict[str, Any]]) -> int:
    """The number of problems, counting those the reader summed up in one issue."""
    return sum(issue.get("count", 1) for issue in issues)


@transaction.atomic
def store_dataset(
    tables: Mapping[str, pa.Table],
    *,
    user: AbstractBaseUser | None = None,
    source: ImportSource = ImportSource.COMMAND,
    files: list[dict[str, Any]] | None = None,
    warnings: list[dict[str, Any]] | None = None,
    record: ImportRecord | None = None,
) -> ImportRecord:
    """Replace all stored microdata by ``tables`` (a valid data set) in one transaction, with
    the import record (``record``, a queued upload's, or a new one) saying so.

    The unit tree keeps the primary keys of units that remain (role assignments survive);
    a unit that disappears while still in use raises ``UnitTreeError`` and nothing changes.
    """
    replace_unit_tree(unit_rows(tables["units"]))
    replace_occupations(occupation_rows(tables["occupations"]))
    row_counts = {"units": tables["units"].num_rows, "occupations": tables["occupations"].num_rows}
    for name, model in MICRODATA_MODELS.items():
        replace_table(model, tables[name])
        row_counts[name] = tables[name].num_rows
    first_year, last_year = years_covered(tables) or (None, None)
    return save_record(
        record,
        user_id=user.pk if user is not None else None,
        source=source,
        status=ImportStatus.STORED,
        finished_at=timezone.now(),
        files=files or [],
        row_counts=row_counts,
        warnings=warnings or [],
        first_year=first_year,
        last_year=last_year,
    )


def unit_rows(table: pa.Table) -> list[UnitRow]:
    return [
        UnitRow(row["unit_id"], row["name"], row["parent_id"], row["kind"] or "")
        for row in table.to_pylist()
    ]


def occupation_rows(table: pa.Table) -> list[OccupationRow]:
    return [
        OccupationRow(row["occupation_code"], row["name"], row["group"] or "")
        for row in table.to_pylist()
    ]


def years_covered(tables: Mapping[str, pa.Table], today: date | None = None) -> tuple[int, int]:
    """The first and last calendar year the data set describes.

    The first is the year of the earliest absence (the start of the exported window; the
    earliest employment start when there are no absences); the last is the latest year any
    table reaches, but not after this year.
    """
    this_year = (today or date.today()).year

    def years(table: str, column: str) -> list[int]:
        values = tables[table][column]
        if pa.types.is_date(values.type):
            values = pc.year(values)
        elif table == "staffing":
            values = pc.cast(pc.utf8_slice_codeunits(values, 0, 4), pa.int32())
        low_high = pc.min_max(values).as_py()
        return [v for v in (low_high["min"], low_high["max"]) if v is not None]

    starts = years("absences", "start_date") or years("employments", "start_date")
    ends = [
        *years("employments", "start_date"),
        *years("employments", "end_date"),
        *years("absences", "end_date"),
        *years("surveys", "year"),
        *years("sam", "year"),
        *years("salaries", "date"),
        *years("staffing", "month"),
    ]
    if not starts:
        return (this_year, this_year)
    first = min(min(starts), this_year)
    last = max(first, min(max(ends), this_year))
    return (first, last)


# ---- what an import replaces (issue 12) ----------------------------------------------------


def current_import() -> ImportRecord | None:
    """The import the stored data came from: the one stored last (an upload confirmed
    after another import was started is stored after it)."""
    return (
        ImportRecord.objects.filter(status=ImportStatus.STORED)
        .select_related("user")
        .order_by(models.F("finished_at").desc(nulls_last=True), "-pk")
        .first()
    )


def record_fields(
    checked: CheckedDataset, *, user: AbstractBaseUser | None, source: ImportSource
) -> dict[str, Any]:
    """What an import record says of a checked data set before it is stored."""
    first_year, last_year = years_covered(checked.tables)
    return {
        "user": user,
        "source": source,
        "files": checked.files,
        "warnings": checked.warnings,
        "row_counts": checked.row_counts,
        "first_year": first_year,
        "last_year": last_year,
    }


def unsaved_record(
    checked: CheckedDataset, *, user: AbstractBaseUser | None, source: ImportSource
) -> ImportRecord:
    """The import record a checked data set would get, for ``comparison`` (not saved)."""
    return ImportRecord(
        **record_fields(checked, user=user, source=source), started_at=timezone.now()
    )


def comparison(current: ImportRecord, new: ImportRecord) -> list[ComparisonRow]:
    """The stored data set beside the one that would replace it, row by row: (what, stored,
    new), in Swedish figures; shown on an upload's page and by ``attraktiv import`` before
    anything is replaced (issue 12)."""

    def when(record: ImportRecord) -> str:
        moment = record.finished_at if record.status == ImportStatus.STORED else None
        return f"{timezone.localtime(moment or record.started_at):%Y-%m-%d %H:%M}"

    def by(record: ImportRecord) -> str:
        return format_person(record.user) or _("the import command")

    def period(record: ImportRecord) -> str:
        return f"{record.first_year}–{record.last_year}" if record.years else MISSING

    def rows(record: ImportRecord, table: str) -> str:
        return format_number(record.row_counts.get(table, 0))

    with translation.override(settings.LANGUAGE_CODE):
        return [
            (_("Read in"), when(current), when(new)),
            (_("By"), by(current), by(new)),
            (_("Period"), period(current), period(new)),
            (_("Employees (persons)"), rows(current, "persons"), rows(new, "persons")),
            (_("Employments"), rows(current, "employments"), rows(new, "employments")),
            (_("Units"), rows(current, "units"), rows(new, "units")),
        ]


def record_cancelled(
    record: ImportRecord | None, *, decided_by: AbstractBaseUser | None, **fields: Any
) -> ImportRecord:
    """The attempt (``record`` or a new one, given ``fields``) was not confirmed: kept as
    cancelled by ``decided_by``, nothing stored; logged."""
    now = timezone.now()
    record = save_record(
        record,
        **fields,
        status=ImportStatus.CANCELLED,
        decided_by=decided_by,
        decided_at=now,
        finished_at=now,
        recompute_status=RecomputeStatus.NONE,
    )
    log_decision(record, decided_by)
    return record


def log_decision(record: ImportRecord, user: AbstractBaseUser | AnonymousUser | None) -> None:
    """The event log's line for a replacement confirmed or cancelled (issue 12), with the
    files' names as for the import itself (``log_import``)."""
    names = ", ".join(file["name"] for file in record.files if file.get("name"))
    if record.status == ImportStatus.CONFIRMED:
        subject = format_lazy(gettext_lazy("HR data, replacement confirmed: {}"), names)
    else:
        subject = format_lazy(gettext_lazy("HR data, replacement cancelled: {}"), names)
    auditlog.record(Action.IMPORT, subject, user=user)


# ---- an upload, imported by a background job ------------------------------------------------

UPLOADS_FOLDER = "uploads"  # in settings.VAR_DIR: an upload's files until its job has read them
CHECKED_FOLDER = "checked"  # in an upload's folder: its checked tables awaiting confirmation


def upload_root() -> Path:
    return Path(settings.VAR_DIR) / UPLOADS_FOLDER


def queue_upload(
    data_files: list[Any],
    mapping_file: Any | None,
    *,
    user: AbstractBaseUser | AnonymousUser,
) -> ImportRecord:
    """Keep an upload's files and queue the job that imports them (issue 11, part 8).

    Each file is saved within the upload limit (``core.uploads.save_upload``) to a folder of
    its own under ``var/uploads/`` (the data files in ``data/``, the mapping in
    ``mapping/``); the import record is created pending, with the files' names and
    checksums, and the job ``datasets.tasks.import_upload`` is queued. Nothing is read here.
    An earlier upload still awaiting confirmation is superseded by this one (its files
    removed): at most one waits at a time.
    """
    from attraktiv.datasets.tasks import import_upload

    upload_root().mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="import-", dir=upload_root()))
    try:
        data_dir = folder / "data"
        data_dir.mkdir()
        for uploaded in data_files:
            save_upload(uploaded, data_dir / safe_name(uploaded.name))
        if mapping_file is not None:
            (folder / "mapping").mkdir()
            save_upload(mapping_file, folder / "mapping" / safe_name(mapping_file.name))
        record = ImportRecord.objects.create(
            user_id=user.pk if user.is_authenticated else None,
            source=ImportSource.UPLOAD,
            status=ImportStatus.PENDING,
            files=folder_files(data_dir),
            recompute_status=RecomputeStatus.QUEUED,
            upload_folder=folder.name,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    supersede_awaiting(keep_newest=False)
    import_upload.enqueue(record.pk, folder.name)
    return record


def import_kept_upload(import_id: int, folder_name: str) -> ImportRecord:
    """The import job's work: read and validate the files kept for the pending import
    ``import_id`` in ``var/uploads/<folder_name>``; store them, or reject them.

    When data are already stored, a valid upload is not stored here: it waits for an
    importer's confirmation (``hold_for_confirmation``; issue 12). The uploaded files are
    deleted either way. A mapping that cannot be used rejects the import with its problem;
    an unexpected error rejects it too, saying so, and is raised again for the job's log.
    The recompute is the caller's (``tasks.import_upload``).
    """
    from attraktiv.hrdata.mapping import MappingError, load_mapping

    record = ImportRecord.objects.select_related("user").get(
        pk=import_id, status=ImportStatus.PENDING
    )
    folder = upload_root() / safe_name(folder_name)
    started = time.monotonic()
    record.status = ImportStatus.READING
    record.save(update_fields=["status"])
    source = ImportSource(record.source)
    try:
        with rejected_on_error(record, started):
            mapping = None
            mapping_path = next((folder / "mapping").glob("*"), None)  # at most one
            if mapping_path is not None:
                try:
                    mapping = load_mapping(mapping_path)
                except MappingError as error:
                    return record_rejected(
                        record,
                        user=record.user,
                        source=source,
                        errors=[mapping_issue(mapping_path.name, error)],
                        warnings=[],
                        files=record.files,
                        started=started,
                    )
            checked = check_dataset(
                folder / "data",
                mapping=mapping,
                record=record,
                user=record.user,
                source=source,
                started=started,
            )
            if isinstance(checked, ImportRecord):
                return checked
            if current_import() is not None:
                return hold_for_confirmation(record, checked, folder, started)
            return store_checked(
                checked,
                user=record.user,
                source=source,
                record=record,
                started=started,
                enqueue_recompute=False,
            )
    finally:
        shutil.rmtree(folder / "data", ignore_errors=True)
        shutil.rmtree(folder / "mapping", ignore_errors=True)
        if not ImportRecord.objects.filter(pk=import_id, status=ImportStatus.AWAITING).exists():
            remove_upload_folder(import_id, folder_name)


@contextmanager
def rejected_on_error(record: ImportRecord, started: float) -> Iterator[None]:
    """An import job's unexpected error rejects its import, saying so (nothing was
    changed), rather than leaving it waiting for ever; the error is raised again."""
    try:
        yield
    except Exception:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("the import stopped because of an error in Attraktiv; nothing was changed")
        record_rejected(
            ImportRecord.objects.get(pk=record.pk),
            user=record.user,
            source=ImportSource(record.source),
            errors=[{"file": "", "line": None, "column": None, "message": message}],
            warnings=[],
            files=record.files,
            started=started,
        )
        raise


def remove_upload_folder(import_id: int, folder_name: str) -> None:
    """Delete an upload's folder in var/uploads and forget it on its import record."""
    if folder_name:
        shutil.rmtree(upload_root() / safe_name(folder_name), ignore_errors=True)
    ImportRecord.objects.filter(pk=import_id).update(upload_folder="")


def hold_for_confirmation(
    record: ImportRecord, checked: CheckedDataset, folder: Path, started: float
) -> ImportRecord:
    """Keep a checked upload until an importer confirms or cancels it (issue 12).

    Its checked tables are written to ``<folder>/checked/`` as Arrow files (pseudonymised,
    as they would be stored; the uploaded files, which may hold personnummer, are deleted
    by the caller), and the record awaits confirmation with the figures its page compares
    with the stored data set. An older upload still awaiting is superseded.
    """
    checked_dir = folder / CHECKED_FOLDER
    checked_dir.mkdir()
    for name, table in checked.tables.items():
        feather.write_feather(table, checked_dir / f"{name}.arrow")
    record = save_record(
        record,
        **record_fields(checked, user=record.user, source=ImportSource(record.source)),
        status=ImportStatus.AWAITING,
        recompute_status=RecomputeStatus.NONE,
        seconds=time.monotonic() - started,
    )
    supersede_awaiting(keep_newest=True)
    record.refresh_from_db()
    return record


def supersede_awaiting(*, keep_newest: bool) -> None:
    """Supersede the uploads awaiting confirmation (with ``keep_newest``, all but the newest)
    and remove their files: at most one upload waits, the newest."""
    waiting = sorted(
        ImportRecord.objects.filter(status=ImportStatus.AWAITING).values_list("pk", flat=True)
    )
    for pk in waiting[:-1] if keep_newest else waiting:
        try:
            decide(pk, ImportStatus.SUPERSEDED, user=None)
        except ValidationError:
            continue  # confirmed or cancelled meanwhile


def decide(
    import_id: int, status: ImportStatus, *, user: AbstractBaseUser | AnonymousUser | None
) -> ImportRecord:
    """Move an import awaiting confirmation to ``status`` (confirmed, cancelled or
    superseded) in one conditional update, so that two decisions never both apply (a double
    confirm never imports twice); anything but a confirmation removes its files.

    Raises ``ValidationError`` with a Swedish message when the import is not awaiting
    confirmation (any more)."""
    now = timezone.now()
    ending = status != ImportStatus.CONFIRMED
    changed = ImportRecord.objects.filter(pk=import_id, status=ImportStatus.AWAITING).update(
        status=status,
        decided_by=user,
        decided_at=now,
        finished_at=now if ending else None,
        recompute_status=RecomputeStatus.NONE if ending else RecomputeStatus.QUEUED,
    )
    record = ImportRecord.objects.select_related("user").get(pk=import_id)
    if not changed:
        raise ValidationError(not_awaiting_message(record))
    if ending:
        remove_upload_folder(import_id, record.upload_folder)
        record.upload_folder = ""
    return record


def not_awaiting_message(record: ImportRecord) -> str:
    """Why an import cannot be confirmed or cancelled now."""
    if record.status in {ImportStatus.CONFIRMED, ImportStatus.STORED} and record.decided_at:
        return _("This import has already been confirmed.")
    if record.status == ImportStatus.CANCELLED:
        return _(
            "This import was cancelled and nothing was stored. Upload the files again to"
            " import them."
        )
    if record.status == ImportStatus.SUPERSEDED:
        return _("A newer upload replaced this one: confirm or cancel that one instead.")
    return _("This import is not waiting for confirmation.")


def require_importer(user: AbstractBaseUser | AnonymousUser) -> None:
    """Confirming or cancelling an import takes what importing takes: IMPORT_DATA for the
    whole region (``Access.may_import``)."""
    if not access_for(user).may_import():
        raise PermissionDenied


def confirm_import(import_id: int, *, user: AbstractBaseUser | AnonymousUser) -> ImportRecord:
    """ "Ersätt data": an importer confirms that the upload awaiting confirmation replaces
    the stored data set; the job ``datasets.tasks.store_confirmed_upload`` stores it and
    recomputes the measurements. Logged. Raises ``ValidationError`` when it is not
    awaiting confirmation."""
    from attraktiv.datasets.tasks import store_confirmed_upload

    require_importer(user)
    record = decide(import_id, ImportStatus.CONFIRMED, user=user)
    log_decision(record, user)
    store_confirmed_upload.enqueue(record.pk)
    return record


def cancel_import(import_id: int, *, user: AbstractBaseUser | AnonymousUser) -> ImportRecord:
    """ "Avbryt": the upload awaiting confirmation is cancelled, nothing is stored and its
    kept files are removed. Logged. Raises ``ValidationError`` when it is not awaiting
    confirmation."""
    require_importer(user)
    record = decide(import_id, ImportStatus.CANCELLED, user=user)
    log_decision(record, user)
    return record


def store_kept_upload(import_id: int) -> ImportRecord:
    """The job's work after "Ersätt data": store the confirmed upload's checked tables
    (kept in ``var/uploads/<upload_folder>/checked/``), then delete them. The recompute is
    the caller's (``tasks.store_confirmed_upload``)."""
    record = ImportRecord.objects.select_related("user").get(
        pk=import_id, status=ImportStatus.CONFIRMED
    )
    folder = upload_root() / safe_name(record.upload_folder)
    started = time.monotonic()
    try:
        with rejected_on_error(record, started):
            checked = CheckedDataset(
                tables={
                    name: feather.read_table(folder / CHECKED_FOLDER / f"{name}.arrow")
                    for name in TABLES
                },
                files=record.files,
                warnings=record.warnings,
            )
            return store_checked(
                checked,
                user=record.user,
                source=ImportSource(record.source),
                record=record,
                started=started,
                enqueue_recompute=False,
            )
    finally:
        remove_upload_folder(import_id, record.upload_folder)


def mapping_issue(name: str, error: Exception) -> dict[str, Any]:
    """A mapping's problem (``name:line: message``, ``hrdata.mapping``) as an import error."""
    where, _separator, message = str(error).partition(": ")
    line = where.removeprefix(name).removeprefix(":")
    return {
        "file": name,
        "line": int(line) if line.isdigit() else None,
        "column": None,
        "message": message if where.startswith(name) else str(error),
    }


# ---- bulk loading -------------------------------------------------------------------------


def replace_table(model: type[models.Model], table: pa.Table, using: str = "default") -> None:
    """Delete every row of ``model`` and load ``table`` (columns named as the fields)."""
    connection = connections[using]
    name = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {name}")
        else:
            cursor.execute(f"DELETE FROM {name}")
    bulk_load(model, table, using=using)


def load_columns(model: type[models.Model], table: pa.Table) -> tuple[list[str], pa.Table]:
    """The model's columns present in ``table``, and the table ready to insert.

    Text fields that allow blank store a missing value as "" (Django's convention), and are
    read back as null by ``extract_dataset``.
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.column in table.column_names
    ]
    arrays = []
    for field in fields:
        column = table[field.column]
        if isinstance(field, models.CharField) and field.blank:
            column = pc.fill_null(column, "")
        arrays.append(column)
    return [field.column for field in fields], pa.table(arrays, names=[f.column for f in fields])


def bulk_load(model: type[models.Model], table: pa.Table, using: str = "default") -> None:
    """Insert ``table``'s rows into ``model``'s table as fast as the database allows.

    PostgreSQL: ``COPY … FROM STDIN`` with CSV written by Arrow. SQLite: ``executemany``
    on the connection. Both run inside the caller's transaction, on Django's connection.
    """
    if table.num_rows == 0:
        return
    connection = connections[using]
    columns, table = load_columns(model, table)
    quote_name = connection.ops.quote_name
    table_name = quote_name(model._meta.db_table)
    column_list = ", ".join(quote_name(column) for column in columns)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        options = pacsv.WriteOptions(include_header=False, batch_size=LOAD_BATCH_ROWS)
        copy_sql = f"COPY {table_name} ({column_list}) FROM STDIN WITH (FORMAT csv)"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for batch in table.to_batches(max_chunksize=LOAD_BATCH_ROWS):
                buffer = io.BytesIO()
                pacsv.write_csv(batch, buffer, options)
                copy.write(buffer.getbuffer())
    elif connection.vendor == "sqlite":
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table_name} ({column_list}) VALUES ({placeholders})"
        raw = connection.connection
        assert raw is not None
        for batch in table.to_batches(max_chunksize=LOAD_BATCH_ROWS):
            values = [sqlite_values(connection, column) for column in batch.columns]
            raw.executemany(sql, zip(*values, strict=True))
    else:  # pragma: no cover - other databases are not supported, but still work slowly
        model._default_manager.using(using).bulk_create(
            (model(**row) for row in table.to_pylist()), batch_size=5000
        )


def sqlite_values(connection: Any, column: pa.Array) -> list[Any]:
    """A column's values as SQLite takes them: dates and times as Django stores them."""
    if pa.types.is_date(column.type):
        return pc.cast(column, pa.string()).to_pylist()
    if pa.types.is_timestamp(column.type):
        return [connection.ops.adapt_datetimefield_value(v) for v in column.to_pylist()]
    return column.to_pylist()


# ---- extraction through ADBC --------------------------------------------------------------


def extraction_queries(vendor: str) -> dict[str, str]:
    """One ``SELECT`` per contract table, columns in the order of ``schema.TABLES``."""
    queries: dict[str, str] = {}
    unit = Unit._meta.db_table
    occupation = Occupation._meta.db_table
    group = OccupationGroup._meta.db_table
    queries["units"] = (
        f"SELECT u.unit_id, u.name, p.unit_id AS parent_id, NULLIF(u.kind, '') AS kind"
        f" FROM {unit} u LEFT JOIN {unit} p ON p.id = u.parent_id ORDER BY u.path"
    )
    queries["occupations"] = (
        f"SELECT o.code AS occupation_code, o.name,"
        f' CASE WHEN g.name = o.code THEN NULL ELSE g.name END AS "group"'
        f" FROM {occupation} o JOIN {group} g ON g.id = o.group_id ORDER BY o.code"
    )
    for name, model in MICRODATA_MODELS.items():
        fields = {field.column: field for field in model._meta.concrete_fields}
        selected = []
        for column in TABLES[name].names:
            field = fields[column]
            quoted = f'"{column}"'
            if isinstance(field, models.CharField) and field.blank:
                selected.append(f"NULLIF({quoted}, '') AS {quoted}")
            else:
                selected.append(quoted)
        queries[name] = f"SELECT {', '.join(selected)} FROM {model._meta.db_table}"
    return queries


# SQLite is dynamically typed, and its ADBC driver infers a column's Arrow type from the
# first rows it sees; a column that starts with nulls would be guessed wrongly. A first row
# of the right types, dropped afterwards, fixes the inference.
SQLITE_TYPE_HINTS = {
    pa.string(): "'x'",
    pa.float64(): "0.5",
    pa.date32(): "'2000-01-01'",
    pa.int8(): "0",
    pa.int32(): "0",
}


def sqlite_query(name: str, query: str) -> str:
    hint = ", ".join(f'{SQLITE_TYPE_HINTS[field.type]} AS "{field.name}"' for field in TABLES[name])
    columns = ", ".join(f'"{field.name}"' for field in TABLES[name])
    return f"SELECT 0 AS _real, {hint} UNION ALL SELECT 1, {columns} FROM ({query}) AS extracted"


def sqlite_file(params: Mapping[str, Any]) -> str:
    """The SQLite database file of Django's connection settings (ADBC needs a file)."""
    name = str(params["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise RuntimeError(
            "The microdata cannot be read through ADBC from an in-memory SQLite database;"
            " use a database file (settings.DATABASES['default']['TEST']['NAME'] in tests)."
        )
    return name


def postgresql_uri(params: Mapping[str, Any]) -> str:
    user = quote(str(params.get("USER") or ""), safe="")
    password = quote(str(params.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = str(params.get("HOST") or "")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    name = quote(str(params["NAME"]), safe="")
    if host.startswith("/"):  # a Unix socket folder
        return f"postgresql://{credentials}/{name}?host={quote(host, safe='')}"
    return f"postgresql://{credentials}{host}{port}/{name}"


def extract_dataset(
    using: str = "default", progress: Callable[[str], None] | None = None
) -> dict[str, pa.Table]:
    """Read the stored data set through ADBC: every table of ``schema.TABLES``, exactly typed.

    Reads only committed data (ADBC opens its own connection), so call it after the import's
    transaction, as the recompute job does. SQLite is read in a child process
    (``sqlite_child``, which says why).
    """
    connection = connections[using]
    queries = extraction_queries(connection.vendor)
    if connection.vendor == "sqlite":
        hinted = {name: sqlite_query(name, query) for name, query in queries.items()}
        raw_tables = {
            name: raw.filter(pc.equal(raw["_real"], 1)).drop_columns(["_real"])
            for name, raw in read_queries(
                sqlite_file(connection.settings_dict), hinted, progress
            ).items()
        }
    elif connection.vendor == "postgresql":
        raw_tables = read_postgresql(postgresql_uri(connection.settings_dict), queries, progress)
    else:  # pragma: no cover
        raise RuntimeError(f"No ADBC driver for {connection.vendor}")
    return {
        name: pa.table(
            [raw_tables[name][field.name].cast(field.type) for field in schema], schema=schema
        )
        for name, schema in TABLES.items()
    }


def read_postgresql(
    uri: str, queries: Mapping[str, str], progress: Callable[[str], None] | None
) -> dict[str, pa.Table]:
    """Each named query's Arrow table, read through one ADBC connection to PostgreSQL."""
    import adbc_driver_postgresql.dbapi

    tables: dict[str, pa.Table] = {}
    with adbc_driver_postgresql.dbapi.connect(uri) as adbc:
        for name, query in queries.items():
            if progress:
                progress(name)
            with adbc.cursor() as cursor:
                cursor.execute(query)
                tables[name] = cursor.fetch_arrow_table()
    return tables
