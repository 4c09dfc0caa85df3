"""Aggregated, de-identified figures for analysts: counts only, small cells suppressed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from . import conf
from .models import Case, Person, Referral
from .models.casework import Outcome
from .models.people import Gender, Vulnerability
from .models.referrals import ReferralState

CHILD_UNDER = 18
OLDER_FROM = 65


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: fewer than the minimum cell size, not shown

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(counts: dict[str, int], minimum: int | None = None) -> list[Cell]:
    """Counts below the minimum cell size are hidden (and so is zero's absence: no gaps).

    If exactly one cell is hidden, the next smallest is hidden too, so that a total cannot
    give the hidden one back by subtraction.
    """
    minimum = conf.min_cell_size() if minimum is None else minimum
    cells = sorted(counts.items(), key=lambda kv: kv[0])
    hidden = {k for k, v in cells if 0 < v < minimum}
    if len(hidden) == 1:
        rest = sorted(((v, k) for k, v in cells if k not in hidden and v > 0))
        if rest:
            hidden.add(rest[0][1])
    return [Cell(k, None if k in hidden else v) for k, v in cells if v > 0]


def cases_by_month() -> list[Cell]:
    rows = (
        Case.objects.annotate(month=TruncMonth("opened_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return suppress({r["month"].strftime("%Y-%m"): r["n"] for r in rows})


def cases_by(field: str) -> list[Cell]:
    allowed = {
        "type": "case_type__name",
        "nationality": "person__nationality",
        "gender": "person__gender",
        "district": "person__district__name",
        "protection_status": "person__protection_status",
    }
    rows = Case.objects.values(allowed[field]).annotate(n=Count("pk"))
    counts: Counter[str] = Counter()
    for r in rows:
        counts[str(r[allowed[field]] or "—")] += r["n"]
    return suppress(dict(counts))


def referrals_by_partner() -> list[Cell]:
    rows = Referral.objects.values("to_unit__organisation__name").annotate(n=Count("pk"))
    return suppress({r["to_unit__organisation__name"]: r["n"] for r in rows})


def person_groups(person: Person, on: dt.date) -> set[str]:
    """The vulnerable groups a person belongs to on a day, as group codes.

    Women and girls from the recorded gender; children and older people from the birth year
    (age on that day, approximate when only the year is known); people with disabilities when a
    disability is described or marked; and each vulnerability marker recorded for the person.
    The markers are special-category data and are decrypted only here, to be counted.
    """
    groups: set[str] = set()
    if person.gender == Gender.FEMALE:
        groups.add("women")
    if person.birth_year:
        age = on.year - person.birth_year
        if age < CHILD_UNDER:
            groups.add("children")
        elif age >= OLDER_FROM:
            groups.add("older")
    markers = {m.strip() for m in (person.vulnerabilities or "").split(",") if m.strip()}
    if (person.disability or "").strip():
        markers.add(Vulnerability.DISABILITY)
    groups |= markers & set(Vulnerability.values)
    return groups


def group_labels() -> dict[str, str]:
    labels = {
        "women": _("Women and girls"),
        "children": _("Children (under 18)"),
        "older": _("Older people (65 and over)"),
        "none": _("None of these groups recorded"),
    }
    labels.update({str(v): str(label) for v, label in Vulnerability.choices})
    return labels


def cases_by_group() -> list[Cell]:
    """Cases per vulnerable group of the person, at the day the case was opened.

    A case counts once in every group its person belongs to, so the cells do not add up to the
    number of cases.
    """
    labels = group_labels()
    counts: Counter[str] = Counter()
    for case in Case.objects.select_related("person").only(
        "opened_at",
        "person__gender",
        "person__birth_year",
        "person__vulnerabilities",
        "person__disability",
    ):
        groups = person_groups(case.person, case.opened_at.date()) or {"none"}
        for group in groups:
            counts[labels[group]] += 1
    return suppress(dict(counts))


def outcomes_by_type() -> list[Cell]:
    """Closed cases by type and outcome ("legal aid — need met")."""
    names = dict(Outcome.choices)
    rows = (
        Case.objects.exclude(outcome="")
        .values("case_type__name", "outcome")
        .annotate(n=Count("pk"))
    )
    return suppress(
        {f"{r['case_type__name']} — {names.get(r['outcome'], r['outcome'])}": r["n"] for r in rows}
    )


def referrals_by_partner_and_state() -> list[Cell]:
    """Referrals by receiving organisation and where they stand (accepted, completed...)."""
    names = dict(ReferralState.choices)
    rows = Referral.objects.values("to_unit__organisation__name", "state").annotate(n=Count("pk"))
    return suppress(
        {
            f"{r['to_unit__organisation__name']} — {names.get(r['state'], r['state'])}": r["n"]
            for r in rows
        }
    )


def referrals_by_month() -> list[Cell]:
    rows = (
        Referral.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return suppress({r["month"].strftime("%Y-%m"): r["n"] for r in rows})
