"""``attraktiv import DATA_DIR [--mapping FILE] [--yes]``: errors, exit status 2, a good import,
and the question before stored data are replaced (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from attraktiv.datasets.models import ImportRecord, ImportStatus, Person
from attraktiv.datasets.tests.sample import write_csv_folder
from attraktiv.hrdata.tests.bombs import BOMB_PROBLEM


def attraktiv(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attraktiv", *args],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
        },
        timeout=300,
    )


def run_import(*args: str, **options: Any) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err, **options)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_bad_input_exits_2_with_file_line_errors_and_stores_nothing(bad_folder):
    status, _out, err = run_import(str(bad_folder), "--no-recompute")
    assert status == 2
    assert any(line.startswith("employments.csv:3: rate: ") for line in err.splitlines())
    assert "inget har lästs in" in err
    assert "Traceback" not in err
    assert not Person.objects.exists()
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


@pytest.mark.django_db
def test_at_most_50_errors_are_printed_then_a_count(tmp_path):
    folder = write_csv_folder(tmp_path / "many", n=60)
    path = folder / "employments.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    rows = [",".join(["abc" if i == 6 else c for i, c in enumerate(r.split(","))]) for r in rows]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    status, _out, err = run_import(str(folder), "--no-recompute")
    assert status == 2
    errors = [line for line in err.splitlines() if line.startswith("employments.csv:")]
    assert len(errors) == 50
    # The reader sums up the rest of one rule's errors in one more issue.
    assert "… och 1 till\n60 fel: inget har lästs in." in err


@pytest.mark.django_db
def test_a_missing_folder_or_mapping_exits_2(tmp_path, good_folder):
    status, _out, err = run_import(str(tmp_path / "nowhere"))
    assert status == 2 and "mappen finns inte" in err
    (tmp_path / "bad.toml").write_text("this is = = not toml", encoding="utf-8")
    status, _out, err = run_import(str(good_folder), "--mapping", str(tmp_path / "bad.toml"))
    assert status == 2 and "bad.toml" in err
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_good_folder_is_imported_and_the_indicators_recomputed(good_folder):
    from attraktiv.measurements.models import Measurement

    status, out, err = run_import(str(good_folder))
    assert status == 0, err
    assert "Läste in" in out and "år 2023–2024" in out
    assert "Nyckeltalen är uppdaterade" in out
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.STORED
    assert record.recompute_status == "done"
    assert Measurement.objects.filter(source_import=record).count() > 0


def test_the_real_command_exits_2_without_a_traceback(tmp_path: Path, bad_folder):
    env = {"ATTRAKTIV_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    assert attraktiv("migrate", "-v", "0", env=env).returncode == 0
    result = attraktiv("import", str(bad_folder), env=env)
    assert result.returncode == 2, result.stderr
    assert "employments.csv:3: rate:" in result.stderr
    assert "Traceback" not in result.stderr
    help_text = attraktiv("--help", env=env).stdout
    assert "import" in help_text.split("Attraktiv commands:")[1].split("Django commands:")[0]


@pytest.mark.django_db
def test_a_zip_bomb_exits_2_with_its_problem_and_is_not_unpacked(tmp_path, zip_bomb):
    """Issue 11, part 8: the 0.4 MB workbook that unpacks to 400 MB is refused from its ZIP
    directory, in the Django-free reader the commands share."""
    folder = write_csv_folder(tmp_path / "data")
    (folder / "units.csv").unlink()
    (folder / "units.xlsx").write_bytes(zip_bomb.read_bytes())
    status, _out, err = run_import(str(folder), "--no-recompute")
    assert status == 2
    assert any(BOMB_PROBLEM.fullmatch(line) for line in err.splitlines()), err
    assert "Traceback" not in err
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_over_stored_data_without_a_terminal_it_refuses_unless_yes(good_folder, tmp_path):
    """Issue 12: a script (no terminal to ask on) does not replace stored data by mistake."""
    assert run_import(str(good_folder), "--no-recompute")[0] == 0  # nothing stored: no question
    newer = write_csv_folder(tmp_path / "newer", n=20)
    status, _out, err = run_import(str(newer), "--no-recompute", stdin=StringIO("j\n"))
    assert status == 2
    assert "Det finns redan lagrade HR-data" in err
    assert "--yes" in err and "Ingenting ändrades." in err
    assert Person.objects.count() == 12
    assert ImportRecord.objects.count() == 1
    status, out, err = run_import(str(newer), "--no-recompute", "--yes", stdin=StringIO(""))
    assert status == 0, err
    assert "Ersätta?" not in out
    assert Person.objects.count() == 20


@pytest.mark.django_db
def test_on_a_terminal_it_shows_what_is_replaced_and_asks(good_folder, tmp_path):
    """The same comparison as the upload's page, then "Ersätta? [j/N]" on a real terminal
    (a pseudo-terminal): "n" keeps the stored data (exit 1, the attempt kept as cancelled),
    "j" replaces them."""
    run_import(str(good_folder), "--no-recompute")
    newer = write_csv_folder(tmp_path / "newer", n=20)
    for answer, expected, persons in ((b"n\n", 1, 12), (b"j\n", 0, 20)):
        master, slave = os.openpty()
        try:
            with os.fdopen(slave, "r", encoding="utf-8") as terminal:
                os.write(master, answer)
                status, out, err = run_import(str(newer), "--no-recompute", stdin=terminal)
        finally:
            os.close(master)
        assert status == expected, err
        assert "Ersätta? [j/N]" in out
        [row] = [line for line in out.splitlines() if line.startswith("Anställda (personer)")]
        assert row.split() == ["Anställda", "(personer)", "12", "20"]
        assert Person.objects.count() == persons
        assert ("Ingenting importerades" in err) == (expected == 1)
    statuses = list(ImportRecord.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ImportStatus.STORED, ImportStatus.CANCELLED, ImportStatus.STORED]
