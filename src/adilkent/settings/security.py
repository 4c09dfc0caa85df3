"""Security settings for sensitive records (the Refugee Desk): applied at the end of base.

Kept in its own module so that protection of sensitive data (two-factor authentication,
brute-force lockout, object permissions, encryption keys, session timeouts) is read and
reviewed in one place. ``apply`` receives the settings module's namespace and extends it.
"""

from __future__ import annotations

from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Extend the base settings in place."""
