"""Reads of employment: the staff lists, and the public funnel from course to work.

The funnel follows the trainees of a programme's courses (an accepted place in a course's
class; a person who took two courses counts once per course) through four further stages:

* certified: the course's certificate, not revoked;
* referred: a job seeker's profile made from that course application has at least one
  referral;
* employed: one of those referrals ended in "hired";
* still employed at 6 months: the 6-month follow-up of a hired referral found the person
  still in work.

Each stage counts the trainees who reached it, whether or not they passed the stage before
(a trainee may be referred without a certificate); the last two are within "referred". Every
count is of people: small cells are withheld by :func:`adilkent.cases.figures.suppress`
(totals too), so the page shows aggregates only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adilkent.cases import conf
from adilkent.cases.figures import Cell, suppress
from adilkent.courses.models import CentrePlace, Certificate, Course, Trainee
from adilkent.enrolment.models import Placement
from adilkent.programmes.models import KpiOrigin, KpiValue, Programme, TargetGroup

from .models import FollowUp, Profile, Referral, Vacancy

DEFAULT_PROGRAMME = "meslek-fabrikasi"

STAGES = ("trainees", "certified", "referred", "employed", "employed_6m")

# the registry's indicators quoted from the seed documents, beside the stage they speak of
SEED_KPIS = {
    "trainees": "trainees",
    "certificates": "certified",
    "job-referrals": "referred",
    "people-employed": "employed",
}

BREAKDOWNS = ("year", "field", "district", "sex", "age_band", "group")


def stage_names() -> dict[str, str]:
    return {
        "trainees": _("Trainees"),
        "certified": _("Certified"),
        "referred": _("Referred to a job"),
        "employed": _("Employed"),
        "employed_6m": _("Still employed after 6 months"),
    }


def breakdown_names() -> dict[str, str]:
    return {
        "year": _("Year the course started"),
        "field": _("Field of the course"),
        "district": _("District of the course centre"),
        "sex": _("Sex"),
        "age_band": _("Age on the course's first day"),
        "group": _("Groups declared"),
    }


# declared groups named as a category of people (the application form words them as the
# applicant's own answer)
GROUP_NAMES = {
    "women": gettext_lazy("Women"),
    "youth": gettext_lazy("Young people"),
    "roma": gettext_lazy("Roma"),
    "refugee_or_migrant": gettext_lazy("Refugees and migrants"),
    "low_income": gettext_lazy("Low-income households"),
    "disability": gettext_lazy("People with a disability"),
    "disability_in_household": gettext_lazy("A disability in the household"),
    "single_parent": gettext_lazy("Single parents"),
    "rural": gettext_lazy("Residents of villages and outlying areas"),
}


def group_label(code: str) -> str:
    if code in GROUP_NAMES:
        return str(GROUP_NAMES[code])
    found = TargetGroup.objects.filter(key=code.replace("_", "-")).first()
    return found.name if found is not None else code


# --- the funnel -------------------------------------------------------------------------------


def course_placements(programme_slug: str) -> QuerySet[Placement]:
    """The accepted places in the classes of the programme's courses: its trainees."""
    return Placement.objects.filter(
        state=Placement.State.ACCEPTED,
        group__term__programme__slug=programme_slug,
        group__term__course__isnull=False,
    )


@dataclass(frozen=True)
class StageSets:
    """The course applications (ids) that reached each stage."""

    trainees: set[int]
    certified: set[int]
    referred: set[int]
    employed: set[int]
    employed_6m: set[int]

    def of(self, stage: str) -> set[int]:
        found: set[int] = getattr(self, stage)
        return found


def stage_sets(programme_slug: str) -> StageSets:
    applications = course_placements(programme_slug).values("application_id")
    certified = Certificate.objects.filter(
        application_id__in=applications, revoked_at__isnull=True
    ).values_list("application_id", flat=True)
    referred = (
        Profile.objects.filter(application_id__in=applications, referrals__isnull=False)
        .values_list("application_id", flat=True)
        .distinct()
    )
    employed = Referral.objects.filter(
        profile__application_id__in=applications, outcome=Referral.Outcome.HIRED
    ).values_list("profile__application_id", flat=True)
    six = FollowUp.objects.filter(
        referral__profile__application_id__in=applications,
        referral__outcome=Referral.Outcome.HIRED,
        months=6,
        employed=True,
    ).values_list("referral__profile__application_id", flat=True)
    return StageSets(
        trainees=set(applications.values_list("application_id", flat=True)),
        certified=set(certified),
        referred={pk for pk in referred if pk is not None},
        employed={pk for pk in employed if pk is not None},
        employed_6m={pk for pk in six if pk is not None},
    )


def _categories(programme_slug: str, by: str) -> dict[int, list[str]]:
    """The category (or, for declared groups, the categories) of each trainee. Only the
    column a breakdown needs is read, and nothing encrypted."""
    placements = course_placements(programme_slug)
    out: dict[int, list[str]] = {}
    unknown = _("Not known")
    if by == "year":
        for application_id, starts_on in placements.values_list(
            "application_id", "group__term__starts_on"
        ):
            out[application_id] = [str(starts_on.year)]
    elif by == "field":
        fields = {
            c.term_id: str(c.branch.field)
            for c in Course.objects.filter(term__programme__slug=programme_slug).select_related(
                "branch__field"
            )
        }
        for application_id, term_id in placements.values_list("application_id", "group__term_id"):
            out[application_id] = [fields.get(term_id) or unknown]
    elif by == "district":
        districts = dict(CentrePlace.objects.values_list("centre_id", "district__name"))
        for application_id, centre_id in placements.values_list(
            "application_id", "group__centre_id"
        ):
            out[application_id] = [districts.get(centre_id) or unknown]
    elif by == "sex":
        labels = dict(Trainee.Sex.choices)
        for application_id, sex in placements.values_list(
            "application_id", "application__trainee__sex"
        ):
            # no course record of the trainee: nothing said
            out[application_id] = [str(labels.get(sex or Trainee.Sex.UNSAID, sex))]
    elif by == "age_band":
        # the band kept with the trainee's course record (the birth date itself is erased at
        # the end of the application's retention)
        for application_id, band in placements.values_list(
            "application_id", "application__trainee__age_band"
        ):
            out[application_id] = [band or unknown]
    elif by == "group":
        names: dict[str, str] = {}
        for application_id, codes in placements.values_list(
            "application_id", "application__trainee__groups"
        ):
            declared = sorted(set(codes or []))
            for code in declared:
                if code not in names:
                    names[code] = group_label(code)
            out[application_id] = [names[c] for c in declared] or [_("No group declared")]
    else:
        raise ValueError(f"unknown breakdown {by!r}")
    return out


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: withheld (fewer than the minimum cell size)
    width: int  # the bar's length, in per cent of the stage's largest cell


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    total: int | None  # None: withheld
    rows: list[Row]
    share: float | None  # of the trainees (0 to 1), when both are shown


@dataclass(frozen=True)
class SeedFigure:
    """An indicator of the programme as its source document states it."""

    stage: str
    name: str
    value: Decimal | None
    unit: str
    period: str
    text: str  # the sentence, as written
    source: str  # the document
    note: str


@dataclass(frozen=True)
class Funnel:
    programme_slug: str
    programme_name: str
    by: str
    by_name: str
    stages: list[Stage]
    seed: list[SeedFigure]
    minimum: int
    partition: bool  # every trainee is in exactly one category (not so for groups)


def _rows(cells: Iterable[Cell]) -> list[Row]:
    cells = list(cells)
    top = max((c.count for c in cells if c.count is not None), default=0)
    return [
        Row(c.label, c.count, round(100 * c.count / top) if c.count and top else 0) for c in cells
    ]


def seed_figures(programme_slug: str) -> list[SeedFigure]:
    """The programme's figures quoted from its source documents for the funnel's stages."""
    values = (
        KpiValue.objects.filter(
            programme__slug=programme_slug, origin=KpiOrigin.SEED, kpi__key__in=list(SEED_KPIS)
        )
        .select_related("kpi")
        .order_by("pk")
    )
    figures = [
        SeedFigure(
            stage=SEED_KPIS[v.kpi.key],
            name=v.kpi.name,
            value=v.value,
            unit=v.kpi.unit,
            period=v.period_text or (str(v.year) if v.year else ""),
            text=v.original_text,
            source=v.seed,
            note=_("target") if v.is_target else "",
        )
        for v in values
    ]
    return sorted(figures, key=lambda f: STAGES.index(f.stage))


def funnel(*, programme_slug: str = DEFAULT_PROGRAMME, by: str) -> Funnel:
    """The programme's trainees stage by stage, each stage by ``by`` (one of
    :data:`BREAKDOWNS`) with small cells withheld, its total, and the seed figures."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    sets = stage_sets(programme_slug)
    categories = _categories(programme_slug, by)
    names = stage_names()
    minimum = conf.min_cell_size()
    stages = []
    trainees_total: int | None = None
    for key in STAGES:
        reached = sets.of(key)
        counts: Counter[str] = Counter()
        for application_id in reached:
            counts.update(categories.get(application_id, [_("Not known")]))
        (total_cell,) = suppress({"": len(reached)}, minimum) or [Cell("", 0)]
        total = total_cell.count
        if key == "trainees":
            trainees_total = total
        share = total / trainees_total if total is not None and trainees_total else None
        stages.append(Stage(key, names[key], total, _rows(suppress(dict(counts), minimum)), share))
    programme = Programme.objects.filter(slug=programme_slug).first()
    return Funnel(
        programme_slug=programme_slug,
        programme_name=programme.name if programme is not None else programme_slug,
        by=by,
        by_name=breakdown_names()[by],
        stages=stages,
        seed=seed_figures(programme_slug),
        minimum=minimum,
        partition=by != "group",
    )


# --- indicators measured from the records (for the programme page) ------------------------------


class Days(Protocol):
    """A period of local calendar days, both included (``programmes.measured.Window``)."""

    first: dt.date
    last: dt.date


def measured_counter(
    stage: str, programme_slug: str = DEFAULT_PROGRAMME
) -> Callable[[Any], dict[str, int]]:
    """A count of one funnel stage for a period, as ``programmes.measured`` counts:
    trainees of courses starting in the period, certificates issued in it, trainees referred
    in it (first referral), trainees who started work in it, 6-month follow-ups made in it
    that found the person still employed. Returned as ``{"": n}`` (a total)."""

    def count(window: Days) -> dict[str, int]:
        applications = course_placements(programme_slug).values("application_id")
        first, last = window.first, window.last
        if stage == "trainees":
            n = (
                course_placements(programme_slug)
                .filter(group__term__starts_on__gte=first, group__term__starts_on__lte=last)
                .count()
            )
        elif stage == "certified":
            n = Certificate.objects.filter(
                application_id__in=applications,
                revoked_at__isnull=True,
                issued_on__gte=first,
                issued_on__lte=last,
            ).count()
        elif stage == "referred":
            firsts: dict[int, dt.date] = {}
            for application_id, day in Referral.objects.filter(
                profile__application_id__in=applications
            ).values_list("profile__application_id", "referred_on"):
                if application_id not in firsts or day < firsts[application_id]:
                    firsts[application_id] = day
            n = sum(1 for day in firsts.values() if first <= day <= last)
        elif stage == "employed":
            n = (
                Referral.objects.filter(
                    profile__application_id__in=applications,
                    outcome=Referral.Outcome.HIRED,
                    started_on__gte=first,
                    started_on__lte=last,
                )
                .values("profile__application_id")
                .distinct()
                .count()
            )
        elif stage == "employed_6m":
            n = (
                FollowUp.objects.filter(
                    referral__profile__application_id__in=applications,
                    referral__outcome=Referral.Outcome.HIRED,
                    months=6,
                    employed=True,
                    checked_on__gte=first,
                    checked_on__lte=last,
                )
                .values("referral__profile__application_id")
                .distinct()
                .count()
            )
        else:
            raise ValueError(f"unknown stage {stage!r}")
        return {"": n}

    return count


# --- staff lists ------------------------------------------------------------------------------


def profiles() -> QuerySet[Profile]:
    return Profile.objects.select_related("mahalle__district").order_by("-created_at")


def open_vacancies(today: dt.date) -> QuerySet[Vacancy]:
    """Vacancies taking referrals today."""
    return (
        Vacancy.objects.filter(opened_on__lte=today)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("employer")
        .order_by("employer__name", "title")
    )


def trainees_to_register(limit: int = 50) -> list[Placement]:
    """Trainees of vocational courses (any programme) who have no job seeker's profile yet,
    newest course first."""
    registered = Profile.objects.filter(application__isnull=False).values("application_id")
    return list(
        Placement.objects.filter(
            state=Placement.State.ACCEPTED,
            group__term__course__kind=Course.Kind.COURSE,
            application__personal_data_erased_at__isnull=True,
        )
        .exclude(application_id__in=registered)
        .select_related("application", "group__term")
        .order_by("-group__term__starts_on", "pk")[:limit]
    )
