"""``manage.py report_recipient USERNAME --role ROLE --kind harassment [--kind ...] [--escrow]``:
make a user a recipient of confidential reports, with a new key pair. The passphrase is asked
for (twice) or read from the environment variable named by ``--passphrase-env``; it is never
stored, and without it the recipient cannot read a report."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.confidential.models import Recipient, ReportKind
from adilkent.confidential.services import ReportInvalid, recipient_create


class Command(BaseCommand):
    help = "Make a user a recipient of confidential reports of some kinds, with a new key pair."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True)
        parser.add_argument("--kind", action="append", default=[])
        parser.add_argument("--escrow", action="store_true")
        parser.add_argument("--passphrase-env", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if Recipient.objects.filter(user=user).exists():
            raise CommandError(f"{user} is a recipient already")
        kinds = list(ReportKind.objects.filter(code__in=options["kind"]))
        missing = set(options["kind"]) - {k.code for k in kinds}
        if missing:
            raise CommandError(f"unknown kinds: {', '.join(sorted(missing))}")
        if options["passphrase_env"]:
            passphrase = os.environ.get(options["passphrase_env"], "")
        else:
            passphrase = getpass.getpass("Passphrase: ")
            if getpass.getpass("Again: ") != passphrase:
                raise CommandError("the two passphrases differ")
        try:
            recipient = recipient_create(
                user=user, role=options["role"], kinds=kinds, passphrase=passphrase,
                escrow=options["escrow"],
            )  # fmt: skip
        except ReportInvalid as error:
            raise CommandError(" ".join(m for ms in error.errors.values() for m in ms)) from error
        self.stdout.write(f"{recipient}: receives {', '.join(k.code for k in kinds) or 'nothing'}")
