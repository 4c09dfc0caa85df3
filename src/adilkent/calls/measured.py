"""What calls give the programme pages' measured indicators: counts for a period, as
``programmes.measured`` asks (``{"": n}``, a total). A volunteer call's programme gets its
applications, approved volunteers and hours served; a grant call's programme its applications,
grants awarded and instalments paid (:func:`call_indicators`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import (
    APPLICATIONS,
    GRANTS,
    HOURS,
    INSTALMENTS,
    PEOPLE,
    Indicator,
)

from .models import Application, Assignment, Call, Instalment


class Days(Protocol):
    first: dt.date
    last: dt.date


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def measured_counter(what: str, programme_slug: str) -> Callable[[Any], dict[str, int]]:
    """The count of ``what`` for a period, over the calls of the programme:

    - ``applications``: applications received in the period;
    - ``approved``: volunteers approved in the period;
    - ``hours``: hours served on shifts that started in the period (whole hours, rounded);
    - ``awarded``: grants awarded in the period (still awarded or since closed);
    - ``instalments-paid``: grant instalments paid in the period.
    """

    def count(window: Days) -> dict[str, int]:
        start, end = _moment(window.first), _moment(window.last + dt.timedelta(days=1))
        calls = Call.objects.filter(programme__slug=programme_slug)
        applications = Application.objects.filter(call__in=calls)
        S = Application.Status
        if what == "applications":
            n = applications.filter(created_at__gte=start, created_at__lt=end).count()
        elif what == "approved":
            # withdrawn volunteers count if they were approved first (only approval or an
            # interview's "not suitable" sets the decision of a volunteer application)
            n = applications.filter(
                decided_at__gte=start, decided_at__lt=end, status__in=[S.APPROVED, S.WITHDRAWN]
            ).count()
        elif what == "hours":
            total = Assignment.objects.filter(
                shift__call__in=calls, shift__starts_at__gte=start, shift__starts_at__lt=end
            ).aggregate(h=Sum("hours"))["h"]
            n = int(Decimal(total or 0).quantize(Decimal(1)))
        elif what == "awarded":
            n = applications.filter(
                decided_at__gte=start, decided_at__lt=end, status__in=[S.AWARDED, S.CLOSED]
            ).count()
        elif what == "instalments-paid":
            n = Instalment.objects.filter(
                application__call__in=calls,
                status=Instalment.Status.PAID,
                paid_on__gte=window.first,
                paid_on__lte=window.last,
            ).count()
        else:
            raise LookupError(what)
        return {"": n}

    return count


def call_indicators(*, programme: str, kind: str) -> list[Indicator]:
    """A programme's volunteer (``kind="volunteer"``) or grant calls."""
    applications = Indicator(
        f"records-{programme}-call-applications", programme,
        gettext_lazy("Applications to calls"), APPLICATIONS,
        gettext_lazy("Applications received in the period to the programme's calls."),
        measured_counter("applications", programme),
    )  # fmt: skip
    if kind == "volunteer":
        return [
            applications,
            Indicator(
                f"records-{programme}-volunteers-approved", programme,
                gettext_lazy("Volunteers approved"), PEOPLE,
                gettext_lazy("Volunteers approved in the period after their interview."),
                measured_counter("approved", programme),
            ),
            Indicator(
                f"records-{programme}-volunteer-hours", programme,
                gettext_lazy("Hours volunteered"), HOURS,
                gettext_lazy("Hours served on the shifts that started in the period, as "
                             "recorded by the coordinators (rounded to whole hours)."),
                measured_counter("hours", programme),
            ),
        ]  # fmt: skip
    return [
        applications,
        Indicator(
            f"records-{programme}-grants-awarded", programme,
            gettext_lazy("Grants awarded"), GRANTS,
            gettext_lazy("Grants awarded in the period (awards are public: no cell is "
                         "withheld)."),
            measured_counter("awarded", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-instalments-paid", programme,
            gettext_lazy("Grant instalments paid"), INSTALMENTS,
            gettext_lazy("Instalments the bank statement shows paid in the period."),
            measured_counter("instalments-paid", programme), protected=False,
        ),
    ]  # fmt: skip
