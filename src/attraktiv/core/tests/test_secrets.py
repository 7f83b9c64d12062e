"""Secrets outside the data directory (issue 11, part 6): ``SECRET_KEY_FILE`` and
``ATTRAKTIV_PSEUDONYM_KEY_FILE``, and the deploy check that warns when the pseudonym key lies
with the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from attraktiv import settings as attraktiv_settings
from attraktiv.core.checks import pseudonym_key_apart_from_the_data

KEY = "ATTRAKTIV_PSEUDONYM_KEY"


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    folder = tmp_path / "var"
    monkeypatch.setattr(attraktiv_settings, "VAR_DIR", folder)
    for name in (KEY, f"{KEY}_FILE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_the_environment_wins_and_no_file_is_used(var_dir, monkeypatch):
    monkeypatch.setenv(KEY, "from-the-environment")
    monkeypatch.setenv(f"{KEY}_FILE", str(var_dir / "ignored"))
    assert attraktiv_settings.instance_secret(KEY, "pseudonym_key") == "from-the-environment"
    assert attraktiv_settings.secret_file(KEY, "pseudonym_key") is None
    assert not var_dir.exists()


def test_a_key_file_outside_the_data_is_read(var_dir, tmp_path, monkeypatch):
    secret = tmp_path / "secrets" / "pseudonym"
    secret.parent.mkdir()
    secret.write_text("mounted-key\n")
    monkeypatch.setenv(f"{KEY}_FILE", str(secret))
    assert attraktiv_settings.instance_secret(KEY, "pseudonym_key") == "mounted-key"
    assert attraktiv_settings.secret_file(KEY, "pseudonym_key") == secret.resolve()
    assert not var_dir.exists()  # no second key generated beside the data


@pytest.mark.parametrize("content", [None, "  \n"])
def test_a_missing_or_empty_key_file_stops_the_start(var_dir, tmp_path, monkeypatch, content):
    """Never a fresh key in its place: that would give every person a new pseudonym."""
    secret = tmp_path / "pseudonym"
    if content is not None:
        secret.write_text(content)
    monkeypatch.setenv(f"{KEY}_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured) as error:
        attraktiv_settings.instance_secret(KEY, "pseudonym_key")
    message = str(error.value)
    assert f"{KEY}_FILE" in message and str(secret) in message
    assert ("kan inte läsa" if content is None else "är tom") in message
    assert not secret.exists() or secret.read_text() == content
    assert not var_dir.exists()


def test_without_configuration_the_key_is_generated_once_in_var(var_dir):
    first = attraktiv_settings.instance_secret(KEY, "pseudonym_key")
    assert (var_dir / "pseudonym_key").stat().st_mode & 0o777 == 0o600
    assert attraktiv_settings.instance_secret(KEY, "pseudonym_key") == first
    assert len(first) > 60


def test_the_secret_key_has_a_file_option_too(var_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    secret = tmp_path / "django-secret"
    secret.write_text("s3cret")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert attraktiv_settings.instance_secret("SECRET_KEY", "secret_key") == "s3cret"


# ---- attraktiv check --deploy ---------------------------------------------------------------


def test_the_deploy_check_warns_when_the_key_lies_in_var(settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path / "var"
    settings.PSEUDONYM_KEY_FILE = tmp_path / "var" / "pseudonym_key"
    [warning] = pseudonym_key_apart_from_the_data()
    assert warning.id == "attraktiv.W001" and "pseudonym_key" in warning.msg
    with pytest.raises(SystemCheckError, match=r"attraktiv\.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])


def test_the_deploy_check_warns_when_the_key_lies_beside_the_sqlite_file(settings, tmp_path):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite file's folder: a SQLite run only")
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path / "var"
    settings.PSEUDONYM_KEY_FILE = Path(database["NAME"]).parent / "pseudonym_key"
    assert [w.id for w in pseudonym_key_apart_from_the_data()] == ["attraktiv.W001"]


def test_the_deploy_check_is_quiet_for_a_key_kept_apart(settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path / "var"
    settings.PSEUDONYM_KEY_FILE = tmp_path / "secrets" / "pseudonym_key"
    assert pseudonym_key_apart_from_the_data() == []
    settings.PSEUDONYM_KEY_FILE = None  # given in the environment
    assert pseudonym_key_apart_from_the_data() == []
    settings.DEBUG = True
    settings.PSEUDONYM_KEY_FILE = tmp_path / "var" / "pseudonym_key"
    assert pseudonym_key_apart_from_the_data() == []


def test_the_command_says_a_missing_key_file_in_one_line(tmp_path):
    """The real ``attraktiv`` command, started with a key file that is not there."""
    environment = {
        **os.environ,
        f"{KEY}_FILE": str(tmp_path / "missing"),
        "ATTRAKTIV_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    environment.pop(KEY, None)
    run = subprocess.run(
        [sys.executable, "-m", "attraktiv", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.startswith(f"attraktiv: {KEY}_FILE: cannot read {tmp_path / 'missing'}")
    assert "kan inte läsa" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "var" / "pseudonym_key").exists()
