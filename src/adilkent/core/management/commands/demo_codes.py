"""Print the current six-digit code of each demo staff account (``make demo-codes``).

The codes are those of the authenticators ``create_demo_staff`` set up; a code changes every
30 seconds and is accepted once. Refuses to run with the production settings.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.core.demo_accounts import DEFAULT_USERNAME, code_now, demo_usernames, is_production

USERNAME_ENV = "ADILKENT_DEMO_USERNAME"


class Command(BaseCommand):
    help = "Print the current authenticator code of each demo staff account, one per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username",
            default=os.environ.get(USERNAME_ENV, DEFAULT_USERNAME),
            help=f"the demo superuser's name (default: ${USERNAME_ENV} or '{DEFAULT_USERNAME}')",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production():
            raise CommandError(
                "demo_codes prints sign-in codes on the console; it refuses to run with the "
                "production settings."
            )
        usernames = demo_usernames(superuser=str(options["username"]).strip() or DEFAULT_USERNAME)
        width = max(len(name) for name in usernames)
        users = get_user_model()._default_manager
        seconds = None
        for username in usernames:
            user = users.filter(**{get_user_model().USERNAME_FIELD: username}).first()
            device = (
                TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").last()
                if user is not None
                else None
            )
            if device is None:
                self.stdout.write(f"{username:<{width}}  ------  not set up: run make demo-staff")
                continue
            now = code_now(device=device)
            seconds = now.seconds_left
            used = f"  (used; the next code in {now.seconds_left} s)" if now.used else ""
            self.stdout.write(f"{username:<{width}}  {now.code}{used}")
        if seconds is not None:
            self.stderr.write(f"valid for {seconds} more s; a new code every 30 s")
