"""Give an existing staff account a new authenticator (TOTP) and print its otpauth:// address."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.cases.services.staff import authenticator_reset


class Command(BaseCommand):
    help = (
        "Set up (or replace) the second factor of an existing account, e.g. one made with "
        "createsuperuser: prints the otpauth:// address to add to an authenticator app. The "
        "requests inbox, the cases area and the admin ask for its code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--totp-key", default="", help="hex key (default: a new random key)")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["totp_key"]
        if key and not re.fullmatch(r"(?:[0-9a-fA-F]{2}){10,64}", key):
            raise CommandError("--totp-key must be 20 to 64 bytes written in hex (0-9, a-f)")
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account named {options['username']!r}")
        device = authenticator_reset(user=user, key=key)
        self.stdout.write(f"{user.get_username()}: authenticator {device.config_url}")
