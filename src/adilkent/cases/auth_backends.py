"""The brute-force lockout backend (django-axes) for the staff login."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out login; pass logins made without a request on to the next backend.

    Every login through a web form carries its request and is counted and locked out by
    django-axes. ``authenticate`` without a request only happens in code run on the server
    itself (management commands, the test client's ``login``), which no outsider can reach,
    so it is left to the ordinary password check instead of failing with an error.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None
