"""Test settings: SQLite in a temporary file unless DATABASE_URL names PostgreSQL."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
SECRET_KEY = "test-key-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Tests fetch pages, not static files: no WhiteNoise (and no collected-files folder needed).
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
# Jobs run at once, in the test's own transaction; tests of the queue itself use the database
# backend with override_settings.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
