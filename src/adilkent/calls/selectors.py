"""The public reads of calls: the calls open (and lately closed), a call's page, an applicant's
own application, the awarded grants (page and open data) and the volunteer figures.

Lists are read in a fixed number of queries (no query per row). What is published never names
a person: a grant to an individual shows as "an individual grantee", and the volunteer figures
are counts and hours with small cells withheld (:func:`adilkent.cases.figures.suppress`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.cases import conf
from adilkent.cases.figures import Cell, suppress
from adilkent.core.l10n import name_in_language, name_shown

from .models import (
    Application,
    Assignment,
    Call,
    GrantReport,
    Instalment,
    Interview,
    Review,
    Role,
)

S = Application.Status
RECENTLY_CLOSED_DAYS = 60
PUBLISHED_GRANTS = (S.AWARDED, S.CLOSED)
EXAMPLE_PREFIX = "Example call."


# --- calls ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallItem:
    call: Call
    title: str
    purpose: str
    state: str  # "open", "soon", "closed"

    @property
    def is_example(self) -> bool:
        return self.call.source.startswith(EXAMPLE_PREFIX)


def calls_open(today: dt.date) -> QuerySet[Call]:
    """The published calls taking applications on ``today``."""
    return Call.objects.filter(published=True, opens_on__lte=today, closes_on__gte=today)


def _state(call: Call, today: dt.date) -> str:
    if call.opens_on > today:
        return "soon"
    if call.closes_on < today:
        return "closed"
    return "open"


def listed_calls(today: dt.date, language: str) -> list[CallItem]:
    """The published calls open now or opening later, then those closed in the last
    :data:`RECENTLY_CLOSED_DAYS` days; each in the reader's language."""
    calls = Call.objects.filter(
        published=True, closes_on__gte=today - dt.timedelta(days=RECENTLY_CLOSED_DAYS)
    ).order_by("closes_on", "slug")
    items = [
        CallItem(
            call,
            name_in_language(call.title, language) or call.slug,
            name_in_language(call.purpose, language),
            _state(call, today),
        )
        for call in calls
    ]
    order = {"open": 0, "soon": 1, "closed": 2}
    return sorted(items, key=lambda i: order[i.state])


@dataclass(frozen=True)
class CallPage:
    item: CallItem
    eligibility: str
    languages: list[str]
    criteria: list[tuple[str, int, int, float]]  # name, weight, highest score, share of weights
    roles: list[tuple[str, str]]  # name, training it needs ("" for none)
    trainings: list[tuple[str, int]]  # name, hours


def call_page(slug: str, today: dt.date, language: str) -> CallPage | None:
    call = (
        Call.objects.filter(slug=slug, published=True)
        .prefetch_related(
            "criteria",
            "trainings",
            Prefetch("roles", queryset=Role.objects.select_related("requires_training")),
        )
        .first()
    )
    if call is None:
        return None
    weights = sum(c.weight for c in call.criteria.all()) or 1
    criteria = [
        (name_in_language(c.name, language) or c.key, c.weight, c.max_score, c.weight / weights)
        for c in call.criteria.all()
    ]
    return CallPage(
        item=CallItem(
            call,
            name_in_language(call.title, language) or call.slug,
            name_in_language(call.purpose, language),
            _state(call, today),
        ),
        eligibility=name_in_language(call.eligibility, language),
        languages=[str(code) for code in call.languages],
        criteria=criteria,
        roles=[
            (
                name_in_language(r.name, language) or r.key,
                name_in_language(r.requires_training.name, language) if r.requires_training else "",
            )
            for r in call.roles.all()
        ],
        trainings=[
            (name_in_language(t.name, language) or t.key, t.hours) for t in call.trainings.all()
        ],
    )


def call_for_form(slug: str) -> Call | None:
    """A published call with its questions, for the application form."""
    return Call.objects.filter(slug=slug, published=True).prefetch_related("questions").first()


# --- an applicant's own application (opened with its number and follow code) ----------------


@dataclass(frozen=True)
class Step:
    status: str
    label: str
    done: bool
    current: bool


VOLUNTEER_STEPS = (S.SUBMITTED, S.ELIGIBLE, S.INTERVIEWED, S.APPROVED)
GRANT_STEPS = (S.SUBMITTED, S.ELIGIBLE, S.AWARDED, S.CLOSED)


def steps_of(application: Application) -> list[Step]:
    """The steps of the application's kind, those passed marked done and the current one
    marked; an application that left the way (not eligible, not selected, withdrawn) shows
    the steps it passed."""
    steps = VOLUNTEER_STEPS if application.call.kind == Call.Kind.VOLUNTEER else GRANT_STEPS
    labels = dict(S.choices)
    status = application.status
    if status in steps:
        reached = steps.index(status)
    elif status == S.WITHDRAWN and application.decided_at is not None:
        reached = len(steps) - 2 if application.call.kind == Call.Kind.GRANT else len(steps) - 1
    elif status in (S.INELIGIBLE, S.WITHDRAWN):
        reached = 0
    else:  # rejected: after screening (and the interview for volunteers)
        reached = 1
    current = status in steps
    return [
        Step(s, str(labels[s]), n <= reached, current and n == reached) for n, s in enumerate(steps)
    ]


@dataclass
class Shown:
    """What an applicant sees of their own application."""

    application: Application
    call_title: str
    steps: list[Step]
    interviews: list[Interview] = field(default_factory=list)
    assignments: list[tuple[Assignment, str]] = field(default_factory=list)  # with role's name
    hours: Decimal = Decimal(0)
    certificate_code: str = ""
    instalments: list[Instalment] = field(default_factory=list)
    reports: list[GrantReport] = field(default_factory=list)


def application_shown(application: Application, language: str) -> Shown:
    call = application.call
    shown = Shown(
        application,
        name_in_language(call.title, language) or call.slug,
        steps_of(application),
    )
    if call.kind == Call.Kind.VOLUNTEER:
        shown.interviews = list(application.interviews.order_by("scheduled_at"))
        assignments = list(
            application.assignments.select_related("shift", "role").order_by("shift__starts_at")
        )
        shown.assignments = [
            (a, name_in_language(a.role.name, language) or a.role.key) for a in assignments
        ]
        shown.hours = sum((a.hours or Decimal(0) for a in assignments), Decimal(0))
        certificate = getattr(application, "certificate", None)
        if certificate is not None and certificate.revoked_at is None:
            shown.certificate_code = certificate.code
    else:
        shown.instalments = list(application.instalments.order_by("number"))
        shown.reports = list(application.grant_reports.select_related("instalment"))
    return shown


# --- awarded grants: the page and the open data ---------------------------------------------


@dataclass(frozen=True)
class GrantRow:
    call_slug: str
    call_title: str
    grantee: str  # an organisation's name, or "an individual grantee"
    grantee_kind: str
    individual: bool
    project_title: str
    amount_awarded: Decimal | None
    decided_on: dt.date | None
    status: str
    status_label: str
    instalments_paid: int
    instalments_total: int
    reports_accepted: int
    reviews: int  # the review trail: how many reviewers scored it, and their mean score
    mean_score: Decimal | None  # weighted, 0–100
    written_in: str = ""  # the application's language: of its organisation and project names
    call_title_lang: str = ""  # the call title's language where it is not the reader's


def awarded_grants(language: str) -> list[GrantRow]:
    """Every grant awarded or closed, of every published grant call, newest decision first:
    one query. The contact person's name, phone, IBAN and tax number are never read."""
    rows = (
        Application.objects.filter(
            call__kind=Call.Kind.GRANT, call__published=True, status__in=PUBLISHED_GRANTS
        )
        .select_related("call")
        .only(
            "applicant_kind",
            "organisation",
            "project_title",
            "amount_awarded",
            "decided_at",
            "status",
            "call__slug",
            "call__title",
            "language",
        )
        .annotate(
            n_instalments=Count("instalments", distinct=True),
            n_paid=Count(
                "instalments",
                filter=Q(instalments__status=Instalment.Status.PAID),
                distinct=True,
            ),
            n_reports=Count(
                "grant_reports",
                filter=Q(grant_reports__accepted_at__isnull=False),
                distinct=True,
            ),
            n_reviews=Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            mean_score=Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(m=Avg("weighted_score"))
                .values("m")[:1]
            ),
        )
        .order_by("-decided_at", "pk")
    )
    kinds = dict(Application.ApplicantKind.choices)
    statuses = dict(S.choices)
    individual = _("an individual grantee")
    found = []
    for a in rows:
        person = a.is_individual or not a.public_name
        found.append(
            GrantRow(
                call_slug=a.call.slug,
                call_title=name_in_language(a.call.title, language) or a.call.slug,
                call_title_lang=_other_language(a.call.title, language),
                grantee=individual if person else a.public_name,
                grantee_kind=str(kinds.get(a.applicant_kind, a.applicant_kind)),
                individual=person,
                project_title=a.project_title,
                amount_awarded=a.amount_awarded,
                decided_on=timezone.localtime(a.decided_at).date() if a.decided_at else None,
                status=a.status,
                status_label=str(statuses[a.status]),
                instalments_paid=a.n_paid,
                instalments_total=a.n_instalments,
                reports_accepted=a.n_reports,
                reviews=a.n_reviews or 0,
                mean_score=(
                    Decimal(str(a.mean_score)).quantize(Decimal("0.1"))
                    if a.mean_score is not None
                    else None
                ),
                written_in=a.language,
            )
        )
    return found


def _other_language(names: dict[str, str], language: str) -> str:
    shown = name_shown(names, language)
    return "" if shown.own or not shown.text else shown.language


def grants_open_data(language: str) -> list[dict[str, Any]]:
    """The awarded grants as open-data rows (the same for CSV, JSON and XLSX)."""
    return [
        {
            "call": r.call_slug,
            "call_title": r.call_title,
            "grantee": r.grantee,
            "grantee_kind": r.grantee_kind,
            "project_title": r.project_title,
            "amount_awarded_tl": r.amount_awarded,
            "decided_on": r.decided_on.isoformat() if r.decided_on else "",
            "status": r.status,
            "instalments_paid": r.instalments_paid,
            "instalments_total": r.instalments_total,
            "reports_accepted": r.reports_accepted,
            "reviews": r.reviews,
            "mean_review_score": r.mean_score,
        }
        for r in awarded_grants(language)
    ]


# --- volunteer figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    label: str
    applications: int | None  # None: withheld
    approved: int | None
    served: int | None  # people who served hours
    hours: Decimal | None  # withheld with ``served``


@dataclass(frozen=True)
class RoleRow:
    label: str
    served: int | None  # people who served hours in the role; None: withheld
    hours: Decimal | None  # withheld with ``served``


@dataclass(frozen=True)
class CallFigures:
    call: Call
    title: str
    total: FigureRow
    by_district: list[FigureRow]
    by_role: list[RoleRow]


def _approved() -> Q:
    # approved, or withdrawn after approval (an interview found not suitable is "rejected")
    return Q(status=S.APPROVED) | Q(status=S.WITHDRAWN, decided_at__isnull=False)


def _cells(counts: dict[str, int], minimum: int) -> dict[str, int | None]:
    return {c.label: c.count for c in suppress(counts, minimum)}


def _single(count: int, minimum: int) -> int | None:
    cells: list[Cell] = suppress({"": count}, minimum)
    return cells[0].count if cells else 0


def volunteer_figures(language: str, minimum: int | None = None) -> tuple[list[CallFigures], int]:
    """Per published volunteer call: applications, approved volunteers, people who served
    and their hours, in total, by the district of the applicant's mahalle and by the role of
    their shifts. A count below the minimum cell size is withheld (with the next smallest
    when only one would be), and hours with the count of people who served them. Four
    queries whatever the number of calls."""
    minimum = conf.min_cell_size() if minimum is None else minimum
    calls = list(
        Call.objects.filter(kind=Call.Kind.VOLUNTEER, published=True).order_by("-opens_on")
    )
    ids = [c.pk for c in calls]
    unknown = _("District not known")
    applied: dict[int, Counter[str]] = defaultdict(Counter)
    approved: dict[int, Counter[str]] = defaultdict(Counter)
    for r in (
        Application.objects.filter(call_id__in=ids)
        .values("call_id", "mahalle__district__name")
        .annotate(n=Count("pk"), ok=Count("pk", filter=_approved()))
    ):
        label = r["mahalle__district__name"] or unknown
        applied[r["call_id"]][label] += r["n"]
        approved[r["call_id"]][label] += r["ok"]
    served: dict[int, Counter[str]] = defaultdict(Counter)
    hours: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    total_served: Counter[int] = Counter()
    total_hours: dict[int, Decimal] = defaultdict(Decimal)
    served_q = Assignment.objects.filter(application__call_id__in=ids, hours__gt=0)
    for d in served_q.values(
        "application__call_id", "application__mahalle__district__name"
    ).annotate(people=Count("application_id", distinct=True), h=Sum("hours")):
        label = d["application__mahalle__district__name"] or unknown
        served[d["application__call_id"]][label] += d["people"]
        hours[d["application__call_id"]][label] += d["h"] or 0
    for t in served_q.values("application__call_id").annotate(
        people=Count("application_id", distinct=True), h=Sum("hours")
    ):
        total_served[t["application__call_id"]] = t["people"]
        total_hours[t["application__call_id"]] = t["h"] or Decimal(0)
    role_names = {
        role.pk: name_in_language(role.name, language) or role.key
        for role in Role.objects.filter(call_id__in=ids)
    }
    role_served: dict[int, Counter[str]] = defaultdict(Counter)
    role_hours: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for g in served_q.values("application__call_id", "role_id").annotate(
        people=Count("application_id", distinct=True), h=Sum("hours")
    ):
        label = role_names.get(g["role_id"], "?")
        role_served[g["application__call_id"]][label] += g["people"]
        role_hours[g["application__call_id"]][label] += g["h"] or 0

    figures = []
    for call in calls:
        a = _cells(dict(applied[call.pk]), minimum)
        ok = _cells(dict(approved[call.pk]), minimum)
        sv = _cells(dict(served[call.pk]), minimum)
        districts = sorted(set(a) | set(ok) | set(sv))
        by_district = [
            FigureRow(
                d,
                a.get(d, 0),
                ok.get(d, 0),
                sv.get(d, 0),
                hours[call.pk].get(d, Decimal(0)) if sv.get(d, 0) is not None else None,
            )
            for d in districts
        ]
        rs = _cells(dict(role_served[call.pk]), minimum)
        by_role = [
            RoleRow(role, rs[role], role_hours[call.pk][role] if rs[role] is not None else None)
            for role in sorted(rs)
        ]
        people = total_served[call.pk]
        shown_served = _single(people, minimum)
        total = FigureRow(
            _("All applicants"),
            _single(sum(applied[call.pk].values()), minimum),
            _single(sum(approved[call.pk].values()), minimum),
            shown_served,
            total_hours[call.pk] if shown_served is not None else None,
        )
        figures.append(
            CallFigures(
                call, name_in_language(call.title, language) or call.slug, total, by_district,
                by_role,
            )
        )  # fmt: skip
    return figures, minimum
