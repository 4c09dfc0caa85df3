"""Settings shared by every environment. Values that vary are read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from adilkent.paths import data_dir

SRC_DIR = Path(__file__).resolve().parent.parent  # src/adilkent
PROJECT_DIR = SRC_DIR.parent.parent  # repository root


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"ADILKENT_{name}", os.environ.get(name, default))


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


VAR_DIR = Path(env("VAR_DIR", str(PROJECT_DIR / "var")))
# Where the real source files live (../shared/data beside the repository by default).
DATA_DIR = data_dir()

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # before django_tasks_db: its `manage.py db_worker` is the one with a sign of life
    "adilkent.core",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "django_htmx",
    "ninja",  # serves the API docs page with its own Swagger UI files, no CDN
    "adilkent.places",
    "adilkent.analytics",
    "adilkent.planner",
    "adilkent.programmes",
    "adilkent.guide",
    "adilkent.intake",
    "adilkent.cases",
    "adilkent.legalaid",
    "adilkent.enrolment",
    "adilkent.courses",
    "adilkent.employment",
    "adilkent.confidential",
    "adilkent.calls",
    "adilkent.council",
    "adilkent.redflag",
    "adilkent.surveys",
    "adilkent.knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "adilkent.core.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "adilkent.core.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "adilkent.urls"
WSGI_APPLICATION = "adilkent.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "adilkent.core.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite (WAL) is the embedded default; DATABASE_URL selects PostgreSQL (or another SQLite file).
SQLITE_PATH = Path(env("SQLITE_PATH", str(VAR_DIR / "adilkent.sqlite3")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
# A kept connection is checked before a request uses it: after a database restart or failover
# the first request gets a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while an import writes; IMMEDIATE avoids lock upgrades.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# --- Languages ----------------------------------------------------------------------------
# Adding a language is one line here plus its translation files under src/adilkent/locale/.
LANGUAGE_CODE = "tr"
LANGUAGES = [
    ("tr", _("Turkish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "tr"
# Content not yet translated falls back to Turkish; readers of the languages of recent
# arrivals (Arabic, Persian, Russian, Ukrainian) get English first where it exists.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("tr", "en"),
    "ar": ("en", "tr"),
    "fa": ("en", "tr"),
    "ru": ("en", "tr"),
    "uk": ("en", "tr"),
}
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# One date order per language (docs/decisions/0016-digits-and-dates.md): ar and fa completed.
FORMAT_MODULE_PATH = ["adilkent.formats"]

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "adilkent.core.staticfinders.LeafletFinder",
]
MEDIA_ROOT = VAR_DIR / "media"
# The largest request body accepted (three 5 MB attachments and the form); larger: 413 before
# the body is read. nginx's client_max_body_size says the same (deploy/nginx).
MAX_REQUEST_BODY_BYTES = int(env("MAX_REQUEST_BODY_BYTES", str(20 * 1024 * 1024)))
MEDIA_URL = "media/"
# Uploaded files are sent only by views that check who asks (adilkent.core.protected_files);
# with this prefix set (production behind nginx), the view answers with X-Accel-Redirect to it.
MEDIA_ACCEL_PREFIX = env("MEDIA_ACCEL_PREFIX", "")

# --- Background jobs ----------------------------------------------------------------------
# A real queue in the database (django-tasks); `manage.py db_worker` runs the jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each worker writes a sign of life this often; a job whose worker has not written for
# LOST_AFTER is queued again (adilkent.core.workers), and failed after MAX_ATTEMPTS claims.
TASKS_WORKER_BEAT_SECONDS = float(env("TASKS_WORKER_BEAT_SECONDS", "10"))
TASKS_WORKER_LOST_AFTER_SECONDS = float(env("TASKS_WORKER_LOST_AFTER_SECONDS", "60"))
TASKS_MAX_ATTEMPTS = int(env("TASKS_MAX_ATTEMPTS", "3"))

# --- Maps ---------------------------------------------------------------------------------
# No basemap is fetched unless a tile URL is configured (offline by default).
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "")
# The address residents reach the site at (https://adilkent.example.org), for links in SMS and
# e-mail messages; empty: messages name the page instead of linking to it.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "").rstrip("/")
# The city this deployment serves: a city is data and settings, never code.
CITY_NAME = env("CITY_NAME", "İzmir")
# The district whose centre serves as the depot of mobile services when none is given.
CITY_CENTRE_DISTRICT = env("CITY_CENTRE_DISTRICT", "Konak")
# Public holidays (ISO 3166 country code for the holidays package): no mobile service goes out
PUBLIC_HOLIDAYS_COUNTRY = env("PUBLIC_HOLIDAYS_COUNTRY", "TR")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Protection of sensitive data (see security.py) -----------------------------------------
from .security import apply as _apply_security  # noqa: E402

_apply_security(globals())
