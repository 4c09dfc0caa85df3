"""Make a member of staff an editor of the knowledge pages (or stop them being one)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.knowledge import services


class Command(BaseCommand):
    help = "Let USERNAME edit the knowledge pages' texts (or stop it with --remove)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if options["remove"]:
            removed = services.knowledge_editor_remove(user=user)
            self.stdout.write(
                f"{user.get_username()} is no longer a knowledge editor"
                if removed
                else f"{user.get_username()} was not a knowledge editor"
            )
            return
        services.knowledge_editor_grant(user=user)
        self.stdout.write(f"{user.get_username()} is a knowledge editor")
