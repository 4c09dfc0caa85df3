"""What the Refugee Desk gives the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): cases opened and closed, people reached (in all and by
vulnerable group) and referrals, for the Refugee Desk; cases and referrals of people with a
disability, for the protection of disabled refugees. Only counts are read out of the records.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import (
    CASES,
    PEOPLE,
    REFERRALS,
    Counts,
    Indicator,
    Window,
    tally,
    total,
)

from .figures import group_labels, person_groups
from .models import Case, Person, Referral
from .models.casework import Outcome as CaseOutcome
from .models.people import Vulnerability

#: The breakdown cells these indicators give, named by :func:`cell_label`.
CELL_FAMILIES = ("group",)


def cases_opened(w: Window) -> Counts:
    return total(Case.objects.filter(opened_at__gte=w.start, opened_at__lt=w.end).count())


def cases_need_met(w: Window) -> Counts:
    closed = Case.objects.filter(closed_at__gte=w.start, closed_at__lt=w.end)
    return total(closed.filter(outcome=CaseOutcome.RESOLVED).count())


def referrals_sent(w: Window) -> Counts:
    rows = Referral.objects.filter(created_at__gte=w.start, created_at__lt=w.end)
    return tally(rows.values_list("to_unit__organisation__name", flat=True), "partner")


def referrals_completed(w: Window) -> Counts:
    rows = Referral.objects.filter(completed_at__gte=w.start, completed_at__lt=w.end)
    return tally(rows.values_list("to_unit__organisation__name", flat=True), "partner")


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
    return total(len(_people_reached(w)))


def people_reached_by_group(w: Window) -> Counts:
    groups: list[str] = []
    for person in _people_reached(w):
        groups.extend(person_groups(person, w.reference_day) or {"none"})
    return tally(groups, "group")


def _has_disability(person: Person, day: dt.date) -> bool:
    return Vulnerability.DISABILITY in person_groups(person, day)


def disability_cases_opened(w: Window) -> Counts:
    cases = Case.objects.filter(opened_at__gte=w.start, opened_at__lt=w.end).select_related(
        "person"
    )
    return total(sum(1 for c in cases if _has_disability(c.person, c.opened_at.date())))


def disability_referrals(w: Window) -> Counts:
    referrals = Referral.objects.filter(
        created_at__gte=w.start, created_at__lt=w.end
    ).select_related("case__person")
    return total(sum(1 for r in referrals if _has_disability(r.case.person, r.created_at.date())))


def case_indicators(*, programme: str) -> list[Indicator]:
    """The Refugee Desk's cases, people reached and referrals."""
    return [
        Indicator(
            "records-cases-opened",
            programme,
            gettext_lazy("Cases opened"),
            CASES,
            gettext_lazy("Refugee Desk cases opened in the period, of every type."),
            cases_opened,
        ),
        Indicator(
            "records-cases-need-met",
            programme,
            gettext_lazy("Cases closed with the need met"),
            CASES,
            gettext_lazy("Cases closed in the period with the outcome “need met”."),
            cases_need_met,
        ),
        Indicator(
            "records-people-reached",
            programme,
            gettext_lazy("People reached"),
            PEOPLE,
            gettext_lazy("Different people with a case open at some time in the period."),
            people_reached,
        ),
        Indicator(
            "records-people-reached-by-group",
            programme,
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
            programme,
            gettext_lazy("Referrals sent, by receiving organisation"),
            REFERRALS,
            gettext_lazy("Referrals of cases made in the period, by the organisation referred to."),
            referrals_sent,
            partition=True,
        ),
        Indicator(
            "records-referrals-completed",
            programme,
            gettext_lazy("Referrals completed, by receiving organisation"),
            REFERRALS,
            gettext_lazy("Referrals the receiving organisation marked completed in the period."),
            referrals_completed,
            partition=True,
        ),
    ]


def case_disability_indicators(*, programme: str) -> list[Indicator]:
    """Cases and referrals of people with a disability."""
    return [
        Indicator(
            "records-disability-cases-opened",
            programme,
            gettext_lazy("Cases opened for people with a disability"),
            CASES,
            gettext_lazy(
                "Refugee Desk cases opened in the period for a person with a disability "
                "described or marked in their record."
            ),
            disability_cases_opened,
        ),
        Indicator(
            "records-disability-referrals",
            programme,
            gettext_lazy("Referrals for people with a disability"),
            REFERRALS,
            gettext_lazy("Referrals made in the period in the cases of those people."),
            disability_referrals,
        ),
    ]


def cell_label(family: str, code: str) -> str:
    """The name of a cell (``group:women`` → "Women and girls", in the active language)."""
    if family == "group":
        return group_labels().get(code, code)
    return code
