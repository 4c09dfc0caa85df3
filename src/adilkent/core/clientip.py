"""The one rule for a request's client address, used by the audit log, the rate limits and the
login lockout (django-axes).

A header is believed only when the connection comes from a proxy of our own: the networks in
``TRUSTED_PROXIES`` (``ADILKENT_TRUSTED_PROXIES``, comma-separated, e.g. ``127.0.0.1/32``;
empty by default, so by default no header is ever believed). Such a proxy must overwrite
``X-Real-IP`` with the address it sees (nginx: ``proxy_set_header X-Real-IP $remote_addr``,
see deploy/nginx); django-ipware reads and validates that header. ``X-Forwarded-For``, which a
client can prefill, is never read. Anything that is not an IP address gives ``None`` and is
never written anywhere.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

HEADER = "HTTP_X_REAL_IP"


@cache
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def valid_ip(value: object) -> str | None:
    """``value`` as a normalised IP address, or ``None``."""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address by the trusted-proxy rule above, validated; ``None`` if unknown."""
    peer = valid_ip(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    address = ipaddress.ip_address(peer)
    if any(address in network for network in trusted_proxies()):
        if not request.META.get(HEADER):
            return peer  # the proxy's own request (a health check), not a client's
        forwarded, _routable = get_client_ip(request, request_header_order=[HEADER])
        return valid_ip(forwarded) if forwarded else None
    return peer


def client_ip_for_axes(request: HttpRequest) -> str:
    """django-axes wants a string."""
    return client_ip(request) or ""
