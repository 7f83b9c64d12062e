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


def test_help_lists_every_product_command_and_only_those():
    """Every command module of an Attraktiv app, found on disk, is under "Attraktiv commands"."""
    package = Path(__file__).resolve().parents[2]
    on_disk = {
        path.stem
        for path in package.glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    result = attraktiv("--help")
    assert result.returncode == 0
    product = result.stdout.split("Attraktiv commands:")[1].split("Django commands:")[0]
    assert {"serve", "demo", "import", "kpi"} <= on_disk
    assert set(product.split()) == on_disk


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


def test_serve_works_on_a_fresh_data_directory_without_collectstatic(tmp_path):
    """Issue 12: with DEBUG=0 every page, the login page included, failed with "Missing
    staticfiles manifest entry" until an operator ran collectstatic."""
    import socket
    import time
    import urllib.error
    import urllib.request

    env = {
        "ATTRAKTIV_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "DATABASE_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "",
    }
    assert attraktiv("migrate", "-v", "0", env=env).returncode == 0
    assert not (tmp_path / "static").exists()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "attraktiv", "serve", "--no-worker", f"127.0.0.1:{port}"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        page = None
        deadline = time.monotonic() + 90
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                login = f"http://127.0.0.1:{port}/konto/logga-in/"
                with urllib.request.urlopen(login, timeout=30) as answer:
                    page = (answer.status, answer.read().decode())
            except urllib.error.HTTPError:
                raise
            except OSError:  # not listening yet
                time.sleep(0.5)
        assert page is not None, (tmp_path / "serve.log").read_text()
        status, html = page
        assert status == 200 and "Logga in" in html
        # The page names its stylesheet by the manifest's hashed name, and the file is served.
        stylesheet = next(
            part.split('"')[0] for part in html.split('href="/static/')[1:] if ".css" in part
        )
        assert stylesheet.count(".") >= 2  # attraktiv.<hash>.css
        static = f"http://127.0.0.1:{port}/static/{stylesheet}"
        with urllib.request.urlopen(static, timeout=30) as answer:
            assert answer.status == 200
        assert (tmp_path / "static" / "staticfiles.json").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_serve_collects_again_when_the_manifest_misses_a_file(settings, tmp_path):
    """After an upgrade adds a static file, the old manifest lacks it: collect again."""
    import json

    from django.core.management import call_command

    from attraktiv.core.management.commands.serve import static_manifest_outdated

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert static_manifest_outdated()
    call_command("collectstatic", interactive=False, verbosity=0)
    assert not static_manifest_outdated()
    manifest = tmp_path / "staticfiles.json"
    content = json.loads(manifest.read_text())
    del content["paths"]["attraktiv/attraktiv.css"]
    manifest.write_text(json.dumps(content))
    assert static_manifest_outdated()
