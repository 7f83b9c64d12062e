"""The ``attraktiv`` command: help, settings from the environment, demo, deploy check."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def attraktiv(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "attraktiv", *args],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **(env or {}),
        },
        cwd=cwd,
        timeout=120,
    )


def test_help_lists_the_product_commands():
    result = attraktiv("--help")
    assert result.returncode == 0
    product = result.stdout.split("Attraktiv commands:")[1].split("Django commands:")[0]
    assert {"serve", "demo"} <= set(product.split())


def test_secrets_are_generated_once_into_var_and_never_printed(tmp_path):
    env = {"ATTRAKTIV_VAR_DIR": str(tmp_path), "SECRET_KEY": "", "ATTRAKTIV_PSEUDONYM_KEY": ""}
    code = "from django.conf import settings as s; print(len(s.SECRET_KEY), len(s.PSEUDONYM_KEY))"
    first = attraktiv("shell", "-v", "0", "-c", code, env=env)
    second = attraktiv("shell", "-v", "0", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    secret = (tmp_path / "secret_key").read_text()
    pseudonym_key = (tmp_path / "pseudonym_key").read_text()
    assert len(secret) >= 50 and secret != pseudonym_key
    assert stat.S_IMODE((tmp_path / "pseudonym_key").stat().st_mode) == 0o600
    assert pseudonym_key not in first.stdout + first.stderr


def test_database_url_selects_the_database(tmp_path):
    env = {"ATTRAKTIV_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://u:p@db.example:5432/hr"}
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        " print(d['ENGINE'], d['HOST'], d['NAME'])"
    )
    assert attraktiv("shell", "-v", "0", "-c", code, env=env).stdout.split() == [
        "django.db.backends.postgresql",
        "db.example",
        "hr",
    ]
    env = {"ATTRAKTIV_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert attraktiv("shell", "-v", "0", "-c", code, env=env).stdout.split()[-1] == str(
        tmp_path / "attraktiv.sqlite3"
    )


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    """Production keeps the pseudonym key apart from the data (a mounted secret)."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "pseudonym_key").write_text("a-key-kept-apart")
    env = {
        "ATTRAKTIV_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "0",
        "SITE_ROOT": "https://attraktiv.region.example",
        "ALLOWED_HOSTS": "attraktiv.region.example",
        "SECRET_KEY": "",
        "ATTRAKTIV_PSEUDONYM_KEY": "",
        "ATTRAKTIV_PSEUDONYM_KEY_FILE": str(secrets / "pseudonym_key"),
    }
    result = attraktiv("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # The key generated into var/, as on a fresh clone, is warned about.
    del env["ATTRAKTIV_PSEUDONYM_KEY_FILE"]
    result = attraktiv("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 1 and "attraktiv.W001" in result.stderr
