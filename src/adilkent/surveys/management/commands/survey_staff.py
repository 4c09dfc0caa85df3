"""Give or take a staff member's role on a survey (or, with --all, on every survey)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.surveys.models import Survey, SurveyStaff


class Command(BaseCommand):
    help = (
        "Let USERNAME run the survey SLUG (upload its forms, open and close it), or with --all "
        "every survey, including creating new ones; --remove takes the role away."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("slug", nargs="?", default="")
        parser.add_argument("--all", action="store_true", help="every survey, and new ones")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if bool(options["slug"]) == bool(options["all"]):
            raise CommandError("give either a survey's SLUG or --all")
        survey = None
        if options["slug"]:
            survey = Survey.objects.filter(slug=options["slug"]).first()
            if survey is None:
                raise CommandError(f"no survey with the short name {options['slug']!r}")
        what = survey.slug if survey else "every survey"
        if options["remove"]:
            n, _d = SurveyStaff.objects.filter(user=user, survey=survey).delete()
            self.stdout.write(f"removed {n} role(s)")
            return
        SurveyStaff.objects.get_or_create(user=user, survey=survey)
        self.stdout.write(f"{user.get_username()} runs {what}")
