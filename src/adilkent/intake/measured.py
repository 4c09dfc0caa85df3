"""What the requests give the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): requests received, by language, by channel and by
whether they were answered in time, for the multilingual service.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adilkent.core.l10n import current_locale
from adilkent.programmes.indicators import REQUESTS, Counts, Indicator, Window, tally, total

from .models import ChannelUsed, Event, Request
from .models import Status as RequestStatus

#: The breakdown cells these indicators give, named by :func:`cell_label`.
CELL_FAMILIES = ("language", "in-turkish", "channel", "sla")


def _requests(w: Window) -> Iterable[Request]:
    return Request.objects.exclude(status=RequestStatus.MERGED).filter(
        created_at__gte=w.start, created_at__lt=w.end
    )


def requests_received(w: Window) -> Counts:
    return total(_requests(w).count())  # type: ignore[attr-defined]


def requests_by_language(w: Window) -> Counts:
    rows = _requests(w).values_list("text_language", "preferred_language")  # type: ignore[attr-defined]
    return tally((text or preferred or "unknown" for text, preferred in rows), "language")


def requests_turkish_or_not(w: Window) -> Counts:
    rows = _requests(w).values_list("text_language", "preferred_language")  # type: ignore[attr-defined]
    return tally(
        ("tr" if (text or preferred) == "tr" else "other" for text, preferred in rows),
        "in-turkish",
    )


def requests_by_channel(w: Window) -> Counts:
    return tally(_requests(w).values_list("channel", flat=True), "channel")  # type: ignore[attr-defined]


ANSWERING_STATUSES = [RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.REJECTED]


def requests_answered_in_time(w: Window) -> Counts:
    """Each request of the window: answered by its due date, late (or overdue), or not yet due.

    Answered: the first reply to the resident, or the request resolved, closed or rejected.
    """
    requests = list(_requests(w).values_list("pk", "due_at"))  # type: ignore[attr-defined]
    first = dict(
        Event.objects.filter(request_id__in=[pk for pk, _due in requests])
        .filter(
            Q(type=Event.Type.REPLY)
            | Q(type=Event.Type.STATUS, status__in=[s.value for s in ANSWERING_STATUSES])
        )
        .values("request_id")
        .annotate(at=Min("at"))
        .values_list("request_id", "at")
    )
    now = timezone.now()
    outcomes = []
    for pk, due in requests:
        answered = first.get(pk)
        if answered is not None and (due is None or answered <= due):
            outcomes.append("met")
        elif answered is not None or (due is not None and due < now):
            outcomes.append("late")
        else:
            outcomes.append("open")
    return tally(outcomes, "sla")


def request_indicators(*, programme: str) -> list[Indicator]:
    """The requests received through every channel, and how they were answered."""
    return [
        Indicator(
            "records-requests-received",
            programme,
            gettext_lazy("Requests received"),
            REQUESTS,
            gettext_lazy(
                "Requests, applications and complaints received in the period through every "
                "channel (web, phone and visits entered by staff, API, Open311); a duplicate "
                "merged into another request is not counted again."
            ),
            requests_received,
        ),
        Indicator(
            "records-requests-in-turkish",
            programme,
            gettext_lazy("Requests in Turkish and in other languages"),
            REQUESTS,
            gettext_lazy(
                "The same requests by the language their text was written in (as detected), or "
                "the language the resident chose when the text gave none."
            ),
            requests_turkish_or_not,
            partition=True,
        ),
        Indicator(
            "records-requests-by-language",
            programme,
            gettext_lazy("Requests by language"),
            REQUESTS,
            gettext_lazy("The same requests, language by language."),
            requests_by_language,
            partition=True,
        ),
        Indicator(
            "records-requests-by-channel",
            programme,
            gettext_lazy("Requests by channel"),
            REQUESTS,
            gettext_lazy("The same requests by the channel they came through."),
            requests_by_channel,
            partition=True,
        ),
        Indicator(
            "records-requests-answered-in-time",
            programme,
            gettext_lazy("Requests answered within the time limit"),
            REQUESTS,
            gettext_lazy(
                "The same requests by their first answer (a reply to the resident, or the "
                "request resolved, closed or rejected) against the due date set by the "
                "service's time limit when the request arrived."
            ),
            requests_answered_in_time,
            partition=True,
        ),
    ]


def cell_label(family: str, code: str) -> str:
    """The name of a cell (``language:ar`` → "Arabic", in the active language)."""
    if family == "language":
        if code == "unknown":
            return _("Language not known")
        return current_locale().languages.get(code, code)
    if family == "in-turkish":
        return _("In Turkish") if code == "tr" else _("In another language")
    if family == "channel":
        return str(dict(ChannelUsed.choices).get(code, code))
    if family == "sla":
        return {
            "met": _("Answered by the due date"),
            "late": _("Answered late, or past the due date unanswered"),
            "open": _("Not answered yet, not yet due"),
        }.get(code, code)
    return code
