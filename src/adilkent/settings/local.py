"""Local demo and development: SQLite by default, debug on, console e-mail."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-demo-key-not-for-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
INTERNAL_IPS = ["127.0.0.1"]
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]

# The database and the collected static files live here; WhiteNoise expects the folder.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
