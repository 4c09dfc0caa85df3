"""The cases area's settings (set by settings/security.py), typed in one place."""

from __future__ import annotations

from django.conf import settings


def encryption_keys() -> tuple[str, ...]:
    return tuple(getattr(settings, "CASES_ENCRYPTION_KEYS", ()))


def identity_pepper() -> str:
    return str(getattr(settings, "CASES_IDENTITY_PEPPER", ""))


def min_cell_size() -> int:
    return int(getattr(settings, "CASES_MIN_CELL_SIZE", 5))


def idle_timeout_seconds() -> int:
    return int(getattr(settings, "CASES_IDLE_TIMEOUT_SECONDS", 900))


def require_otp() -> bool:
    return bool(getattr(settings, "CASES_REQUIRE_OTP", True))
