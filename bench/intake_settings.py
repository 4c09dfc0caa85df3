"""Settings of the intake benchmark: the production settings, plus one bench-only URL.

The product's settings are used unchanged (``DEBUG`` off, the same middleware, the same database
options); only the URLconf differs, to add the baseline view of :mod:`intake_urls`. This module
lives in ``bench/`` and is never imported by the product.
"""

from adilkent.settings.production import *  # noqa: F403

ROOT_URLCONF = "intake_urls"
# The figures published were measured with a per-process memory cache; keep it, so the bench
# needs no Redis and stays comparable.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Quiet workers: warnings and errors only (a log line per request would be part of the cost).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
