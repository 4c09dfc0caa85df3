"""Production: PostgreSQL, secrets and hosts from the environment, secure cookies."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env, env_bool

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("ADILKENT_SECRET_KEY must be set in production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE", False
):
    raise ImproperlyConfigured(
        "Production needs DATABASE_URL=postgres://...; set ADILKENT_ALLOW_SQLITE=1 to "
        "run a single-machine deployment on SQLite deliberately."
    )
# One cache shared by every web process and worker (rate limits in adilkent.core.throttle, the
# GeoJSON cache): a per-process memory cache would give each process its own limits.
REDIS_URL = env("REDIS_URL")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "ADILKENT_REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0): the "
        "rate limits and caches are shared by all processes through it."
    )
# django-redis (docs/decisions/0005-redis-outage.md): when Redis does not answer within a
# second, a read is a miss and a write is skipped (logged), so pages keep working through a
# Redis restart; the rate limits count nothing meanwhile (adilkent.core.throttle).
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "adilkent",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx redirects plain HTTP too; this catches a proxy that forgets. /healthz is asked over
# plain HTTP on the machine itself by the service manager and the load balancer.
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
# Subdomains and the browsers' preload list are the domain owner's decision (the municipality's
# other sites share its domain): off unless set, and then `check --deploy` says nothing of them.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "adilkent.core.staticstorage.StaticStorage"},
}
# Notifications to residents (sent by the task workers, with retries: adilkent.intake.notify).
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "adilkent@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Residents' files are read by nginx (X-Accel-Redirect): group-readable, never world-readable
# (nginx's user is a member of the adilkent group: docs/deployment.md).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
