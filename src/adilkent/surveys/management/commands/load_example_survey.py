"""Load the example survey "There is a Voice in the Neighbourhood" with its XLSForm, open."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.surveys.seed import load_example


class Command(BaseCommand):
    help = (
        "Create the example survey with the XLSForm shipped in surveys/data and open it; "
        "the form is recorded as uploaded by --by USERNAME (default: the first superuser)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", default="", help="username recorded as the uploader")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        if options["by"]:
            user = users.filter(username=options["by"]).first()
        else:
            user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("no such user: give --by USERNAME (or create a superuser first)")
        survey = load_example(by=user)
        self.stdout.write(
            f"example survey {survey.slug}: {survey.versions.count()} form version(s)"
        )
