"""Build the demo database: the real İzmir places, then each pillar's content from the seeds.

Each step is an idempotent command of its own app; this one runs them in order so that
``make demo-data``, the browser tests and a deployment build the same database.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The example survey's form is recorded as uploaded by someone; the demo's staff accounts are
# made after this command (``create_demo_staff``), so it is this account, which cannot sign in.
EXAMPLE_AUTHOR = "example-content"

# (command and arguments, what it does). The service guide is seeded by its own data migration.
STEPS: list[tuple[list[str], str]] = [
    (
        ["import_izmir"],
        "places, population, boundaries, facilities and transit from the real files",
    ),
    (["load_programmes"], "the programme registry, KPIs and checklist from the seed documents"),
    (
        ["load_centres", "--example-term"],
        "the centres named in the seeds, and an example term open for applications",
    ),
    (
        ["load_courses", "--example-course"],
        "Meslek Fabrikası's course centres and fields named in the seeds, and an example course",
    ),
    (["load_report_kinds"], "the kinds of report the confidential channel takes"),
    (
        ["load_units"],
        "the units named in the seeds that handle requests, routing rules, reply templates",
    ),
    (
        ["load_knowledge"],
        "the staff knowledge pages (the employees' booklet), a starter set in six languages",
    ),
    (
        ["load_example_survey", "--by", EXAMPLE_AUTHOR],
        "an example survey in six languages, open for answers",
    ),
    (["load_calls"], "an example volunteer call and an example micro-grant call"),
    (["load_council"], "the City Council and its bodies named by the seed documents"),
    (
        ["load_red_flag", "--example"],
        "example (invented) Red Flag assessments and flags on a few real facilities",
    ),
    (
        ["intake_train_classifier"],
        "the request classifier's first version, trained on the guide's texts and stored",
    ),
    (["run_access_analysis", "hospital"], "access to hospitals for every mahalle (straight line)"),
    (["plan_mobile_service", "library"], "the mobile library's visit plan for the villages"),
    (["plan_mobile_service", "legal-aid"], "the Legal Aid Vehicle's stops"),
    (["publish_legal_aid_stops"], "the Legal Aid Vehicle's stops, open for booking"),
    (
        ["plan_mobile_service", "employment-point", "--seconds", "0.3"],
        "the mobile employment point's stops (the Legal Aid Vehicle's rule: the seed gives none)",
    ),
    (
        ["plan_mobile_service", "milk", "--seconds", "0.1"],
        "Süt Kuzusu: 614 mahalle shared among 58 teams, a month of routes (short solver budget)",
    ),
    (
        ["plan_mobile_service", "empowerment", "--seconds", "0.2"],
        "Güçlenme Durakları: stops in 8 mahalle for the programme's 330 women",
    ),
    (
        ["plan_mobile_service", "stage", "--seconds", "0.2"],
        "Mobil Sahne: the two mobile stages' evenings in outer places, 90 days",
    ),
    (
        ["update_measured_kpis"],
        "programme indicators measured from the platform's records (month and year to date)",
    ),
]


def example_author_ensure() -> None:
    """The inactive account, without a usable password, that example content is recorded as
    made by (it is not staff and cannot sign in)."""
    user_model = get_user_model()
    user, created = user_model._default_manager.get_or_create(
        **{user_model.USERNAME_FIELD: EXAMPLE_AUTHOR}, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()


class Command(BaseCommand):
    help = "Build the demo data set (real İzmir data and the seed documents' content)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        example_author_ensure()
        for number, (command, what) in enumerate(STEPS, start=1):
            self.stderr.write(f"==> [{number}/{len(STEPS)}] {' '.join(command)}: {what}")
            call_command(*command, stdout=self.stdout, stderr=self.stderr)
        self.stderr.write(f"==> demo data ready in {time.perf_counter() - started:.1f} s")
