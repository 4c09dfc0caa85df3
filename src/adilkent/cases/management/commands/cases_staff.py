"""Create a staff member of the cases area with a role, a unit and an authenticator."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.cases.models import Role, StaffProfile, Unit
from adilkent.cases.services.staff import authenticator_reset


class Command(BaseCommand):
    help = (
        "Create or update a cases-area staff account with a role and unit, and set up its "
        "authenticator (TOTP). Prints the otpauth:// address to add to an authenticator app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", required=True, help="unit name, e.g. 'Mülteci Masası'")
        parser.add_argument("--password", help="default: a random one, printed")
        parser.add_argument("--totp-key", help="hex key (default: a new random key)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = Unit.objects.get(name=options["unit"])
        except Unit.DoesNotExist as error:
            names = ", ".join(Unit.objects.values_list("name", flat=True))
            raise CommandError(f"no unit named {options['unit']!r}; units: {names}") from error
        password = options["password"] or secrets.token_urlsafe(12)
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=options["username"])
        user.set_password(password)
        user.save()
        StaffProfile.objects.update_or_create(
            user=user, defaults={"role": options["role"], "unit": unit}
        )
        device = authenticator_reset(user=user, key=options["totp_key"] or "")
        self.stdout.write(f"{user.username}: {Role(options['role']).label}, {unit}")
        if not options["password"]:
            self.stdout.write(f"password: {password}")
        self.stdout.write(f"authenticator: {device.config_url}")
