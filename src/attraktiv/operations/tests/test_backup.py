"""``attraktiv backup`` then ``attraktiv restore`` into an empty database gives the same
programmes back, byte for byte, on the same database engine and on the other one (issue 15,
§4): SQLite → PostgreSQL, the way a region moves from trying Attraktiv to running it, and
PostgreSQL → SQLite.

The data are committed (``transaction=True``): the recompute reads them through ADBC, and the
restore and the export of the restored database run as processes of their own.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.datasets.models import Employment
from attraktiv.datasets.services import postgresql_uri
from attraktiv.measurements.models import Measurement
from attraktiv.operations import dump
from attraktiv.operations.services import MANIFEST
from attraktiv.operations.tests.helpers import run_attraktiv, store_small_region
from attraktiv.programmes.models import Programme

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES_URL = os.environ.get("ATTRAKTIV_TEST_POSTGRES_URL", "")
NO_POSTGRES = (
    "restoring a SQLite backup into PostgreSQL needs a PostgreSQL server:"
    " set ATTRAKTIV_TEST_POSTGRES_URL (scripts/run-tests does)"
)


@pytest.fixture
def stored(region, tmp_path, settings):
    """The demo programmes and a small imported, computed region; the instance folder is the
    test's own, with one kept upload in it."""
    settings.VAR_DIR = tmp_path / "var"
    kept = settings.VAR_DIR / "uploads" / "import-x" / "data"
    kept.mkdir(parents=True)
    (kept / "units.csv").write_text("unit_id,name\n", encoding="utf-8")
    load_demo_programmes()
    store_small_region(tmp_path / "data")
    return tmp_path


def exports() -> dict[str, str]:
    """Each stored programme as ``attraktiv programme export`` writes it."""
    found = {}
    for code in Programme.objects.order_by("code").values_list("code", flat=True):
        out = StringIO()
        call_command("programme", "export", code, "--with-values", stdout=out)
        found[code] = out.getvalue()
    return found


@contextlib.contextmanager
def new_postgresql_database(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``server_url``; dropped after."""
    import psycopg

    name = f"attraktiv_restore_{uuid.uuid4().hex[:12]}"
    base, _slash, _database = server_url.rpartition("/")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def empty_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """An empty database to restore into: of this run's engine (``same``) or the other."""
    this = connection.vendor
    if (kind == "same") == (this == "sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if this == "postgresql":
        server = postgresql_uri({**connection.settings_dict, "NAME": "postgres"})
    elif POSTGRES_URL:
        server = POSTGRES_URL
    else:
        pytest.skip(NO_POSTGRES)
    with new_postgresql_database(server) as url:
        yield url


@pytest.mark.parametrize("kind", ["same", "other"])
def test_a_backup_restored_into_an_empty_database_exports_the_same_programmes(
    stored, tmp_path, kind
):
    before = exports()
    assert set(before) == {"attraktiv-arbetsgivare-2018", "pa-program-2027"}
    measurements = Measurement.objects.count()
    employments = Employment.objects.count()
    assert measurements > 1000 and employments > 100
    backup_dir = tmp_path / "backup"
    out, err = StringIO(), StringIO()
    call_command("backup", str(backup_dir), stdout=out, stderr=err)
    assert str(backup_dir / "secrets") in out.getvalue()

    target_var = tmp_path / "restored-var"
    with empty_database(kind, tmp_path) as url:
        restored = run_attraktiv("restore", str(backup_dir), database_url=url, var_dir=target_var)
        assert "Återställt" in restored.stdout
        for code, text in before.items():
            again = run_attraktiv(
                "programme", "export", code, "--with-values", database_url=url, var_dir=target_var
            )
            assert again.stdout == text, code
        counted = run_attraktiv(
            "shell",
            "-c",
            "from attraktiv.measurements.models import Measurement as M;"
            "from attraktiv.datasets.models import Employment as E;"
            "print(M.objects.count(), E.objects.count())",
            database_url=url,
            var_dir=target_var,
        )
        assert counted.stdout.splitlines()[-1].split() == [str(measurements), str(employments)]
        # The ids go on after the restored ones (PostgreSQL's sequences are reset).
        created = run_attraktiv(
            "shell",
            "-c",
            "from attraktiv.programmes.models import Programme as P;"
            "p = P.objects.create(code='ny', name='Ny', first_year=2026, last_year=2027);"
            "print(p.pk > max(P.objects.exclude(pk=p.pk).values_list('pk', flat=True)))",
            database_url=url,
            var_dir=target_var,
        )
        assert created.stdout.splitlines()[-1] == "True"
    # The secrets are back where the settings read them, readable by the owner only, and
    # the kept upload is back in the instance folder.
    for name, value in (("pseudonym_key", settings.PSEUDONYM_KEY), ("secret_key", None)):
        path = target_var / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        if value is not None:
            assert path.read_text().strip() == value
    assert (target_var / "uploads" / "import-x" / "data" / "units.csv").is_file()
    for text in (out.getvalue(), err.getvalue(), restored.stdout, restored.stderr):
        assert settings.PSEUDONYM_KEY not in text and settings.SECRET_KEY not in text


def test_the_backup_holds_a_manifest_with_checksums_and_the_secrets_apart(stored, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=StringIO())
    manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["attraktiv_version"] and manifest["created_at"]
    assert "0001_initial" in manifest["database"]["migrations"]["programmes"]
    rows = {table["table"]: table["rows"] for table in manifest["tables"]}
    assert rows["measurements_measurement"] == Measurement.objects.count()
    assert "django_session" not in rows
    listed = {
        path.relative_to(backup_dir).as_posix()
        for path in backup_dir.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    assert set(manifest["files"]) == listed
    assert "files/uploads/import-x/data/units.csv" in listed
    secrets = backup_dir / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    for name in ("secret_key", "pseudonym_key"):
        assert stat.S_IMODE((secrets / name).stat().st_mode) == 0o600
    readme = (secrets / "README.txt").read_text(encoding="utf-8")
    assert "HEMLIGT" in readme and "nya pseudonymer" in readme


def test_a_changed_file_is_named_and_nothing_is_restored(stored, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=StringIO())
    changed = backup_dir / "database" / "programmes.programme.parquet"
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(bytes(data))
    Programme.objects.filter(code="pa-program-2027").update(name="Ändrat")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_dir), "--replace", stdout=StringIO())
    message = str(refused.value)
    assert "database/programmes.programme.parquet" in message
    assert "inget har återställts" in message
    assert refused.value.returncode == 2
    assert Programme.objects.get(code="pa-program-2027").name == "Ändrat"


def test_a_database_with_data_is_refused_without_replace_and_replaced_with_it(stored, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=StringIO())
    before = exports()
    Programme.objects.filter(code="pa-program-2027").update(name="Ändrat")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_dir), stdout=StringIO())
    assert "--replace" in str(refused.value) and refused.value.returncode == 2
    assert Programme.objects.get(code="pa-program-2027").name == "Ändrat"

    call_command("restore", str(backup_dir), "--replace", stdout=StringIO())
    assert exports() == before


def test_a_folder_with_files_is_refused_unless_forced(stored, tmp_path):
    backup_dir = tmp_path / "backup"
    backup_dir.mkdir()
    (backup_dir / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(backup_dir), stdout=StringIO())
    assert "--force" in str(refused.value) and refused.value.returncode == 2
    call_command("backup", str(backup_dir), "--force", stdout=StringIO())
    assert (backup_dir / MANIFEST).is_file()


def test_every_field_of_every_model_has_a_type_in_the_dump():
    """A new kind of field would otherwise stop the first backup of a database holding it."""
    for model in dump.dumped_models():
        assert len(dump.arrow_schema(model)) == len(model._meta.concrete_fields)
