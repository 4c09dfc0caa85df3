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
# Threads overlap the waits on PostgreSQL and Redis; processes use the cores.
worker_class = "gthread"
workers = int(_env("WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
threads = int(_env("THREADS", "4"))
timeout = int(_env("TIMEOUT", "60"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): a slow
# leak in a library never grows without bound.
max_requests = int(_env("MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front (nginx) is the only client; it sets X-Forwarded-Proto/For.
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# nginx keeps the access log (without query strings); gunicorn logs only errors, to journald.
accesslog = None
errorlog = "-"
loglevel = _env("LOG_LEVEL", "info")
proc_name = "adilkent-web"
