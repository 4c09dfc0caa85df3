"""What surveys give the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): the answers received in a period to the surveys of a
programme, and how many of them gave each reason for not reaching a service (cost, distance,
language, documents, disability, another), read from the forms' ``barriers_<service>``
questions. Only counts are read out of the answers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import Counts, Indicator, Window, tally, total

from .analysis import BARRIER_PREFIX
from .models import Response

#: The breakdown cells these indicators give, named by :func:`cell_label`.
CELL_FAMILIES = ("barrier",)

ANSWERS = gettext_lazy("answers")

BARRIERS = {
    "cost": gettext_lazy("Cost"),
    "distance": gettext_lazy("Distance"),
    "language": gettext_lazy("Language"),
    "documents": gettext_lazy("Documents"),
    "disability": gettext_lazy("Disability or an inaccessible building"),
    "other": gettext_lazy("Another reason"),
}


def _answers(programme: str, w: Window) -> list[dict[str, object]]:
    return list(
        Response.objects.filter(
            survey__programme__slug=programme, submitted_at__gte=w.start, submitted_at__lt=w.end
        ).values_list("answers", flat=True)
    )


def answers_received(programme: str) -> Indicator:
    def count(w: Window) -> Counts:
        return total(
            Response.objects.filter(
                survey__programme__slug=programme,
                submitted_at__gte=w.start,
                submitted_at__lt=w.end,
            ).count()
        )

    return Indicator(
        f"records-{programme}-survey-answers", programme,
        gettext_lazy("Survey answers"), ANSWERS,
        gettext_lazy("Answers received in the period to the programme's surveys (on the web, "
                     "from the field team and imported from ODK or Kobo)."),
        count,
    )  # fmt: skip


def reasons_given(answers: dict[str, object]) -> set[str]:
    """The reasons an answer gave in any of its barrier questions."""
    found: set[str] = set()
    for name, value in answers.items():
        if name.startswith(BARRIER_PREFIX) and isinstance(value, list):
            found |= {str(v) for v in value}
    return found


def answers_by_barrier(programme: str) -> Indicator:
    def count(w: Window) -> Counts:
        reasons: list[str] = []
        for answers in _answers(programme, w):
            if isinstance(answers, dict):
                reasons.extend(sorted(reasons_given(answers)))
        return tally(reasons, "barrier")

    return Indicator(
        f"records-{programme}-survey-barriers", programme,
        gettext_lazy("Survey answers giving a barrier to services"), ANSWERS,
        gettext_lazy("Answers received in the period that gave each reason for not reaching a "
                     "service, for at least one service (an answer can give several reasons)."),
        count,
    )  # fmt: skip


def survey_indicators(*, programme: str) -> list[Indicator]:
    return [answers_received(programme), answers_by_barrier(programme)]


def cell_label(family: str, code: str) -> str:
    """The name of a cell (``barrier:cost`` → "Cost", in the active language)."""
    if family == "barrier":
        return str(BARRIERS.get(code, code))
    return code
