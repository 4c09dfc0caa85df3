"""Import an ODK Central or KoboToolbox CSV export of a survey's answers and print the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from adilkent.core.parsing import ParseError, parse_int
from adilkent.surveys.models import FormVersion, Survey
from adilkent.surveys.odk_import import ImportRefused, response_import


class Command(BaseCommand):
    help = (
        "Import FILE, an ODK Central or KoboToolbox CSV export (the main table), as answers to "
        "the survey SLUG: to form version --version N (the settings sheet's version, else the "
        "upload number; default: the latest). Prints the counts and every bad row with its "
        "reason; rows already imported are counted, not imported twice."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names the form version here, in place of the command's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--version", default="", help="form version (default: the latest)")
        parser.add_argument("--by", default="", help="username recorded in the log")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the report",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(slug=options["slug"]).first()
        if survey is None:
            raise CommandError(f"no survey with the short name {options['slug']!r}")
        version = _version(survey, str(options["version"]))
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: file not found")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user named {options['by']!r}")
        with translation.override(options["language"]):
            try:
                result = response_import(
                    survey=survey,
                    version=version,
                    handle_or_text=path.read_bytes(),
                    by=by,
                    filename=path.name,
                )
            except ImportRefused as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"{survey.slug} {version.version}: {path.name}")
            for line in result.lines():
                self.stdout.write(line)
        self.stdout.write(f"{result.seconds:.1f} s")


def _version(survey: Survey, wanted: str) -> FormVersion:
    versions = survey.versions.order_by("-number")
    if not wanted:
        found = versions.first()
        if found is None:
            raise CommandError(f"survey {survey.slug!r} has no form version yet")
        return found
    found = versions.filter(version=wanted).first()
    if found is None:
        try:
            number = parse_int(wanted, field="version", minimum=1)
        except ParseError:
            number = None
        if number is not None:
            found = versions.filter(number=number).first()
    if found is None:
        known = ", ".join(v.version for v in versions)
        raise CommandError(f"survey {survey.slug!r} has no form version {wanted!r} ({known})")
    return found
