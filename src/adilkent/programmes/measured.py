"""Programme indicators measured from adilkent's own records, month by month.

The figures quoted from the seed documents stay as they are (``KpiValue.origin`` seed); these
are counted here from the cases, referrals, requests, legal aid appointments and mobile-service
plans held by the platform and stored beside them with ``origin`` records and the source label
:data:`RECORDS_SOURCE`. Each indicator is counted for every calendar month of a year up to the
month asked for, and for the year to each month's end; counts of people and of their records
go through :mod:`.disclosure` (small cells withheld, also against subtraction) before they are
stored. Only counts are read out of the records: never a name, never a person.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adilkent.cases.figures import group_labels, person_groups
from adilkent.cases.models import Case, Person, Referral
from adilkent.cases.models.casework import Outcome as CaseOutcome
from adilkent.cases.models.people import Vulnerability
from adilkent.core.l10n import current_locale
from adilkent.enrolment.models import Application as EnrolmentApplication
from adilkent.enrolment.models import Placement as EnrolmentPlacement
from adilkent.intake.models import ChannelUsed, Event, Request
from adilkent.intake.models import Status as RequestStatus
from adilkent.legalaid.models import Appointment, AppointmentStatus, Stop, StopStatus, Topic
from adilkent.legalaid.models import Outcome as LegalOutcome
from adilkent.places.models import Mahalle
from adilkent.planner.models import PlanRun, RunStatus, Service
from adilkent.planner.selectors import mahalle_pk

RECORDS_SOURCE = "adilkent records"

Counts = dict[str, int]


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month."""

    year: int
    month: int

    _PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})$")

    @classmethod
    def parse(cls, text: str) -> Period:
        match = cls._PATTERN.match(text.strip())
        if not match:
            raise ValueError(_("Write the month as YYYY-MM, for example 2026-03."))
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("A month is a number from 1 to 12."))
        if not 2000 <= year <= 2100:
            raise ValueError(_("The year must be between 2000 and 2100."))
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def months_of_year(self) -> list[Period]:
        """January to this month."""
        return [Period(self.year, m) for m in range(1, self.month + 1)]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _moment(day: dt.date) -> dt.datetime:
    """The first instant of a local calendar day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Window:
    """From ``first`` to ``last`` (local calendar days, both included)."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return _moment(self.first)

    @property
    def end(self) -> dt.datetime:  # exclusive
        return _moment(self.last + dt.timedelta(days=1))

    @property
    def reference_day(self) -> dt.date:
        """The day ages are taken on: the window's last day, or today while it runs."""
        return min(self.last, timezone.localdate())


# --- what is counted --------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One measured indicator of one programme."""

    key: str
    programme: str
    name: Promise
    unit: Promise
    method: Promise
    count: Callable[[Window], Counts]
    #: Counts of people or of their records: small cells are withheld. Plans of places are not.
    protected: bool = True
    #: The cells share out one whole (each counted once), so shares of it can be shown.
    partition: bool = False


def _total(n: int) -> Counts:
    return {"": n}


def _tally(values: Iterable[str], prefix: str) -> Counts:
    return {f"{prefix}:{value}": n for value, n in Counter(values).items()}


# Refugee Desk


def cases_opened(w: Window) -> Counts:
    return _total(Case.objects.filter(opened_at__gte=w.start, opened_at__lt=w.end).count())


def cases_need_met(w: Window) -> Counts:
    closed = Case.objects.filter(closed_at__gte=w.start, closed_at__lt=w.end)
    return _total(closed.filter(outcome=CaseOutcome.RESOLVED).count())


def referrals_sent(w: Window) -> Counts:
    rows = Referral.objects.filter(created_at__gte=w.start, created_at__lt=w.end)
    return _tally(rows.values_list("to_unit__organisation__name", flat=True), "partner")


def referrals_completed(w: Window) -> Counts:
    rows = Referral.objects.filter(completed_at__gte=w.start, completed_at__lt=w.end)
    return _tally(rows.values_list("to_unit__organisation__name", flat=True), "partner")


def _people_reached(w: Window) -> list[Person]:
    """People with a case open at some time in the window."""
    active = Case.objects.filter(opened_at__lt=w.end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=w.start)
    )
    return list(
        Person.objects.filter(pk__in=active.values("person_id")).only(
            "gender", "birth_year", "vulnerabilities", "disability"
        )
    )


def people_reached(w: Window) -> Counts:
    return _total(len(_people_reached(w)))


def people_reached_by_group(w: Window) -> Counts:
    groups: list[str] = []
    for person in _people_reached(w):
        groups.extend(person_groups(person, w.reference_day) or {"none"})
    return _tally(groups, "group")


def _has_disability(person: Person, day: dt.date) -> bool:
    return Vulnerability.DISABILITY in person_groups(person, day)


def disability_cases_opened(w: Window) -> Counts:
    cases = Case.objects.filter(opened_at__gte=w.start, opened_at__lt=w.end).select_related(
        "person"
    )
    return _total(sum(1 for c in cases if _has_disability(c.person, c.opened_at.date())))


def disability_referrals(w: Window) -> Counts:
    referrals = Referral.objects.filter(
        created_at__gte=w.start, created_at__lt=w.end
    ).select_related("case__person")
    return _total(sum(1 for r in referrals if _has_disability(r.case.person, r.created_at.date())))


# HİM multilingual service (the requests)


def _requests(w: Window) -> Iterable[Request]:
    return Request.objects.exclude(status=RequestStatus.MERGED).filter(
        created_at__gte=w.start, created_at__lt=w.end
    )


def requests_received(w: Window) -> Counts:
    return _total(_requests(w).count())  # type: ignore[attr-defined]


def requests_by_language(w: Window) -> Counts:
    rows = _requests(w).values_list("text_language", "preferred_language")  # type: ignore[attr-defined]
    return _tally((text or preferred or "unknown" for text, preferred in rows), "language")


def requests_turkish_or_not(w: Window) -> Counts:
    rows = _requests(w).values_list("text_language", "preferred_language")  # type: ignore[attr-defined]
    return _tally(
        ("tr" if (text or preferred) == "tr" else "other" for text, preferred in rows),
        "in-turkish",
    )


def requests_by_channel(w: Window) -> Counts:
    return _tally(_requests(w).values_list("channel", flat=True), "channel")  # type: ignore[attr-defined]


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
    return _tally(outcomes, "sla")


# Legal Aid Vehicle


def _appointments(w: Window) -> Iterable[Appointment]:
    return Appointment.objects.filter(stop__date__gte=w.first, stop__date__lte=w.last)


def stops_held(w: Window) -> Counts:
    stops = Stop.objects.filter(date__gte=w.first, date__lte=w.last).exclude(
        status=StopStatus.CANCELLED
    )
    today = timezone.localdate()
    return _total(stops.filter(Q(status=StopStatus.HELD) | Q(date__lt=today)).count())


def appointments_by_status(w: Window) -> Counts:
    return _tally(_appointments(w).values_list("status", flat=True), "status")  # type: ignore[attr-defined]


def attended_by_topic(w: Window) -> Counts:
    attended = _appointments(w).filter(status=AppointmentStatus.ATTENDED)  # type: ignore[attr-defined]
    return _tally(attended.values_list("topic", flat=True), "topic")


def attended_by_outcome(w: Window) -> Counts:
    attended = _appointments(w).filter(status=AppointmentStatus.ATTENDED)  # type: ignore[attr-defined]
    return _tally((o or "none" for o in attended.values_list("outcome", flat=True)), "outcome")


# Mobile services from the planner


def planned_visits(service: str, w: Window) -> list[tuple[dt.date, int]]:
    """(day, mahalle) of every stop the planner's finished runs put in the window.

    Where runs overlap, the newest run's plan counts for the days it covers.
    """
    visits: list[tuple[dt.date, int]] = []
    claimed: list[tuple[dt.date, dt.date]] = []
    for run in PlanRun.objects.filter(service=service, status=RunStatus.DONE).order_by(
        "-created_at", "-pk"
    ):
        routes = (run.document or {}).get("routes", [])
        days = [dt.date.fromisoformat(r["date"]) for r in routes]
        if not days:
            continue
        for route, day in zip(routes, days, strict=True):
            if not w.first <= day <= w.last:
                continue
            if any(a <= day <= b for a, b in claimed):
                continue
            for stop in route["stops"]:
                pk = mahalle_pk(stop["site"])
                if pk is not None:
                    visits.append((day, pk))
        claimed.append((min(run.start_date, min(days)), max(days)))
    return visits


def _planned(service: str, what: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        visits = planned_visits(service, w)
        if what == "visits":
            return _total(len(visits))
        places = {pk for _day, pk in visits}
        if what == "villages":
            return _total(Mahalle.objects.filter(pk__in=places, is_village=True).count())
        return _total(len(places))

    return count


# --- the catalogue ----------------------------------------------------------------------------

CASES = gettext_lazy("cases")
PEOPLE = gettext_lazy("people")
REFERRALS = gettext_lazy("referrals")
REQUESTS = gettext_lazy("requests")
APPOINTMENTS = gettext_lazy("appointments")
STOPS = gettext_lazy("stops")
VISITS = gettext_lazy("visits")
NEIGHBOURHOODS = gettext_lazy("neighbourhoods")
VILLAGES = gettext_lazy("villages")
APPLICATIONS = gettext_lazy("applications")
OFFERS = gettext_lazy("offers")
PLACES = gettext_lazy("places")
REPORTS = gettext_lazy("reports")
HOURS = gettext_lazy("hours")
GRANTS = gettext_lazy("grants")
FLAGS = gettext_lazy("flags")
ASSESSMENTS = gettext_lazy("assessments")
RECOMMENDATIONS = gettext_lazy("recommendations")
INSTALMENTS = gettext_lazy("instalments")


# Enrolment in centres


def _enrolment_applications(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = EnrolmentApplication.objects.filter(
            term__programme__slug=programme, created_at__gte=w.start, created_at__lt=w.end
        )
        return _tally(rows.values_list("channel", flat=True), "enrolment-channel")

    return count


def _enrolment_offers(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = EnrolmentPlacement.objects.filter(
            application__term__programme__slug=programme,
            offered_at__gte=w.start,
            offered_at__lt=w.end,
        )
        return _tally(rows.values_list("state", flat=True), "offer")

    return count


def _enrolment_places_by_priority(programme: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        rows = EnrolmentPlacement.objects.filter(
            application__term__programme__slug=programme,
            state=EnrolmentPlacement.State.ACCEPTED,
            answered_at__gte=w.start,
            answered_at__lt=w.end,
        )
        points = rows.values_list("application__priority_points", flat=True)
        return _tally(("priority" if p else "none" for p in points), "priority")

    return count


def _enrolment_indicators(programme: str) -> list[Indicator]:
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


def _course_indicators(programme: str) -> list[Indicator]:
    """The funnel from course to lasting job (``employment.selectors``), stage by stage."""
    from adilkent.employment.selectors import measured_counter

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


def _call_indicators(programme: str, kind: str) -> list[Indicator]:
    """A programme's volunteer or grant calls (``calls.measured``)."""
    from adilkent.calls.measured import measured_counter as call_counter

    applications = Indicator(
        f"records-{programme}-call-applications", programme,
        gettext_lazy("Applications to calls"), APPLICATIONS,
        gettext_lazy("Applications received in the period to the programme's calls."),
        call_counter("applications", programme),
    )  # fmt: skip
    if kind == "volunteer":
        return [
            applications,
            Indicator(
                f"records-{programme}-volunteers-approved", programme,
                gettext_lazy("Volunteers approved"), PEOPLE,
                gettext_lazy("Volunteers approved in the period after their interview."),
                call_counter("approved", programme),
            ),
            Indicator(
                f"records-{programme}-volunteer-hours", programme,
                gettext_lazy("Hours volunteered"), HOURS,
                gettext_lazy("Hours served on the shifts that started in the period, as "
                             "recorded by the coordinators (rounded to whole hours)."),
                call_counter("hours", programme),
            ),
        ]  # fmt: skip
    return [
        applications,
        Indicator(
            f"records-{programme}-grants-awarded", programme,
            gettext_lazy("Grants awarded"), GRANTS,
            gettext_lazy("Grants awarded in the period (awards are public: no cell is "
                         "withheld)."),
            call_counter("awarded", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-instalments-paid", programme,
            gettext_lazy("Grant instalments paid"), INSTALMENTS,
            gettext_lazy("Instalments the bank statement shows paid in the period."),
            call_counter("instalments-paid", programme), protected=False,
        ),
    ]  # fmt: skip


def _red_flag_indicators() -> list[Indicator]:
    """The Red Flag registry (``redflag.measured``); example flags are not counted."""
    from adilkent.redflag.measured import measured_counter as red_flag_counter

    return [
        Indicator(
            "records-red-flag-granted", "red-flag",
            gettext_lazy("Red Flags granted"), FLAGS,
            gettext_lazy("Red Flags granted in the period on a passed assessment."),
            red_flag_counter("granted"), protected=False,
        ),
        Indicator(
            "records-red-flag-in-force", "red-flag",
            gettext_lazy("Red Flags in force"), FLAGS,
            gettext_lazy("Red Flags neither expired nor withdrawn on the last day of the "
                         "period."),
            red_flag_counter("in-force"), protected=False,
        ),
        Indicator(
            "records-red-flag-assessments", "red-flag",
            gettext_lazy("Accessibility assessments made"), ASSESSMENTS,
            gettext_lazy("Assessors' visits made in the period, passed or not."),
            red_flag_counter("assessments"), protected=False,
        ),
    ]  # fmt: skip


def _council_indicators(programme: str) -> list[Indicator]:
    """A programme's City Council bodies' recommendations (``council.measured``)."""
    from adilkent.council.measured import measured_counter as council_counter

    return [
        Indicator(
            f"records-{programme}-recommendations", programme,
            gettext_lazy("Recommendations adopted"), RECOMMENDATIONS,
            gettext_lazy("Recommendations the programme's council bodies adopted in the period "
                         "(recommendations are public: no cell is withheld)."),
            council_counter("recommendations", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-answered-in-time", programme,
            gettext_lazy("Recommendations answered in time"), RECOMMENDATIONS,
            gettext_lazy("Answers the municipal units gave in the period by the deadline."),
            council_counter("answered-in-time", programme), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-overdue", programme,
            gettext_lazy("Recommendations answered late or overdue, by unit"), RECOMMENDATIONS,
            gettext_lazy("Recommendations whose answer fell due in the period and was given "
                         "late or not at all, by the unit they were addressed to."),
            council_counter("overdue", programme, by_unit=True), protected=False,
        ),
        Indicator(
            f"records-{programme}-recommendations-accepted", programme,
            gettext_lazy("Recommendations accepted"), RECOMMENDATIONS,
            gettext_lazy("Answers given in the period that accept the recommendation wholly "
                         "or partly."),
            council_counter("accepted", programme), protected=False,
        ),
    ]  # fmt: skip


def _report_indicators(programme: str, kinds: tuple[str, ...]) -> list[Indicator]:
    """Reports to the confidential channel (``confidential.figures``): counts of the reports'
    clear facts only, never of what is encrypted."""
    from adilkent.confidential.figures import measured_counter as report_counter

    return [
        Indicator(
            f"records-{programme}-reports-received",
            programme,
            gettext_lazy("Reports received, by kind"),
            REPORTS,
            gettext_lazy(
                "Reports made through the confidential channel in the period (online, or made "
                "orally and entered by staff), by what they are about."
            ),
            report_counter("received", kinds),
            partition=True,
        ),
        Indicator(
            f"records-{programme}-reports-closed",
            programme,
            gettext_lazy("Reports closed, by outcome"),
            REPORTS,
            gettext_lazy(
                "Reports of the same kinds closed in the period, by the outcome recorded."
            ),
            report_counter("closed", kinds),
            partition=True,
        ),
    ]


def _plan_indicators(service: str, programme: str) -> list[Indicator]:
    label = Service(service).label

    def named(text: Promise) -> Promise:
        return format_lazy("{} ({})", text, label)

    return [
        Indicator(
            f"records-{service}-visits-planned",
            programme,
            named(gettext_lazy("Visits planned")),
            VISITS,
            gettext_lazy(
                "Stops on the routes of the planner's finished plans dated in the period (where "
                "plans overlap, the newest counts). A plan, not a record of visits made."
            ),
            _planned(service, "visits"),
            protected=False,
        ),
        Indicator(
            f"records-{service}-places-planned",
            programme,
            named(gettext_lazy("Neighbourhoods and villages planned to be visited")),
            NEIGHBOURHOODS,
            gettext_lazy("Different mahalleler (villages included) on those routes."),
            _planned(service, "places"),
            protected=False,
        ),
        Indicator(
            f"records-{service}-villages-planned",
            programme,
            named(gettext_lazy("Villages planned to be visited")),
            VILLAGES,
            gettext_lazy("Of those, the mahalleler that are villages."),
            _planned(service, "villages"),
            protected=False,
        ),
    ]


INDICATORS: list[Indicator] = [
    Indicator(
        "records-cases-opened",
        "refugee-desk",
        gettext_lazy("Cases opened"),
        CASES,
        gettext_lazy("Refugee Desk cases opened in the period, of every type."),
        cases_opened,
    ),
    Indicator(
        "records-cases-need-met",
        "refugee-desk",
        gettext_lazy("Cases closed with the need met"),
        CASES,
        gettext_lazy("Cases closed in the period with the outcome “need met”."),
        cases_need_met,
    ),
    Indicator(
        "records-people-reached",
        "refugee-desk",
        gettext_lazy("People reached"),
        PEOPLE,
        gettext_lazy("Different people with a case open at some time in the period."),
        people_reached,
    ),
    Indicator(
        "records-people-reached-by-group",
        "refugee-desk",
        gettext_lazy("People reached, by vulnerable group"),
        PEOPLE,
        gettext_lazy(
            "The same people by group: women and girls (recorded gender), children and older "
            "people (age from the birth year at the period's end), and the vulnerability "
            "markers recorded. A person counts in each of their groups, so the groups do not "
            "add up to the people reached."
        ),
        people_reached_by_group,
    ),
    Indicator(
        "records-referrals-sent",
        "refugee-desk",
        gettext_lazy("Referrals sent, by receiving organisation"),
        REFERRALS,
        gettext_lazy("Referrals of cases made in the period, by the organisation referred to."),
        referrals_sent,
        partition=True,
    ),
    Indicator(
        "records-referrals-completed",
        "refugee-desk",
        gettext_lazy("Referrals completed, by receiving organisation"),
        REFERRALS,
        gettext_lazy("Referrals the receiving organisation marked completed in the period."),
        referrals_completed,
        partition=True,
    ),
    Indicator(
        "records-requests-received",
        "him-multilingual",
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
        "him-multilingual",
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
        "him-multilingual",
        gettext_lazy("Requests by language"),
        REQUESTS,
        gettext_lazy("The same requests, language by language."),
        requests_by_language,
        partition=True,
    ),
    Indicator(
        "records-requests-by-channel",
        "him-multilingual",
        gettext_lazy("Requests by channel"),
        REQUESTS,
        gettext_lazy("The same requests by the channel they came through."),
        requests_by_channel,
        partition=True,
    ),
    Indicator(
        "records-requests-answered-in-time",
        "him-multilingual",
        gettext_lazy("Requests answered within the time limit"),
        REQUESTS,
        gettext_lazy(
            "The same requests by their first answer (a reply to the resident, or the request "
            "resolved, closed or rejected) against the due date set by the service's time "
            "limit when the request arrived."
        ),
        requests_answered_in_time,
        partition=True,
    ),
    Indicator(
        "records-disability-cases-opened",
        "disabled-refugees-protection",
        gettext_lazy("Cases opened for people with a disability"),
        CASES,
        gettext_lazy(
            "Refugee Desk cases opened in the period for a person with a disability described "
            "or marked in their record."
        ),
        disability_cases_opened,
    ),
    Indicator(
        "records-disability-referrals",
        "disabled-refugees-protection",
        gettext_lazy("Referrals for people with a disability"),
        REFERRALS,
        gettext_lazy("Referrals made in the period in the cases of those people."),
        disability_referrals,
    ),
    Indicator(
        "records-legal-aid-stops-held",
        "legal-aid-vehicle",
        gettext_lazy("Stops held"),
        STOPS,
        gettext_lazy(
            "Stops of the vehicle dated in the period, past and not cancelled (or marked held)."
        ),
        stops_held,
        protected=False,
    ),
    Indicator(
        "records-legal-aid-appointments",
        "legal-aid-vehicle",
        gettext_lazy("Appointments, by what became of them"),
        APPOINTMENTS,
        gettext_lazy(
            "Appointments booked for the stops of the period: still booked, attended, did not "
            "come, cancelled."
        ),
        appointments_by_status,
        partition=True,
    ),
    Indicator(
        "records-legal-aid-attended-by-topic",
        "legal-aid-vehicle",
        gettext_lazy("Appointments attended, by topic"),
        APPOINTMENTS,
        gettext_lazy("Attended appointments of the period by the topic chosen when booking."),
        attended_by_topic,
        partition=True,
    ),
    Indicator(
        "records-legal-aid-attended-by-outcome",
        "legal-aid-vehicle",
        gettext_lazy("Appointments attended, by outcome"),
        APPOINTMENTS,
        gettext_lazy("Attended appointments of the period by the outcome the lawyer recorded."),
        attended_by_outcome,
        partition=True,
    ),
    *_plan_indicators("legal-aid", "legal-aid-vehicle"),
    *_plan_indicators("library", "mobile-stage-library"),
    *_plan_indicators("stage", "mobile-stage-library"),
    *_plan_indicators("empowerment", "guclenme-duraklari"),
    *_plan_indicators("milk", "sut-kuzusu"),
    *_enrolment_indicators("cogem"),
    *_enrolment_indicators("talehouses"),
    *_enrolment_indicators("menemen-child-parent-centre"),
    *_course_indicators("meslek-fabrikasi"),
    *_report_indicators("zero-tolerance-document", ("violence", "harassment", "mobbing")),
    *_report_indicators("local-equality-action-plan", ("discrimination",)),
    *_call_indicators("esit-izmir-volunteers", "volunteer"),
    *_call_indicators("wri-social-incubation", "grant"),
    *_red_flag_indicators(),
    *_council_indicators("city-council"),
    *_council_indicators("childrens-assembly"),
]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def indicators_of(programme_slug: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.programme == programme_slug]


# --- labels of the cells (in the active language) ---------------------------------------------


def cell_label(breakdown: str) -> str:
    """The name of a breakdown cell (``language:ar`` → "Arabic" in the active language)."""
    if not breakdown:
        return _("Total")
    family, _sep, code = breakdown.partition(":")
    if family == "partner":
        return code
    if family == "unit":
        return code
    if family == "group":
        return group_labels().get(code, code)
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
    if family == "status":
        return str(dict(AppointmentStatus.choices).get(code, code))
    if family == "topic":
        return str(dict(Topic.choices).get(code, code))
    if family == "enrolment-channel":
        return str(dict(EnrolmentApplication.Channel.choices).get(code, code))
    if family == "offer":
        return str(dict(EnrolmentPlacement.State.choices).get(code, code))
    if family == "priority":
        return _("With priority points") if code == "priority" else _("Without priority points")
    if family == "outcome":
        if code == "none":
            return _("No outcome recorded")
        return str(dict(LegalOutcome.choices).get(code, code))
    if family in ("report-kind", "report-outcome"):
        from adilkent.confidential.figures import cell_label as report_cell_label

        return report_cell_label(family, code)
    return breakdown
