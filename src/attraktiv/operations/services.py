"""Backup, restore and retention (issue 15, §4–§5; docs/operations.md).

``backup`` writes a folder: the database as a logical dump (``dump.py``, one Parquet file per
table), the secrets in ``secrets/`` (readable by the owner only), the kept files of the
instance folder in ``files/``, and ``manifest.json`` last (the version, the migrations
applied, each table's rows, each file's SHA-256, when). ``restore`` checks every checksum
before it touches anything, brings the database to the backup's migrations, loads every
table in one transaction, then migrates on to this version's. A backup made on SQLite
restores into PostgreSQL and the other way round.

``purge`` removes the microdata whose periods end before 1 January of a year
(GDPR art. 5(1)(e), storage limitation) and keeps the measurements computed from them; its
record (``models.Purge``) tells the recompute to keep those years.
"""

from __future__ import annotations

import hmac
import importlib.metadata
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from attraktiv.auditlog import services as auditlog
from attraktiv.auditlog.models import Action
from attraktiv.datasets.models import (
    Absence,
    Employment,
    Person,
    Salary,
    SamFollowUp,
    StaffingMonth,
    SurveyAnswer,
)
from attraktiv.datasets.services import sha256_file
from attraktiv.measurements.models import Measurement
from attraktiv.operations import dump
from attraktiv.operations.models import Purge, kept_before
from attraktiv.settings import secret_file

Progress = Callable[[float, str], None]

MANIFEST = "manifest.json"
FORMAT = "attraktiv-backup"
FORMAT_VERSION = 1
DATABASE = "database"
SECRETS = "secrets"
FILES = "files"
# Each secret: its file in ``secrets/`` and in the instance folder, its environment variable
# and its value in the settings (settings.py, "Secrets outside the data").
SECRET_KEYS = {
    "secret_key": ("SECRET_KEY", "SECRET_KEY"),
    "pseudonym_key": ("ATTRAKTIV_PSEUDONYM_KEY", "PSEUDONYM_KEY"),
}
SECRETS_README = """\
HEMLIGT. Filerna i den här mappen är Attraktivs hemliga nycklar: secret_key (signerar
inloggningar) och pseudonym_key (gör personnummer till pseudonymer). Förvara dem lika
skyddat som lösenord och skilt från databasen.

Utan pseudonym_key ger varje senare inläsning av HR-data alla personer nya pseudonymer: de
kan då inte följas mellan inläsningarna. Tillsammans med databasen kan nyckeln däremot
användas för att pröva fram personnummer, så lägg aldrig nyckeln bredvid databasen.

`attraktiv restore` lägger tillbaka nycklarna där Attraktiv läser dem (se docs/operations.md).
"""
# Folders of the instance folder that are not kept: the collected static files (made again
# by ``attraktiv serve``) and the demo region's generated data set (by ``attraktiv demo``).
NOT_KEPT = ("static", "demo-data")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Swedish and complete."""


# ---- backup -------------------------------------------------------------------------------


def attraktiv_version() -> str:
    return importlib.metadata.version("attraktiv")


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup(
    folder: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[str, Any]:
    """Write a backup into ``folder`` (empty or new; ``force`` replaces an earlier backup's
    parts) and return its manifest."""
    report = progress or (lambda fraction, message: None)
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "Databasen har migreringar som inte är gjorda: kör attraktiv migrate först."
        )
    folder = prepare_folder(folder, force)
    models_ = dump.dumped_models()
    tables: list[dict[str, Any]] = []
    (folder / DATABASE).mkdir()
    with transaction.atomic(using=using):
        consistent_snapshot(using)
        migrations = applied_migrations(using)
        counts = {
            model._meta.db_table: model._base_manager.using(using).count() for model in models_
        }
        total = max(1, sum(counts.values()))
        done = 0
        for model in models_:
            label = dump.model_label(model)
            report(0.9 * done / total, label)
            relative = f"{DATABASE}/{label}.parquet"
            rows = dump.write_table(model, folder / relative, using)
            tables.append(
                {"model": label, "table": model._meta.db_table, "rows": rows, "file": relative}
            )
            done += counts[model._meta.db_table]
    report(0.9, "secrets")
    write_secrets(folder / SECRETS)
    report(0.92, "files")
    copy_kept_files(folder / FILES, using)
    report(0.95, "checksums")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "attraktiv_version": attraktiv_version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "migrations": migrations},
        "tables": tables,
        "files": {
            path.relative_to(folder).as_posix(): {
                "sha256": sha256_file(path),
                "bytes": path.stat().st_size,
            }
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != MANIFEST
        },
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    report(1.0, "done")
    return manifest


def prepare_folder(folder: Path, force: bool) -> Path:
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder}: finns redan och är ingen mapp.")
    if folder.exists() and any(folder.iterdir()):
        if not force:
            raise BackupError(
                f"{folder} är inte tom. Välj en ny eller tom mapp, eller ange --force för att"
                " skriva över en tidigare säkerhetskopia i den."
            )
        (folder / MANIFEST).unlink(missing_ok=True)
        for part in (DATABASE, SECRETS, FILES):
            shutil.rmtree(folder / part, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def consistent_snapshot(using: str) -> None:
    """Make the open transaction read one state of the database throughout (PostgreSQL's
    repeatable read; SQLite's transaction is one state already). Only the outermost
    transaction can choose, so a backup inside another transaction reads that one's."""
    connection = connections[using]
    if connection.vendor == "postgresql" and len(connection.savepoint_ids) == 0:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only (mode 0600), replacing it whole."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def write_secrets(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    for name, (_env, setting) in SECRET_KEYS.items():
        write_private(folder / name, getattr(settings, setting) + "\n")
    (folder / "README.txt").write_text(SECRETS_README, encoding="utf-8")


def kept_files(using: str = DEFAULT_DB_ALIAS) -> list[Path]:
    """The files of the instance folder a backup keeps (kept uploads and the like): all but
    the secrets (in ``secrets/``), a SQLite database (in the dump) and ``NOT_KEPT``."""
    root = Path(settings.VAR_DIR).resolve()
    if not root.is_dir():
        return []
    skipped = {root / name for name in SECRET_KEYS} | {root / name for name in NOT_KEPT}
    if connections[using].vendor == "sqlite":
        database = Path(str(connections[using].settings_dict["NAME"])).resolve()
        skipped |= {database.with_name(database.name + end) for end in ("", "-wal", "-shm")}
        skipped.add(database.with_name(database.name + "-journal"))
    found = []
    for path in sorted(root.rglob("*")):
        if any(path == skip or skip in path.parents for skip in skipped):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def copy_kept_files(folder: Path, using: str) -> None:
    root = Path(settings.VAR_DIR).resolve()
    folder.mkdir()
    for path in kept_files(using):
        target = folder / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


# ---- restore ------------------------------------------------------------------------------


@dataclass
class Restored:
    manifest: dict[str, Any]
    rows: int
    notes: list[str] = field(default_factory=list)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The backup's manifest, after checking that every file it lists is there unchanged."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"{folder}: ingen sådan mapp.")
    if not path.is_file():
        raise BackupError(
            f"{path} saknas: mappen är ingen fullständig säkerhetskopia från attraktiv backup."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f":{error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
        raise BackupError(f"{path}{where}: ingen läsbar manifestfil ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: ingen manifestfil från attraktiv backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: säkerhetskopians format {manifest.get('format_version')} kan inte läsas"
            f" av den här versionen av Attraktiv (format {FORMAT_VERSION})."
        )
    problems = []
    for relative, expected in sorted(manifest.get("files", {}).items()):
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts:
            problems.append(f"{relative}: sökvägen pekar ut ur säkerhetskopian")
            continue
        file = folder / relative
        if not file.is_file():
            problems.append(f"{relative}: filen saknas")
        elif sha256_file(file) != expected.get("sha256"):
            problems.append(f"{relative}: kontrollsumman stämmer inte, filen har ändrats")
    if problems:
        raise BackupError(
            f"Säkerhetskopian i {folder} är ändrad eller ofullständig; inget har återställts.\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
    return manifest


def restore(
    folder: Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> Restored:
    """Restore the backup in ``folder``: check it, migrate to its migrations, load every
    table in one transaction (replacing what is there only with ``replace``), migrate to
    this version, then put back the secrets and the files."""
    report = progress or (lambda fraction, message: None)
    folder = folder.expanduser().resolve()
    report(0.0, "checksums")
    manifest = read_manifest(folder)
    targets = migration_targets(manifest["database"]["migrations"], using)
    held = dump.holds_data(using)
    if held and not replace:
        raise BackupError(
            "Databasen är inte tom (till exempel tabellen "
            f"{held[0]}); inget har återställts. Ange --replace för att ersätta allt i den"
            " med säkerhetskopian."
        )
    report(0.05, "migrations")
    migrate_to(targets, using)
    by_label = {dump.model_label(model): model for model in dump.dumped_models()}
    unknown = [table["model"] for table in manifest["tables"] if table["model"] not in by_label]
    if unknown:
        raise BackupError(
            f"Säkerhetskopian har tabeller som den här versionen saknar: {', '.join(unknown)}."
        )
    total = max(1, sum(table["rows"] for table in manifest["tables"]))
    loaded = 0
    with transaction.atomic(using=using):
        present = dump.existing_tables(using)
        dump.empty_tables(
            [
                model._meta.db_table
                for model in dump.dumped_models()
                if model._meta.db_table in present
            ]
            + [table for table in dump.SKIPPED_TABLES if table in present],
            using,
        )
        for table in manifest["tables"]:
            report(0.1 + 0.8 * loaded / total, table["model"])
            model = by_label[table["model"]]
            rows = dump.load_table(model, folder / table["file"], using)
            if rows != table["rows"]:
                raise BackupError(
                    f"{table['file']}: {rows} rader, manifestet säger {table['rows']};"
                    " inget har återställts."
                )
            loaded += rows
        dump.reset_sequences(using)
    ContentType.objects.clear_cache()
    report(0.9, "migrations")
    call_command("migrate", database=using, interactive=False, verbosity=0)
    report(0.95, "secrets")
    notes = restore_secrets(folder / SECRETS)
    restore_files(folder, manifest)
    report(1.0, "done")
    return Restored(manifest=manifest, rows=loaded, notes=notes)


def migration_targets(backup_migrations: dict[str, list[str]], using: str) -> list[tuple[str, str]]:
    """The last migration of each app in the backup, after checking that this version of
    Attraktiv knows every migration the backup's database had."""
    graph = MigrationExecutor(connections[using]).loader.graph
    applied = {(app, name) for app, names in backup_migrations.items() for name in names}
    unknown = sorted(node for node in applied if node not in graph.nodes)
    if unknown:
        raise BackupError(
            "Säkerhetskopian kommer från en nyare version av Attraktiv (migreringar som den här"
            f" versionen inte har: {', '.join(f'{a}.{n}' for a, n in unknown[:5])}). Uppgradera"
            " Attraktiv först; inget har återställts."
        )
    return sorted(
        node
        for node in applied
        if not any(
            child.key in applied and child.key[0] == node[0]
            for child in graph.node_map[node].children
        )
    )


def migrate_to(targets: list[tuple[str, str]], using: str) -> None:
    """Bring the database to the backup's migrations (a new database is created so)."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(targets)
    if not plan:
        return
    try:
        executor.migrate(targets, plan=plan)
    except IrreversibleError as error:
        raise BackupError(
            "Databasen har migreringar som är nyare än säkerhetskopians och inte kan backas"
            f" ({error}). Återställ i en ny, tom databas; inget har återställts."
        ) from None


def restore_secrets(folder: Path) -> list[str]:
    """Put each secret where the settings read it: into the instance folder when it is read
    from there; when it comes from the environment or a ``*_FILE``, say where it goes
    instead. Never says a secret's value."""
    notes = []
    for name, (env, setting) in SECRET_KEYS.items():
        source = folder / name
        value = source.read_text(encoding="utf-8").strip()
        target = secret_file(env, name, Path(settings.VAR_DIR))
        if target is not None and not os.environ.get(f"{env}_FILE"):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_private(target, value)
            notes.append(f"{name}: återställd till {target}.")
        elif hmac.compare_digest(value, str(getattr(settings, setting))):
            notes.append(f"{name}: samma nyckel används redan ({where_read(env)}).")
        else:
            notes.append(
                f"{name}: Attraktiv läser nyckeln från {where_read(env)}, som har en annan"
                f" nyckel. Lägg innehållet i {source} där och starta om Attraktiv."
            )
    return notes


def where_read(env: str) -> str:
    given = os.environ.get(f"{env}_FILE")
    return f"filen {given} ({env}_FILE)" if given else f"miljövariabeln {env}"


def restore_files(folder: Path, manifest: dict[str, Any]) -> None:
    root = Path(settings.VAR_DIR)
    for relative in manifest["files"]:
        parts = Path(relative).parts
        if parts[0] != FILES:
            continue
        target = root.joinpath(*parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / relative, target)


# ---- retention ----------------------------------------------------------------------------


@dataclass
class PurgePlan:
    """What ``purge(before_year)`` removes: rows per table of hr-data.md §1, and the years of
    stored measurements that can no longer be recomputed afterwards."""

    before_year: int
    rows: dict[str, int]
    years: list[int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def removed_rows(before_year: int) -> dict[str, models.QuerySet[Any]]:
    """Per table, the rows whose period ends before 1 January ``before_year``: employments
    ended, absences ended, salaries dated, surveys and SAM follow-ups of earlier years,
    staffing months before it; and the persons left without employment, absence or salary."""
    cut = date(before_year, 1, 1)
    ended = {
        "employments": Employment.objects.filter(end_date__lt=cut),
        "absences": Absence.objects.filter(end_date__lt=cut),
        "salaries": Salary.objects.filter(date__lt=cut),
        "surveys": SurveyAnswer.objects.filter(year__lt=before_year),
        "sam": SamFollowUp.objects.filter(year__lt=before_year),
        "staffing": StaffingMonth.objects.filter(month__lt=f"{before_year:04d}-01"),
    }
    remaining = (
        Employment.objects.exclude(end_date__lt=cut),
        Absence.objects.exclude(end_date__lt=cut),
        Salary.objects.exclude(date__lt=cut),
    )
    persons = Person.objects.all()
    for queryset in remaining:
        persons = persons.exclude(person_id__in=queryset.values("person_id"))
    return {"persons": persons, **ended}


def plan_purge(before_year: int, today: date | None = None) -> PurgePlan:
    this_year = (today or date.today()).year
    if not 1900 < before_year <= this_year:
        raise BackupError(
            f"--before {before_year}: ange ett år från 1901 till {this_year}; uppgifter för år"
            " som inte har börjat kan inte tas bort."
        )
    rows = {name: queryset.count() for name, queryset in removed_rows(before_year).items()}
    already = kept_before()
    periods = Measurement.objects.filter(period__lt=f"{before_year:04d}")
    if already is not None:
        periods = periods.filter(period__gte=f"{already:04d}")
    years = sorted({int(period[:4]) for period in periods.values_list("period", flat=True)})
    return PurgePlan(before_year=before_year, rows=rows, years=years)


@transaction.atomic
def purge(before_year: int, *, user: Any = None) -> Purge:
    """Remove the microdata of ``plan_purge(before_year)`` in one transaction, keep every
    measurement, record the purge and write it to the event log."""
    removed = {}
    for name, queryset in removed_rows(before_year).items():
        removed[name], _per_model = queryset.delete()
    record = Purge.objects.create(before_year=before_year, user=user, removed=removed)
    auditlog.record(
        Action.PURGE,
        f"HR-data före {before_year}: {sum(removed.values())} rader",
        user=user,
    )
    return record
