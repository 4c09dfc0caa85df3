"""Helpers shared by the views of the cases area."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def require(perm: str, request: HttpRequest, obj: Any = None) -> None:
    """Refuse (403) unless the cases rules allow it (superusers get no exception here)."""
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied(perm)


def messages_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)
