"""Create (or reset) the staff accounts a demo is shown with, and print their credentials.

One superuser (``demo``) and one account per role (``demo-caseworker``, ``demo-operator``,
``demo-coordinator``, ``demo-dpo``: see :mod:`adilkent.core.demo_accounts`), each with its
own authenticator (TOTP). Passwords are generated at random for each run (or all taken from
``ADILKENT_DEMO_PASSWORD``), and so are the authenticators' keys (or all taken from
``ADILKENT_DEMO_TOTP_KEY``); they are printed once, with each account's current code, and
nothing about the accounts is stored in the repository. Running the command again resets the
same accounts, so it is safe to repeat. It refuses to run with the production settings.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.services.staff import authenticator_reset
from adilkent.core.demo_accounts import (
    DEFAULT_USERNAME,
    ROLE_ACCOUNTS,
    account_can,
    code_now,
    is_production,
    superuser_grant,
)

PASSWORD_ENV = "ADILKENT_DEMO_PASSWORD"  # noqa: S105 (a variable name, not a password)
USERNAME_ENV = "ADILKENT_DEMO_USERNAME"
TOTP_KEY_ENV = "ADILKENT_DEMO_TOTP_KEY"  # hex; default: a new random key each run


Row = tuple[str, str, TOTPDevice, list[str]]  # username, password, authenticator, notes


def generate_password() -> str:
    """A random password of 20 URL-safe characters (120 bits) from :mod:`secrets`."""
    return secrets.token_urlsafe(15)


class Command(BaseCommand):
    help = (
        "Create or reset the demo staff accounts (a superuser and one account per role), each "
        "with an authenticator, and print their usernames, passwords and current codes. "
        f"Passwords are random unless {PASSWORD_ENV} is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username",
            default=os.environ.get(USERNAME_ENV, DEFAULT_USERNAME),
            help=f"the superuser's name (default: ${USERNAME_ENV} or '{DEFAULT_USERNAME}')",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production():
            raise CommandError(
                "create_demo_staff makes accounts whose passwords are printed on the console; "
                "it refuses to run with the production settings. Use createsuperuser there."
            )
        superuser = str(options["username"]).strip()
        if not superuser:
            raise CommandError("The username must not be empty.")
        given = os.environ.get(PASSWORD_ENV)
        key = os.environ.get(TOTP_KEY_ENV, "")
        roles = [a for a in ROLE_ACCOUNTS if a.username != superuser]

        rows: list[Row] = []
        with transaction.atomic():
            user, password = self._reset(superuser, given, is_superuser=True)
            superuser_grant(user=user, username=superuser)
            device = authenticator_reset(user=user, key=key, name="demo authenticator")
            rows.append((superuser, password, device, []))
            for account in roles:
                user, password = self._reset(account.username, given, is_superuser=False)
                notes = account.grant(user)
                device = authenticator_reset(user=user, key=key, name="demo authenticator")
                rows.append((account.username, password, device, notes))
        self._print(rows, given=bool(given), shared_key=bool(key))

    def _reset(self, username: str, given: str | None, *, is_superuser: bool) -> tuple[Any, str]:
        """The account, made or found, active staff, with a new password."""
        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: username}
        user = user_model._default_manager.filter(**lookup).first()
        if user is None:
            user = user_model(**lookup)
        password = given or generate_password()
        if given:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(
                    f"{PASSWORD_ENV} is not an acceptable password: " + " ".join(error.messages)
                ) from error
        user.is_staff = True
        user.is_superuser = is_superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        return user, password

    def _print(self, rows: list[Row], *, given: bool, shared_key: bool) -> None:
        rule = "-" * 78
        width = max(len(row[0]) for row in rows)
        out = self.stdout.write
        out(rule)
        out(self.style.SUCCESS("The demo staff accounts (created, or reset if they existed):"))
        out(f"  {'username':<{width}}  {'password':<20}  {'code':<6}  can")
        for username, password, device, _notes in rows:
            now = code_now(device=device)
            out(f"  {username:<{width}}  {password:<20}  {now.code:<6}  {account_can(username)}")
        for username, _password, _device, notes in rows:
            for note in notes:
                out(self.style.WARNING(f"  {username}: {note}"))
        seconds = code_now(device=rows[0][2]).seconds_left
        out(
            f"  Codes at {timezone.localtime():%H:%M:%S}; a code changes every 30 s (this one in "
            f"{seconds} s): `make demo-codes` (manage.py demo_codes) prints the current ones."
        )
        out("  Sign in at /tr/accounts/login/ (the admin: /tr/admin/); the requests inbox, the")
        out("  Refugee Desk, the staff pages and the admin then ask for the six-digit code.")
        out("  Or add each account to an authenticator app with its otpauth:// address:")
        for username, _password, device, _notes in rows:
            out(f"    {username}: {device.config_url}")
        if not given:
            out(f"  (passwords random for this run; set {PASSWORD_ENV} to choose one for all)")
        if not shared_key:
            out(f"  (keys random for this run; set {TOTP_KEY_ENV} (hex) to keep one for all)")
        out(rule)
