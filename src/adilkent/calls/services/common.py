"""What every service of calls shares: the error with messages per field, the follow code,
and the check of a status change."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from adilkent.cases.crypto import keyed_hash
from adilkent.core.l10n import format_number

from ..models import Application


class CallInvalid(Exception):
    """Bad input or a step out of order: ``errors`` maps each field (or ``""``) to its
    messages; nothing was changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class ConflictRefused(PermissionError):
    """A reviewer acted on an application they declared a conflict of interest with, or
    before declaring."""


def lira(amount: Decimal | int | None, decimals: int = 2) -> str:
    """An amount of lira in the reader's language's digits and separators (``14.500,00``)."""
    return format_number(amount, decimals=decimals)


def add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def follow_hash(code: str) -> str:
    return keyed_hash(code, "calls-follow")


def require_status(application: Application, allowed: Iterable[str], doing: str) -> None:
    allowed = list(allowed)
    if application.status not in allowed:
        raise CallInvalid(
            {
                "": [
                    _("%(doing)s is not possible for an application that is %(status)s.")
                    % {"doing": doing, "status": application.get_status_display()}
                ]
            }
        )
