"""What the council gives the programme pages' measured indicators: counts for a period over
the bodies of a programme (the programme's bodies and those of its sub-programmes), as
``programmes.measured`` asks (``{"": n}``, or cells ``unit:<name>`` per unit with
``by_unit``):

- ``recommendations``: recommendations adopted in the period;
- ``answered-in-time``: answers given in the period by their due day;
- ``overdue``: recommendations whose answer fell due in the period and is not given yet, or
  was given after the due day;
- ``accepted``: answers given in the period that accept the recommendation, wholly or partly.

Recommendations are public records of public bodies: the indicators are not protected.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import RECOMMENDATIONS, Indicator
from adilkent.programmes.models import Programme

from .models import Recommendation


class Days(Protocol):
    first: dt.date
    last: dt.date


def _programmes(slug: str) -> list[Programme]:
    found: list[Programme] = []
    todo = list(Programme.objects.filter(slug=slug))
    while todo:
        programme = todo.pop(0)
        if programme not in found:
            found.append(programme)
            todo.extend(Programme.objects.filter(parent=programme))
    return found


def measured_counter(
    what: str, programme_slug: str, by_unit: bool = False
) -> Callable[[Any], dict[str, int]]:
    def count(window: Days) -> dict[str, int]:
        rows = Recommendation.objects.filter(
            body__programme__in=_programmes(programme_slug)
        ).select_related("unit")
        first, last = window.first, window.last
        if what == "recommendations":
            rows = rows.filter(adopted_on__gte=first, adopted_on__lte=last)
        elif what == "answered-in-time":
            rows = rows.filter(answered_on__gte=first, answered_on__lte=last).filter(
                answered_on__lte=F("answer_due")
            )
        elif what == "overdue":
            rows = rows.filter(answer_due__gte=first, answer_due__lte=last).filter(
                Q(answered_on__isnull=True) | Q(answered_on__gt=F("answer_due"))
            )
            today = timezone.localdate()
            rows = rows.filter(Q(answered_on__isnull=False) | Q(answer_due__lt=today))
        elif what == "accepted":
            rows = rows.filter(
                answered_on__gte=first,
                answered_on__lte=last,
                answer__in=[Recommendation.Answer.ACCEPTED, Recommendation.Answer.PARTLY],
            )
        else:
            raise LookupError(what)
        if by_unit:
            return dict(Counter(f"unit:{r.addressee}" for r in rows))
        return {"": rows.count()}

    return count


def council_indicators(*, programme: str) -> list[Indicator]:
    """The recommendations of a programme's City Council bodies, and their answers."""
    return [
        Indicator(
            f"records-{programme}-recommendations", programme,
            gettext_lazy("Recommendations adopted"), RECOMMENDATIONS,
            gettext_lazy("Recommendations the programme's council bodies adopted in the period "
                         "(recommendations are public: no cell is withheld)."),
            measured_counter("recommendations", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-answered-in-time", programme,
            gettext_lazy("Recommendations answered in time"), RECOMMENDATIONS,
            gettext_lazy("Answers the municipal units gave in the period by the deadline."),
            measured_counter("answered-in-time", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-overdue", programme,
            gettext_lazy("Recommendations answered late or overdue, by unit"), RECOMMENDATIONS,
            gettext_lazy("Recommendations whose answer fell due in the period and was given "
                         "late or not at all, by the unit they were addressed to."),
            measured_counter("overdue", programme, by_unit=True), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-accepted", programme,
            gettext_lazy("Recommendations accepted"), RECOMMENDATIONS,
            gettext_lazy("Answers given in the period that accept the recommendation wholly "
                         "or partly."),
            measured_counter("accepted", programme), protected=False,
        ),
    ]  # fmt: skip
