"""Create (or reset) the staff account a demo is shown with, and print its credentials.

The password is generated at random for each run (or taken from ``ADILKENT_DEMO_PASSWORD``)
and is printed once; nothing about the account is stored in the repository. Running the
command again resets the password of the same account, so it is safe to repeat.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

PASSWORD_ENV = "ADILKENT_DEMO_PASSWORD"  # noqa: S105 (a variable name, not a password)
USERNAME_ENV = "ADILKENT_DEMO_USERNAME"
TOTP_KEY_ENV = "ADILKENT_DEMO_TOTP_KEY"  # hex; default: a new random key each run
DEFAULT_USERNAME = "demo"


def generate_password() -> str:
    """A random password of 20 URL-safe characters (120 bits) from :mod:`secrets`."""
    return secrets.token_urlsafe(15)


class Command(BaseCommand):
    help = (
        "Create or reset a staff superuser for the demo and print its username and password. "
        f"The password is random unless {PASSWORD_ENV} is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username",
            default=os.environ.get(USERNAME_ENV, DEFAULT_USERNAME),
            help=f"account name (default: ${USERNAME_ENV} or '{DEFAULT_USERNAME}')",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production"):
            raise CommandError(
                "create_demo_staff makes an account whose password is printed on the console; "
                "it refuses to run with the production settings. Use createsuperuser there."
            )
        username = str(options["username"]).strip()
        if not username:
            raise CommandError("The username must not be empty.")

        user_model = get_user_model()
        given = os.environ.get(PASSWORD_ENV)
        password = given if given else generate_password()

        with transaction.atomic():
            lookup = {user_model.USERNAME_FIELD: username}
            user = user_model._default_manager.filter(**lookup).first()
            created = user is None
            if user is None:
                user = user_model(**lookup)
            if given:
                try:
                    validate_password(password, user)
                except ValidationError as error:
                    raise CommandError(
                        f"{PASSWORD_ENV} is not an acceptable password: " + " ".join(error.messages)
                    ) from error
            user.is_staff = True
            user.is_superuser = True
            user.is_active = True
            user.set_password(password)
            user.save()
            # The requests inbox, the cases area and the admin ask for a second factor (TOTP).
            from adilkent.cases.services.staff import authenticator_reset

            device = authenticator_reset(
                user=user, key=os.environ.get(TOTP_KEY_ENV, ""), name="demo authenticator"
            )
            # Coordinator of the centre programmes loaded in the demo (enrolment staff pages).
            from adilkent.enrolment.models import StaffAccess
            from adilkent.programmes.models import Programme

            for programme in Programme.objects.filter(centres__isnull=False).distinct():
                StaffAccess.objects.get_or_create(
                    user=user, role=StaffAccess.Role.COORDINATOR, programme=programme
                )
            if username == DEFAULT_USERNAME:
                # The demo account runs the example calls (coordinator and finance, not a
                # reviewer: a call's panel is other people). Other accounts get call roles
                # only when given (manage.py call_staff).
                from adilkent.calls.models import Call, CallStaff

                for call in Call.objects.all():
                    for role in (CallStaff.Role.COORDINATOR, CallStaff.Role.FINANCE):
                        CallStaff.objects.get_or_create(call=call, user=user, role=role)
                # ... coordinates the council's top bodies (and so the bodies under them),
                # and assesses and grants Red Flags
                from adilkent.council.models import Body, BodyStaff
                from adilkent.redflag.models import RedFlagStaff

                for body in Body.objects.filter(parent__isnull=True):
                    BodyStaff.objects.get_or_create(
                        body=body, user=user, role=BodyStaff.Role.COORDINATOR
                    )
                for flag_role in RedFlagStaff.Role:
                    RedFlagStaff.objects.get_or_create(user=user, role=flag_role)

        action = "Created" if created else "Reset"
        rule = "-" * 60
        self.stdout.write(rule)
        self.stdout.write(self.style.SUCCESS(f"{action} the demo staff account (superuser):"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
        self.stdout.write("  sign in at /tr/accounts/login/ or /tr/admin/")
        self.stdout.write(
            "  second factor for the requests inbox: add this to an authenticator app:\n"
            f"  {device.config_url}"
        )
        if not given:
            self.stdout.write(
                f"  (random for this run; set {PASSWORD_ENV} to choose one, run again to reset)"
            )
        self.stdout.write(rule)
