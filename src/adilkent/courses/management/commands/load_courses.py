"""Load Meslek Fabrikası's course centres and fields named in the seeds; with --example-course,
an example course open for applications for the demonstration."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from adilkent.courses.seed import load_courses_seed, load_example_course


class Command(BaseCommand):
    help = (
        "Create the course centres (with their district or mahalle where the seeds identify "
        "it), fields and branches named in the seed documents (idempotent). --example-course "
        "adds an example course open for applications, with example sessions and places."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--example-course", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        made = load_courses_seed()
        self.stdout.write("created: " + ", ".join(f"{n} {what}" for what, n in made.items()))
        if options["example_course"]:
            course = load_example_course(today=timezone.localdate())
            self.stdout.write(
                f"example course {course.term.name!r}: {course.sessions.count()} sessions, "
                f"applications {course.term.applications_open_on} to "
                f"{course.term.applications_close_on}"
            )
