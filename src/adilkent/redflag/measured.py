"""What the Red Flag gives the programme pages' measured indicators: counts for a period, as
``programmes.measured`` asks (``{"": n}``, a total). Example flags are not counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import ASSESSMENTS, FLAGS, Indicator

from .models import Assessment, Flag


class Days(Protocol):
    first: dt.date
    last: dt.date


def measured_counter(what: str) -> Callable[[Any], dict[str, int]]:
    """- ``granted``: flags granted in the period;
    - ``in-force``: flags in force on the last day of the period;
    - ``assessments``: assessments (visits) made in the period."""

    def count(window: Days) -> dict[str, int]:
        flags = Flag.objects.filter(is_example=False)
        if what == "granted":
            n = flags.filter(granted_on__gte=window.first, granted_on__lte=window.last).count()
        elif what == "in-force":
            day = window.last
            n = (
                flags.filter(granted_on__lte=day, expires_on__gte=day)
                .exclude(withdrawn_on__lte=day)
                .count()
            )
        elif what == "assessments":
            n = Assessment.objects.filter(
                is_example=False, visited_on__gte=window.first, visited_on__lte=window.last
            ).count()
        else:
            raise LookupError(what)
        return {"": n}

    return count


def red_flag_indicators(*, programme: str) -> list[Indicator]:
    """The Red Flag registry's flags and assessments; example flags are not counted."""
    return [
        Indicator(
            "records-red-flag-granted", programme,
            gettext_lazy("Red Flags granted"), FLAGS,
            gettext_lazy("Red Flags granted in the period on a passed assessment."),
            measured_counter("granted"), protected=False,
        ),
        Indicator(
            "records-red-flag-in-force", programme,
            gettext_lazy("Red Flags in force"), FLAGS,
            gettext_lazy("Red Flags neither expired nor withdrawn on the last day of the "
                         "period."),
            measured_counter("in-force"), protected=False,
        ),
        Indicator(
            "records-red-flag-assessments", programme,
            gettext_lazy("Accessibility assessments made"), ASSESSMENTS,
            gettext_lazy("Assessors' visits made in the period, passed or not."),
            measured_counter("assessments"), protected=False,
        ),
    ]  # fmt: skip
