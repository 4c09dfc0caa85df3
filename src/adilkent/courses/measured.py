"""What the courses give the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): the funnel from course to lasting job, stage by stage,
as counted by ``employment.selectors``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from adilkent.employment.selectors import measured_counter
from adilkent.programmes.indicators import PEOPLE, Indicator


def course_indicators(*, programme: str) -> list[Indicator]:
    """The funnel from course to lasting job (``employment.selectors``), stage by stage."""
    stages = [
        ("trainees", gettext_lazy("Trainees"),
         gettext_lazy("People holding a place in a course that starts in the period.")),
        ("certified", gettext_lazy("Certificates issued"),
         gettext_lazy("Certificates of completion issued in the period and not revoked.")),
        ("referred", gettext_lazy("Trainees referred to a job"),
         gettext_lazy("Trainees whose first referral to a vacancy was made in the period.")),
        ("employed", gettext_lazy("Trainees who started work"),
         gettext_lazy("Trainees hired through a referral who started work in the period.")),
        ("employed_6m", gettext_lazy("Still employed after 6 months"),
         gettext_lazy("Six-month follow-ups made in the period that found the person still "
                      "employed.")),
    ]  # fmt: skip
    return [
        Indicator(f"records-{programme}-{stage}", programme, name, PEOPLE, method,
                  measured_counter(stage, programme))
        for stage, name, method in stages
    ]  # fmt: skip
