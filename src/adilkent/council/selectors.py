"""Reads of the council for the public pages: the tree of bodies, a body's page (its members
as the rule for children allows, its meetings, its recommendations), the recommendations with
their status, and the figures per body and per unit.

What the public sees of members: the names and roles of adult members who agreed to be listed;
of the others only counts. Children are never named: they are counted by committee, by age band
and by sex, with small cells withheld (:func:`adilkent.cases.figures.suppress`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language_info, pgettext
from django.utils.translation import gettext as _

from adilkent.cases.figures import Cell, suppress
from adilkent.core.l10n import name_in_language

from .models import ADULT_AGE, Body, Meeting, Member, Recommendation, Sex, age_on

AGE_BANDS = (("under-12", 0, 11), ("12-14", 12, 14), ("15-17", 15, 17))


def age_band(age: int) -> str:
    for key, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return "18+"


def age_band_label(key: str) -> str:
    return {"under-12": _("under 12"), "12-14": "12–14", "15-17": "15–17"}.get(key, key)


@dataclass
class Node:
    body: Body
    name: str
    children: list[Node] = field(default_factory=list)


def body_name(body: Body, language: str) -> str:
    return name_in_language(body.name, language) or body.slug


def body_tree(language: str) -> list[Node]:
    """The bodies as a tree (roots first, in their order)."""
    bodies = list(Body.objects.select_related("parent").order_by("order", "slug"))
    nodes = {b.pk: Node(b, body_name(b, language)) for b in bodies}
    roots: list[Node] = []
    for b in bodies:
        if b.parent_id is not None and b.parent_id in nodes:
            nodes[b.parent_id].children.append(nodes[b.pk])
        else:
            roots.append(nodes[b.pk])
    return roots


def descendants(body: Body) -> list[Body]:
    """``body`` and every body that is part of it."""
    found: list[Body] = []
    todo = [body]
    while todo:
        b = todo.pop(0)
        if b not in found:
            found.append(b)
            todo.extend(b.children.order_by("order", "slug"))
    return found


def current_members(bodies: list[Body], day: dt.date | None = None) -> list[Member]:
    day = day or timezone.localdate()
    return [
        m
        for m in Member.objects.filter(body__in=bodies).select_related("body")
        if m.is_current(day)
    ]


def _is_child(member: Member, day: dt.date) -> bool:
    age = member.age(day)
    return member.is_child if age is None else age < ADULT_AGE


@dataclass
class PublicMembers:
    listed: list[tuple[str, str, Member]]  # (name, role, member) of listed adults
    unlisted_adults: int
    children: Cell | None  # the total, withheld when small
    children_by_body: list[tuple[str, Cell]]
    children_by_age: list[tuple[str, Cell]]
    children_by_sex: list[tuple[str, Cell]]


def public_members(body: Body, language: str, day: dt.date | None = None) -> PublicMembers:
    """The members of ``body`` (and its committees) as the public sees them."""
    day = day or timezone.localdate()
    members = current_members([body], day)
    listed = [
        (m.full_name, m.get_role_display(), m)
        for m in members
        if m.listed and not _is_child(m, day)
    ]
    unlisted = sum(1 for m in members if not m.listed and not _is_child(m, day))
    bodies = descendants(body)
    names = {b.pk: body_name(b, language) for b in bodies}
    children = [m for m in current_members(bodies, day) if _is_child(m, day)]
    by_body = suppress(dict(Counter(names[m.body_id] for m in children)))
    by_age = suppress(
        dict(
            Counter(
                age_band(age_on(m.birth_date, day)) if m.birth_date else "unknown" for m in children
            )
        )
    )
    sexes = dict(Sex.choices)
    by_sex = suppress(dict(Counter(m.sex for m in children)))
    total = suppress({"": len(children)})
    return PublicMembers(
        listed=sorted(listed, key=lambda t: (t[2].role != "chair", t[0])),
        unlisted_adults=unlisted,
        children=total[0] if total else None,
        children_by_body=[(c.label, c) for c in by_body],
        children_by_age=[(age_band_label(c.label), c) for c in by_age],
        children_by_sex=[(str(sexes.get(c.label, c.label)), c) for c in by_sex],
    )


def language_of(code: str, reader: str) -> dict[str, Any]:
    """The name (in the reader's language) and direction of a language of a text."""
    try:
        info = get_language_info(code)
    except KeyError:
        return {"code": code, "name": code, "dir": "ltr", "other": code != reader}
    return {
        "code": code,
        "name": info["name_translated"],
        "dir": "rtl" if info["bidi"] else "ltr",
        "other": code != reader,
    }


def meetings(body: Body, language: str) -> list[dict[str, Any]]:
    found = []
    for meeting in Meeting.objects.filter(body=body).prefetch_related("agenda", "present"):
        found.append(
            {
                "meeting": meeting,
                "agenda": [item.title for item in meeting.agenda.all()],
                "present": meeting.present.count(),
                "written_in": language_of(meeting.language, language),
            }
        )
    return found


STATUSES = ("awaiting", "answered", "overdue")


def status_label(status: str) -> str:
    return {
        "awaiting": pgettext("recommendation status", "awaiting the unit's answer"),
        "answered": pgettext("recommendation status", "answered"),
        "overdue": pgettext("recommendation status", "overdue: not answered by the deadline"),
    }[status]


def recommendations(
    *, body: Body | None = None, unit: str = "", status: str = "", with_parts: bool = False
) -> list[Recommendation]:
    """Recommendations (newest first), of ``body`` (and its parts with ``with_parts``), to the
    unit named ``unit`` (its code, or the free name), with the public ``status``."""
    found: QuerySet[Recommendation] = Recommendation.objects.select_related(
        "body", "unit", "meeting"
    ).prefetch_related("progress")
    if body is not None:
        found = found.filter(body__in=descendants(body) if with_parts else [body])
    if unit:
        found = found.filter(unit__code=unit) | found.filter(unit__isnull=True, unit_name=unit)
    today = timezone.localdate()
    rows = list(found.order_by("-adopted_on", "-pk"))
    if status in STATUSES:
        rows = [r for r in rows if r.status(today) == status]
    return rows


def unit_choices() -> list[tuple[str, str]]:
    """(key, name) of the units recommendations were addressed to."""
    seen: dict[str, str] = {}
    for r in Recommendation.objects.select_related("unit"):
        key = r.unit.code if r.unit is not None else r.unit_name
        seen[key] = r.addressee
    return sorted(seen.items(), key=lambda kv: kv[1])


def export_rows(rows: list[Recommendation], language: str) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "id": r.pk,
            "body": body_name(r.body, language),
            "body_slug": r.body.slug,
            "title": r.title,
            "text": r.text,
            "language": r.language,
            "unit": r.addressee,
            "adopted_on": r.adopted_on.isoformat(),
            "answer_due": r.answer_due.isoformat(),
            "status": r.status(today),
            "answer": r.answer,
            "answer_text": r.answer_text,
            "answered_on": r.answered_on.isoformat() if r.answered_on else "",
            "answered_in_time": r.answered_in_time,
            "escalated_at": r.escalated_at.isoformat() if r.escalated_at else "",
            "progress": " | ".join(f"{p.noted_on.isoformat()}: {p.text}" for p in r.progress.all()),
        }
        for r in rows
    ]


@dataclass
class Figures:
    name: str
    recommendations: int = 0
    answered_in_time: int = 0
    answered_late: int = 0
    overdue: int = 0
    accepted: int = 0  # wholly or partly


def figures(rows: list[Recommendation], by: str, language: str) -> list[Figures]:
    """Counts per body (``by="body"``) or per unit (``by="unit"``). Recommendations and
    answers are public records of public bodies: no cell is withheld."""
    today = timezone.localdate()
    table: dict[str, Figures] = {}
    for r in rows:
        name = body_name(r.body, language) if by == "body" else r.addressee
        f = table.setdefault(name, Figures(name))
        f.recommendations += 1
        if r.answered_in_time:
            f.answered_in_time += 1
        elif r.answered:
            f.answered_late += 1
        elif r.is_overdue(today):
            f.overdue += 1
        if r.answer in (Recommendation.Answer.ACCEPTED, Recommendation.Answer.PARTLY):
            f.accepted += 1
    return sorted(table.values(), key=lambda f: f.name)
