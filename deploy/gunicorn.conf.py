"""gunicorn settings for adilkent's web processes (``gunicorn -c deploy/gunicorn.conf.py``).

The web tier keeps no state of its own (sessions, rate limits and caches are in PostgreSQL and
Redis), so run as many of these, on as many machines, as the load needs. Every value can be
changed from the environment (``ADILKENT_WEB_*``) without editing this file.
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ADILKENT_WEB_{name}", default)


wsgi_app = "adilkent.wsgi:application"
bind = _env("BIND", "127.0.0.1:8001").split(",")
# Load Django before listening: while a restarted process starts, its port refuses
# connections (nginx sends the request to another web process at once) instead of
# accepting them and keeping them waiting until the workers have imported everything. The
# workers share the loaded code's memory. Upgrades therefore restart the unit (one machine
# at a time), since a HUP would keep the loaded code (docs/deployment.md).
preload_app = True
# Threads overlap the waits on PostgreSQL and Redis; processes use the cores.
worker_class = "gthread"
workers = int(_env("WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
threads = int(_env("THREADS", "4"))
timeout = int(_env("TIMEOUT", "60"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests, so a slow leak in a library never grows
# without bound. The jitter is half of it: workers started together must not all be replaced
# at the same moment (measured: with 2000 ± 200, all four workers of the fault benchmark were
# replaced within a second and answers stopped for ~10 s; bench/prod_faults.py).
max_requests = int(_env("MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 2
# The proxy in front (nginx) is the only client; it sets X-Forwarded-Proto/For.
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# nginx keeps the access log (without query strings); gunicorn logs only errors, to journald.
accesslog = None
errorlog = "-"
loglevel = _env("LOG_LEVEL", "info")
proc_name = "adilkent-web"
# gunicorn's control socket (for gunicornc) is not used; its default path in the home folder
# would be shared by every gunicorn of the account, and the unit's home is read-only.
control_socket_disable = True


def when_ready(server: object) -> None:
    """In the master, before any worker is forked: import every URL module and the views
    they name, so that a new or replaced worker answers its first request at once."""
    from django.urls import get_resolver

    from adilkent.core.memory import gc_freeze_now

    get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
    # What the workers inherit is left out of their full collections (adilkent.core.memory).
    gc_freeze_now()


def pre_fork(server: object, worker: object) -> None:
    """No database connection opened while loading may be shared with the workers."""
    from django.db import connections

    connections.close_all()
