"""Attraktiv's settings: one module, driven by environment variables.

Every setting an operator may change is read from the environment here, in the style of
healthchecks' settings.py; the README's configuration table lists them. A secret is given in
the environment, or in a file named by its ``*_FILE`` variable (kept apart from the data);
otherwise it is generated once into the instance folder (``ATTRAKTIV_VAR_DIR``, default
``./var``) and read back on later starts, so a fresh clone runs without configuration.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from attraktiv.hrdata.limits import file_limits


def envbool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ATTRAKTIV_VAR_DIR", Path.cwd() / "var")).resolve()


# ---- Secrets outside the data (issue 11, part 6) --------------------------------------------
# A secret comes from its environment variable, else from the file its ``*_FILE`` variable
# names (a mounted secret, kept apart from the database), else from the instance folder.


def secret_file(env_name: str, file_name: str, var_dir: Path | None = None) -> Path | None:
    """The file a secret is read from: ``$<env_name>_FILE``, else ``file_name`` in the
    instance folder (``var_dir``, default ``VAR_DIR``); None when the environment gives the
    secret itself."""
    if os.environ.get(env_name):
        return None
    given = os.environ.get(f"{env_name}_FILE")
    return Path(given).expanduser().resolve() if given else (var_dir or VAR_DIR) / file_name


def instance_secret(env_name: str, file_name: str) -> str:
    """Return the secret from the environment, from ``$<env_name>_FILE``, or from
    ``VAR_DIR/file_name``.

    A named ``_FILE`` must exist and hold the secret: a missing or empty one stops the start
    with a message, never a fresh secret (a new pseudonym key would give every person a new
    pseudonym). A missing file in ``VAR_DIR`` is created with a fresh random secret readable
    by the owner only. The value is never printed or logged.
    """
    path = secret_file(env_name, file_name)
    if path is None:
        return os.environ[env_name]
    if os.environ.get(f"{env_name}_FILE"):
        try:
            value = path.read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{env_name}_FILE: cannot read {path} ({error.strerror}). "
                f"/ {env_name}_FILE: kan inte läsa {path} ({error.strerror})."
            ) from None
        if not value:
            raise ImproperlyConfigured(
                f"{env_name}_FILE: {path} is empty. / {env_name}_FILE: {path} är tom."
            )
        return value
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = instance_secret("SECRET_KEY", "secret_key")
# HMAC-SHA256 key that replaces a personnummer by a stable pseudonym (hr-data.md §1, persons).
# With the database and this key, a pseudonym is reversed by trying the ~500 personnummer that
# fit a person's stored birth date and gender: keep it apart (core.checks warns otherwise).
PSEUDONYM_KEY = instance_secret("ATTRAKTIV_PSEUDONYM_KEY", "pseudonym_key")
PSEUDONYM_KEY_FILE = secret_file("ATTRAKTIV_PSEUDONYM_KEY", "pseudonym_key")

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Attraktiv")
CSRF_TRUSTED_ORIGINS = [SITE_ROOT]

# HTTPS hardening follows SITE_ROOT: an https:// site gets secure cookies, HSTS and redirects.
USES_HTTPS = SITE_ROOT.startswith("https://")
SECURE_SSL_REDIRECT = USES_HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if USES_HTTPS else None
SESSION_COOKIE_SECURE = USES_HTTPS
CSRF_COOKIE_SECURE = USES_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if USES_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = USES_HTTPS
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", USES_HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# ---- Response headers (issue 11, part 6; docs/security.md) ----------------------------------
# Content-Security-Policy (django-csp): scripts and styles from our own static files only, no
# inline script or style anywhere (htmx's indicator style is off, base.html); data: images for
# the API docs' icons (swagger-ui.css). Cross-Origin-Opener-Policy as Django's default.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Powerful browser features no page uses (core.middleware.ResponseHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

INSTALLED_APPS = [
    "attraktiv.core",
    "attraktiv.organisation",
    "attraktiv.accounts",
    "attraktiv.datasets",
    "attraktiv.measurements",
    "attraktiv.programmes",
    "attraktiv.actionplans",
    "attraktiv.followups",
    "attraktiv.budget",
    "attraktiv.audits",
    "attraktiv.forecasts",
    "attraktiv.supplyplan",
    "attraktiv.benchmarks",
    "attraktiv.reports",
    "attraktiv.operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Response headers (issue 11): after WhiteNoise, so static files keep their long cache.
    "csp.middleware.CSPMiddleware",
    "attraktiv.core.middleware.ResponseHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "attraktiv.urls"
WSGI_APPLICATION = "attraktiv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "attraktiv.core.context_processors.layout",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'attraktiv.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The test database is a file, not Django's default in-memory database, so that the
    # ADBC driver (its own connection) can read the microdata the tests stored. One file per
    # process, so that test runs side by side do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"attraktiv-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Swedish first, English second (domain.md).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
CSRF_FAILURE_VIEW = "attraktiv.core.views.csrf_failure"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("ATTRAKTIV_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Disclosure control defaults (hr-data.md §3.7).
MIN_PERSONS = int(os.environ.get("ATTRAKTIV_MIN_PERSONS", 10))
MIN_RESPONDENTS = int(os.environ.get("ATTRAKTIV_MIN_RESPONDENTS", 5))

# Uploads (issue 11, part 8; hrdata/limits.py): ATTRAKTIV_MAX_UPLOAD_MB (default 200) bounds
# each uploaded file while it is received (the handler drops the rest and deletes what it
# wrote), ATTRAKTIV_MAX_UNPACKED_MB (default 5 × that) what one file may unpack to when read.
# Request bodies without files and files up to 2.5 MB stay in memory (Django's defaults, kept
# on purpose); larger files stream to disk.
FILE_LIMITS = file_limits()
FILE_UPLOAD_HANDLERS = [
    "attraktiv.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20  # the data contract's nine tables and a mapping, with room

# Benchmarks (issue 6, item 5): the region's own id in Kolada, four digits such as "0013"
# (Region Halland; "0000" is the whole country). Empty: the comparison shows every region and
# the country and marks none of Kolada's rows as ours.
KOLADA_MUNICIPALITY = os.environ.get("ATTRAKTIV_KOLADA_MUNICIPALITY", "").strip()

# The demo region's data set (issue 6), used by `attraktiv demo`.
DEMO_MODE = envbool("ATTRAKTIV_DEMO", False)

# ---- Login protection, sessions and the audit log (issue 11, parts 3 and 4) ---------------
# docs/security-notes-login.md explains the choices. django-axes counts failed logins per user
# name and per client address (the login page, the admin and every other use of
# django.contrib.auth.authenticate); a user name or address over its limit is refused for the
# cool-off, which starts again with every attempt made during it.
INSTALLED_APPS += ["attraktiv.auditlog", "axes"]
LOGIN_FAILURE_LIMIT = max(1, int(os.environ.get("ATTRAKTIV_LOGIN_FAILURE_LIMIT", 5)))
LOGIN_ADDRESS_FAILURE_LIMIT = max(
    LOGIN_FAILURE_LIMIT, int(os.environ.get("ATTRAKTIV_LOGIN_ADDRESS_FAILURE_LIMIT", 20))
)
LOGIN_COOLOFF_MINUTES = max(1, int(os.environ.get("ATTRAKTIV_LOGIN_COOLOFF_MINUTES", 15)))
# The request header (a request.META name such as HTTP_X_FORWARDED_FOR) in which the
# site's own reverse proxy passes the client's address; its last address is used. Empty: the
# address is REMOTE_ADDR. Set it only behind a proxy that overwrites or appends the header.
CLIENT_ADDRESS_HEADER = os.environ.get("ATTRAKTIV_CLIENT_ADDRESS_HEADER", "").strip()
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "attraktiv.accounts.lockout.LoginAttemptHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "attraktiv.accounts.lockout.client_address"
AXES_USERNAME_CALLABLE = "attraktiv.accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "attraktiv.accounts.lockout.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = True  # an Administratör unlocks by deleting the attempt in the admin
AXES_VERBOSE = False
# A session ends after this many minutes without a request, and at the latest this many hours
# after its login (the absolute limit is kept by accounts.middleware.SessionLimitMiddleware).
SESSION_IDLE_MINUTES = max(1, int(os.environ.get("ATTRAKTIV_SESSION_IDLE_MINUTES", 30)))
SESSION_MAX_HOURS = max(1, int(os.environ.get("ATTRAKTIV_SESSION_MAX_HOURS", 10)))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# The audit log's middleware makes the request known to auditlog.services.record (user,
# address, page); axes's middleware turns a refused login into the Swedish lockout page and
# must come last.
MIDDLEWARE += [
    "attraktiv.accounts.middleware.SessionLimitMiddleware",
    "attraktiv.auditlog.middleware.AuditRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]
