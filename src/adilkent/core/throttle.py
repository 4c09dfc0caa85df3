"""A small fixed-window limit on attempts per client, for public forms that take a secret code.

Codes (receipt codes, tracking codes) are long enough that guessing one is hopeless at the rate
a person types; this keeps a script from trying them by the thousand. Attempts are counted in
Django's cache per client address (hashed: addresses are not kept) and per scope, in windows of
``window`` seconds.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import HttpRequest

from adilkent.core.clientip import client_ip

logger = logging.getLogger(__name__)


def _key(scope: str, request: HttpRequest, window: int) -> str:
    address = client_ip(request) or "unknown"
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:24]
    return f"throttle:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, request: HttpRequest, limit: int, window: int = 3600) -> bool:
    """Count one attempt; True while the client has made at most ``limit`` in this window.

    While the shared cache does not answer (production skips its errors: a Redis restart),
    nothing can be counted and the attempt is allowed, with a warning in the log: the limits
    slow down scripts, and refusing every resident during an outage would be worse.
    """
    key = _key(scope, request, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count is None:
        logger.warning("rate limit %s not counted: the shared cache did not answer", scope)
        return True
    return int(count) <= limit
