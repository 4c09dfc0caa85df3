"""Security settings for sensitive records (the Refugee Desk): applied at the end of base.

Kept in its own module so that protection of sensitive data (two-factor authentication,
brute-force lockout, object permissions, encryption keys, session timeouts) is read and
reviewed in one place. ``apply`` receives the settings module's namespace and extends it.

Encryption keys
    ``ADILKENT_CASES_KEYS``: comma-separated Fernet keys, newest first. The first encrypts;
    all decrypt (``MultiFernet``). To rotate: put a new key first, run
    ``manage.py cases_rotate_keys``, then drop the old key.
    ``ADILKENT_CASES_PEPPER``: secret mixed into the keyed hashes of identity numbers and
    phone numbers (duplicate detection without storing them in clear).
    Without them a **demo key** is derived from a fixed, public string: readable by anyone
    who has this source code, so only for the demo and the tests. Production settings
    (``DJANGO_SETTINGS_MODULE`` ending in ``.production``) or ``ADILKENT_REQUIRE_REAL_KEYS=1``
    refuse to start without real keys, and so does any other settings module pointed at a
    database server (not SQLite) outside the tests: a ``manage.py`` command or worker started
    on the production database without ``DJANGO_SETTINGS_MODULE`` would otherwise write
    refugee data encrypted with the public key. ``ADILKENT_ALLOW_DEMO_KEYS=1`` permits it for
    a throwaway database.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

DEMO_KEY_SEED = "adilkent-cases-DEMO-ONLY-not-for-real-data"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"ADILKENT_{name}", os.environ.get(name, default))


def demo_key(label: str) -> str:
    """A Fernet key derived from the public demo seed (never for real data)."""
    digest = hashlib.sha256(f"{DEMO_KEY_SEED}:{label}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _flag(name: str) -> bool:
    return _env(name, "0").strip().lower() in {"1", "true", "yes", "on"}


def _real_keys_required(settings: dict[str, Any]) -> str:
    """Why real keys are required here ("" when the demo keys may be used)."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if module.endswith(".production"):
        return "the production settings never use them"
    if _flag("REQUIRE_REAL_KEYS"):
        return "ADILKENT_REQUIRE_REAL_KEYS is set"
    engine = settings["DATABASES"]["default"]["ENGINE"]
    on_a_server = engine != "django.db.backends.sqlite3"
    if on_a_server and not module.endswith(".test") and not _flag("ALLOW_DEMO_KEYS"):
        return (
            f"the database is a server ({engine.rsplit('.', 1)[-1]}), not the demo's SQLite "
            f"file, and the settings are {module or 'unset'}; if this really is a throwaway "
            "database, set ADILKENT_ALLOW_DEMO_KEYS=1"
        )
    return ""


def apply(settings: dict[str, Any]) -> None:
    """Extend the base settings in place."""
    from django.core.exceptions import ImproperlyConfigured

    settings["INSTALLED_APPS"] += [
        "django_otp",
        "django_otp.plugins.otp_totp",
        "axes",
        "rules",
    ]
    middleware: list[str] = list(settings["MIDDLEWARE"])
    auth_index = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    middleware.insert(auth_index + 1, "django_otp.middleware.OTPMiddleware")
    # Axes turns a locked-out login into a clear "locked" response; it must come last.
    middleware.append("axes.middleware.AxesMiddleware")
    settings["MIDDLEWARE"] = middleware

    settings["AUTHENTICATION_BACKENDS"] = [
        # Lockout first (a login with a request is checked against failed attempts), then
        # object permissions (rules), then the ordinary user/password check.
        "adilkent.cases.auth_backends.LockoutBackend",
        "rules.permissions.ObjectPermissionBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]

    # --- brute-force lockout (django-axes) ---
    settings["AXES_FAILURE_LIMIT"] = int(_env("AXES_FAILURE_LIMIT", "5"))
    settings["AXES_COOLOFF_TIME"] = float(_env("AXES_COOLOFF_HOURS", "0.5"))  # hours
    settings["AXES_LOCKOUT_PARAMETERS"] = [["username", "ip_address"]]
    # One client-address rule for the lockout, the audit log and the rate limits.
    settings["AXES_CLIENT_IP_CALLABLE"] = "adilkent.core.clientip.client_ip_for_axes"
    settings["TRUSTED_PROXIES"] = [
        p.strip() for p in _env("TRUSTED_PROXIES", "").split(",") if p.strip()
    ]
    settings["AXES_RESET_ON_SUCCESS"] = True
    settings["AXES_LOCKOUT_TEMPLATE"] = "cases/locked_out.html"

    # --- sessions ---
    # Whole site: eight hours at most; the cases area also logs out after idle minutes.
    settings["SESSION_COOKIE_AGE"] = int(_env("SESSION_COOKIE_AGE", str(8 * 3600)))
    settings["CASES_IDLE_TIMEOUT_SECONDS"] = int(_env("CASES_IDLE_TIMEOUT", "900"))

    # --- two-factor authentication for the cases area ---
    settings["OTP_TOTP_ISSUER"] = "adilkent"
    settings["CASES_REQUIRE_OTP"] = True

    # --- encryption keys for sensitive fields ---
    raw_keys = [k.strip() for k in _env("CASES_KEYS", "").split(",") if k.strip()]
    pepper = _env("CASES_PEPPER", "")
    if not raw_keys or not pepper:
        reason = _real_keys_required(settings)
        if reason:
            raise ImproperlyConfigured(
                "ADILKENT_CASES_KEYS (Fernet keys, newest first) and ADILKENT_CASES_PEPPER "
                f"must be set: the demo keys are public and never protect real data ({reason})."
            )
        raw_keys = raw_keys or [demo_key("fernet-1")]
        pepper = pepper or demo_key("pepper")
        settings["CASES_DEMO_KEYS"] = True
    else:
        settings["CASES_DEMO_KEYS"] = False
    settings["CASES_ENCRYPTION_KEYS"] = raw_keys
    settings["CASES_IDENTITY_PEPPER"] = pepper

    # --- aggregated figures: the smallest count shown (smaller cells are suppressed) ---
    settings["CASES_MIN_CELL_SIZE"] = int(_env("CASES_MIN_CELL_SIZE", "5"))
