"""What enrolment gives the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): for a centre's programme, the applications for a place
by channel, the places offered by what became of the offer, and the places taken by priority.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import (
    APPLICATIONS,
    OFFERS,
    PLACES,
    Counts,
    Indicator,
    Window,
    tally,
)

from .models import Application, Placement

#: The breakdown cells these indicators give, named by :func:`cell_label`.
CELL_FAMILIES = ("enrolment-channel", "offer", "priority")


def _enrolment_applications(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = Application.objects.filter(
            term__programme__slug=programme, created_at__gte=w.start, created_at__lt=w.end
        )
        return tally(rows.values_list("channel", flat=True), "enrolment-channel")

    return count


def _enrolment_offers(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = Placement.objects.filter(
            application__term__programme__slug=programme,
            offered_at__gte=w.start,
            offered_at__lt=w.end,
        )
        return tally(rows.values_list("state", flat=True), "offer")

    return count


def _enrolment_places_by_priority(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = Placement.objects.filter(
            application__term__programme__slug=programme,
            state=Placement.State.ACCEPTED,
            answered_at__gte=w.start,
            answered_at__lt=w.end,
        )
        points = rows.values_list("application__priority_points", flat=True)
        return tally(("priority" if p else "none" for p in points), "priority")

    return count


def enrolment_indicators(*, programme: str) -> list[Indicator]:
    """A centre's applications, offers and places taken, over its terms."""
    return [
        Indicator(
            f"records-{programme}-applications",
            programme,
            gettext_lazy("Applications for a place, by channel"),
            APPLICATIONS,
            gettext_lazy("Applications (one per child) made in the period: web, phone, desk."),
            _enrolment_applications(programme),
            partition=True,
        ),
        Indicator(
            f"records-{programme}-offers",
            programme,
            gettext_lazy("Places offered, by what became of the offer"),
            OFFERS,
            gettext_lazy(
                "Offers made in the period: still open, accepted, declined, expired, or the "
                "place given up later."
            ),
            _enrolment_offers(programme),
            partition=True,
        ),
        Indicator(
            f"records-{programme}-places-priority",
            programme,
            gettext_lazy("Places taken, by priority"),
            PLACES,
            gettext_lazy(
                "Offers accepted in the period and still held, by whether the family had "
                "priority points under the programme's rules (a place given up later leaves the "
                "count)."
            ),
            _enrolment_places_by_priority(programme),
            partition=True,
        ),
    ]


def cell_label(family: str, code: str) -> str:
    """The name of a cell (``offer:accepted`` → "accepted", in the active language)."""
    if family == "enrolment-channel":
        return str(dict(Application.Channel.choices).get(code, code))
    if family == "offer":
        return str(dict(Placement.State.choices).get(code, code))
    if family == "priority":
        return _("With priority points") if code == "priority" else _("Without priority points")
    return code
